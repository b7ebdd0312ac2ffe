#include "timing/db.hpp"

#include <sqlite3.h>

#include <utility>

#include <fmt/format.h>

namespace fl::timing {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
    const int ext = db ? sqlite3_extended_errcode(db) : rc;
    const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw DbError(ext, fmt::format("{}: {} (SQLite code {})", what, msg, ext));
}

}  // namespace

DbError::DbError(int extended_code, const std::string& message)
    : Error(message), code_(extended_code) {}
bool DbError::is_constraint() const { return primary_code() == SQLITE_CONSTRAINT; }
bool DbError::is_busy() const {
    return primary_code() == SQLITE_BUSY || primary_code() == SQLITE_LOCKED;
}
bool DbError::is_full() const { return primary_code() == SQLITE_FULL; }
bool DbError::is_readonly() const { return primary_code() == SQLITE_READONLY; }

Connection::Connection(const std::string& path, Mode mode) : path_(path) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    switch (mode) {
        case Mode::read_write_create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
        case Mode::read_write: flags |= SQLITE_OPEN_READWRITE; break;
        case Mode::read_only: flags |= SQLITE_OPEN_READONLY; break;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    // close_v2 defers the close until the last statement is finalized.
    db_ = std::shared_ptr<sqlite3>(raw, [](sqlite3* p) { sqlite3_close_v2(p); });
    if (rc != SQLITE_OK) fail(raw, rc, fmt::format("cannot open race file '{}'", path));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
}

Connection::~Connection() { close(); }
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&& o) noexcept {
    if (this != &o) {
        close();
        db_ = std::move(o.db_);
        path_ = std::move(o.path_);
        cache_ = std::move(o.cache_);
    }
    return *this;
}

void Connection::close() noexcept {
    cache_.clear();
    if (!db_ || read_only()) return;
    // Timers copy the race file alone (USB stick, e-mail): whatever program wrote it leaves
    // the file complete when it ends, not only the last connection to close (SQLite's own
    // checkpoint on close needs a writable last connection, and the service's readers close
    // last). A TRUNCATE checkpoint takes the write lock and then waits for readers: with a
    // busy timeout it would hold up the running service's commits (its acknowledgements) while
    // another reader (a backup) finishes. So each attempt does not wait (it copies what it can
    // and gives the lock back), and attempts are retried for at most 2 s; past that, the other
    // program checkpoints when it ends.
    sqlite3_busy_timeout(db_.get(), 0);
    try {
        for (int attempt = 0; attempt < 40 && !checkpoint(); ++attempt) sqlite3_sleep(50);
    } catch (...) {
        // Closing never fails: the log stays beside the file and SQLite applies it on the next open.
    }
}

void Connection::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        const int ext = sqlite3_extended_errcode(db_.get());
        throw DbError(ext, fmt::format("{}: {} (SQLite code {})", path_, msg, ext));
    }
}

bool Connection::checkpoint() {
    const int rc =
        sqlite3_wal_checkpoint_v2(db_.get(), "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return false;
    if (rc != SQLITE_OK) fail(db_.get(), rc, fmt::format("cannot checkpoint '{}'", path_));
    return true;
}

void Connection::copy_into(Connection& dest) {
    const auto backup = std::unique_ptr<sqlite3_backup, int (*)(sqlite3_backup*)>(
        sqlite3_backup_init(dest.handle(), "main", db_.get(), "main"), sqlite3_backup_finish);
    if (!backup) {
        fail(dest.handle(), sqlite3_errcode(dest.handle()),
             fmt::format("cannot copy '{}' into '{}'", path_, dest.path()));
    }
    // All pages in one step: one read transaction, so one consistent moment. A writer in WAL
    // mode never blocks it; a busy destination is retried a bounded number of times.
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 100; ++attempt) {
        rc = sqlite3_backup_step(backup.get(), -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        sqlite3_sleep(50);
    }
    if (rc != SQLITE_DONE) {
        throw DbError(rc, fmt::format("cannot copy '{}' into '{}': {} (SQLite code {})", path_,
                                      dest.path(), sqlite3_errstr(rc), rc));
    }
}

Statement Connection::prepare(std::string_view sql) { return Statement(db_, sql); }

Statement& Connection::cached(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end()) {
        it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
    }
    it->second->reset();
    return *it->second;
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}
int Connection::changes() const { return sqlite3_changes(db_.get()); }

bool Connection::read_only() const { return sqlite3_db_readonly(db_.get(), "main") == 1; }

std::int64_t Connection::pragma_int(std::string_view pragma) {
    // Pragma names cannot be bound; callers pass compile-time names only.
    auto st = prepare(fmt::format("PRAGMA {}", pragma));
    return st.step() ? st.column_int64(0) : 0;
}

Statement::Statement(std::shared_ptr<sqlite3> db, std::string_view sql) : db_(std::move(db)) {
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db_.get(), rc, fmt::format("cannot prepare '{}'", sql));
}
Statement::~Statement() { sqlite3_finalize(stmt_); }
Statement::Statement(Statement&& o) noexcept
    : db_(std::move(o.db_)), stmt_(std::exchange(o.stmt_, nullptr)) {}
Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(stmt_);
        db_ = std::move(o.db_);
        stmt_ = std::exchange(o.stmt_, nullptr);
    }
    return *this;
}

#define FL_CHECK_BIND(call)                                                  \
    do {                                                                     \
        const int rc_ = (call);                                              \
        if (rc_ != SQLITE_OK) fail(db_.get(), rc_, "cannot bind parameter"); \
    } while (0)

Statement& Statement::bind(int i, std::int64_t v) {
    FL_CHECK_BIND(sqlite3_bind_int64(stmt_, i, v));
    return *this;
}
Statement& Statement::bind(int i, double v) {
    FL_CHECK_BIND(sqlite3_bind_double(stmt_, i, v));
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    // A null data pointer would bind SQL NULL; an empty view is the empty string.
    FL_CHECK_BIND(sqlite3_bind_text64(stmt_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT,
                                      SQLITE_UTF8));
    return *this;
}
Statement& Statement::bind(int i, std::nullopt_t) {
    FL_CHECK_BIND(sqlite3_bind_null(stmt_, i));
    return *this;
}
#undef FL_CHECK_BIND

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const int ext = sqlite3_extended_errcode(db_.get());
    std::string msg = sqlite3_errmsg(db_.get());
    sqlite3_reset(stmt_);
    throw DbError(ext, fmt::format("{} (SQLite code {}) in '{}'", msg, ext, sqlite3_sql(stmt_)));
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
std::int64_t Statement::column_int64(int c) const { return sqlite3_column_int64(stmt_, c); }
double Statement::column_double(int c) const { return sqlite3_column_double(stmt_, c); }
std::string_view Statement::column_text_view(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c)))
             : std::string_view{};
}
std::string Statement::column_text(int c) const { return std::string(column_text_view(c)); }
std::optional<std::int64_t> Statement::column_opt_int64(int c) const {
    if (is_null(c)) return std::nullopt;
    return column_int64(c);
}
std::optional<double> Statement::column_opt_double(int c) const {
    if (is_null(c)) return std::nullopt;
    return column_double(c);
}
std::optional<std::string> Statement::column_opt_text(int c) const {
    if (is_null(c)) return std::nullopt;
    return column_text(c);
}

Transaction::Transaction(Connection& db) : db_(&db) { db_->cached("BEGIN IMMEDIATE").run(); }

Transaction::~Transaction() {
    if (done_) return;
    try {
        db_->cached("ROLLBACK").run();
    } catch (...) {
        // A failed rollback leaves SQLite to roll back on close; never throw here.
    }
}

void Transaction::commit() {
    db_->cached("COMMIT").run();
    done_ = true;
}

}  // namespace fl::timing
