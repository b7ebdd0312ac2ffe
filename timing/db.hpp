#pragma once
// A small RAII layer over SQLite: Connection, Statement, Transaction. sqlite3.h stays out of
// this header. Every statement is prepared; values are bound, never spliced into SQL.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "timing/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace fl::timing {

// A failed SQLite call; carries SQLite's extended result code (e.g. SQLITE_CONSTRAINT_UNIQUE).
class DbError : public Error {
public:
    DbError(int extended_code, const std::string& message);
    int extended_code() const { return code_; }
    int primary_code() const { return code_ & 0xff; }
    bool is_constraint() const;
    bool is_busy() const;
    bool is_full() const;
    bool is_readonly() const;

private:
    int code_;
};

class Statement;

class Connection {
public:
    enum class Mode { read_write_create, read_write, read_only };
    explicit Connection(const std::string& path, Mode mode = Mode::read_write_create);
    ~Connection();
    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs SQL text that takes no parameters (schema, pragmas). Never for input data.
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    // A prepared statement kept for the connection's lifetime, reset before it is returned.
    Statement& cached(std::string_view sql);

    std::int64_t last_insert_rowid() const;
    int changes() const;
    // True when SQLite could only open the file for reading (write-protected file or disk).
    bool read_only() const;
    std::int64_t pragma_int(std::string_view pragma);  // "user_version", "page_size", ...

    // Moves what the write-ahead log (the `-wal` file) holds into the database file and
    // empties the log, so the database file alone holds every commit. Returns false when
    // another connection's open transaction kept it from completing (it is then that
    // connection's program which checkpoints when it ends). The destructor of a writable
    // connection runs it.
    bool checkpoint();
    // Copies this database into `dest` with SQLite's online backup, page by page, inside one
    // read transaction: the copy is one moment of the file even while others keep writing.
    // When this connection is already in a read transaction, the copy is of that snapshot.
    void copy_into(Connection& dest);
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_.get(); }

private:
    void close() noexcept;

    std::shared_ptr<sqlite3> db_;
    std::string path_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// A statement keeps its connection's handle alive (shared ownership), so it can never
// outlive the database it was prepared on.
class Statement {
public:
    Statement(std::shared_ptr<sqlite3> db, std::string_view sql);
    ~Statement();
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }
    Statement& bind(int index, std::nullopt_t);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }
    // Binds all arguments in order, starting at parameter 1.
    template <class... Args>
    Statement& bind_all(const Args&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    // Advances: true when a row is available, false when done. Throws DbError on failure.
    bool step();
    // Steps a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();  // also clears bindings

    bool is_null(int column) const;
    std::int64_t column_int64(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::string_view column_text_view(int column) const;  // valid until the next step
    std::optional<std::int64_t> column_opt_int64(int column) const;
    std::optional<double> column_opt_double(int column) const;
    std::optional<std::string> column_opt_text(int column) const;

private:
    std::shared_ptr<sqlite3> db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE on construction; rolls back in the destructor unless committed. The
// destructor never throws.
class Transaction {
public:
    explicit Transaction(Connection& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection* db_;
    bool done_ = false;
};

}  // namespace fl::timing
