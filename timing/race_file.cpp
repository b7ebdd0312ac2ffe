#include "timing/race_file.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "timing/schema.hpp"

namespace fl::timing {
namespace {

std::optional<Instant> opt_instant(const Statement& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return instant_from_micros(st.column_int64(col));
}
std::optional<std::int64_t> opt_micros(const std::optional<Instant>& t) {
    if (!t) return std::nullopt;
    return to_micros(*t);
}

void read_common(const Statement& st, Read& r, bool with_raw) {
    r.id = st.column_int64(0);
    r.reader_id = st.column_int64(1);
    r.timing_point_id = st.column_opt_int64(2);
    r.kind = parse_read_kind(st.column_text_view(3)).value_or(ReadKind::tag);
    r.chip.assign(st.column_text_view(4));
    r.device_time = opt_instant(st, 5);
    r.receive_time = instant_from_micros(st.column_int64(6));
    r.rssi = st.column_opt_double(7);
    r.hits = st.is_null(8) ? std::nullopt : std::optional<int>(static_cast<int>(st.column_int64(8)));
    r.location.assign(st.column_text_view(9));
    r.device_seq = st.column_int64(10);
    r.flags = static_cast<std::uint32_t>(st.column_int64(11));
    if (with_raw) r.raw.assign(st.column_text_view(12));
}

// A race file always has a schema version. A file at version 0 that already holds tables
// belongs to another program: never add our schema to it (nor switch it to WAL). Runs before
// any pragma that writes.
void refuse_foreign_file(Connection& db, const std::string& path, bool allow_empty) {
    if (db.pragma_int("user_version") != 0) return;
    auto st = db.prepare("SELECT count(*) FROM sqlite_master");
    const bool empty = st.step() && st.column_int64(0) == 0;
    if (empty && allow_empty) return;
    if (empty) {
        throw Error(fmt::format("'{}' is not a FinishLine race file (it is empty): create it "
                                "with 'finishline init {} --config race.toml'",
                                path, path));
    }
    throw Error(fmt::format("'{}' is not a FinishLine race file (it holds other tables): give "
                            "the race a file of its own, e.g. 'finishline init race.db "
                            "--config race.toml'",
                            path));
}

}  // namespace

void resolve_config_paths(RaceConfig& cfg, const std::string& dir) {
    const auto resolve = [&](std::optional<std::string>& path) {
        if (path && !path->empty() && std::filesystem::path(*path).is_relative() && !dir.empty())
            path = (std::filesystem::path(dir) / *path).lexically_normal().string();
    };
    resolve(cfg.results.age_grade_table);
    if (cfg.mqtt) resolve(cfg.mqtt->tls_ca);
}

RaceFile::RaceFile(Connection db) : db_(std::move(db)) {}

RaceFile RaceFile::init(const std::string& path, std::string_view toml_text,
                        std::string_view source, const std::string& config_dir) {
    auto cfg = parse_config(toml_text, source);
    resolve_config_paths(cfg, config_dir);
    RaceFile file{Connection(path, Connection::Mode::read_write_create)};
    try {
        refuse_foreign_file(file.db_, path, true);
        apply_pragmas(file.db_);
        migrate(file.db_);
    } catch (const DbError& e) {
        throw Error(fmt::format("'{}' is not a FinishLine race file ({})", path, e.what()));
    }
    Transaction tx(file.db_);
    file.store_config(cfg, toml_text, config_dir);
    tx.commit();
    file.load_config();
    return file;
}

RaceFile::RaceFile(const std::string& path, Access access)
    : db_([&] {
          if (!std::filesystem::exists(path)) {
              throw Error(fmt::format("race file '{}' does not exist: create it with "
                                      "'finishline init {} --config race.toml'",
                                      path, path));
          }
          return Connection(path, access == Access::read_only ? Connection::Mode::read_only
                                                              : Connection::Mode::read_write);
      }()),
      read_only_(access == Access::read_only) {
    try {
        refuse_foreign_file(db_, path, false);
        // SQLite opens a write-protected file read-only without a word; every later write
        // would fail. Whoever asked to write is told now, before taking any input.
        if (!read_only_ && db_.read_only())
            throw Error(fmt::format("race file '{}' is read-only: make it writable (chmod u+w "
                                    "'{}') or move it to a writable disk",
                                    path, path));
        apply_pragmas(db_);
        if (read_only_) {
            const auto version = db_.pragma_int("user_version");
            // migrate() refuses a newer file before it writes anything: the same message here.
            if (version > latest_schema_version()) migrate(db_);
            if (version < latest_schema_version())
                throw Error(fmt::format("'{}' was written by an older FinishLine (schema version "
                                        "{}, now {}): open it once for writing to upgrade it, "
                                        "e.g. 'finishline init {} --config race.toml'",
                                        path, version, latest_schema_version(), path));
        } else {
            migrate(db_);
        }
        load_config();
    } catch (const DbError& e) {
        throw Error(fmt::format("'{}' is not a FinishLine race file ({})", path, e.what()));
    }
}

void RaceFile::load_config() {
    auto& st = db_.cached("SELECT config_toml, config_dir FROM race WHERE id = 1");
    if (!st.step()) {
        throw Error(fmt::format("'{}' holds no race: run 'finishline init {} --config race.toml'",
                                path(), path()));
    }
    const auto text = st.column_text(0);
    const auto dir = st.column_text(1);
    st.reset();
    config_ = parse_config(text, fmt::format("{} (stored config)", path()));
    resolve_config_paths(config_, dir);

    auto id_of = [&](std::string_view sql, auto... keys) -> std::int64_t {
        auto& q = db_.cached(sql);
        q.bind_all(keys...);
        const auto id = q.step() ? q.column_int64(0) : 0;
        q.reset();
        return id;
    };
    for (auto& e : config_.events) {
        e.id = id_of("SELECT id FROM events WHERE name = ?", std::string_view(e.name));
        for (auto& w : e.waves)
            w.id = id_of("SELECT id FROM waves WHERE event_id = ? AND name = ?", e.id,
                         std::string_view(w.name));
    }
    for (auto& p : config_.timing_points)
        p.id = id_of("SELECT id FROM timing_points WHERE name = ?", std::string_view(p.name));
    for (auto& r : config_.readers)
        r.id = id_of("SELECT id FROM readers WHERE name = ?", std::string_view(r.name));
}

void RaceFile::store_config(const RaceConfig& cfg, std::string_view toml_text,
                            const std::string& config_dir) {
    db_.cached(R"(INSERT INTO race(id, name, date, timezone, config_toml, config_dir, updated_us)
                  VALUES (1, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT(id) DO UPDATE SET name = excluded.name, date = excluded.date,
                    timezone = excluded.timezone, config_toml = excluded.config_toml,
                    config_dir = excluded.config_dir, updated_us = excluded.updated_us)")
        .bind_all(std::string_view(cfg.name), format_date(cfg.date), std::string_view(cfg.timezone),
                  toml_text, std::string_view(config_dir), to_micros(RaceCalendar::now()))
        .run();

    // Events and waves that participants still use must stay.
    db_.exec("UPDATE events SET active = 0; UPDATE waves SET active = 0; "
             "UPDATE timing_points SET active = 0; UPDATE readers SET active = 0;");
    for (const auto& e : cfg.events) {
        db_.cached(R"(INSERT INTO events(name, distance_m, start_tod_us, rank_by, min_time_us)
                      VALUES (?, ?, ?, ?, ?)
                      ON CONFLICT(name) DO UPDATE SET distance_m = excluded.distance_m,
                        start_tod_us = excluded.start_tod_us, rank_by = excluded.rank_by,
                        min_time_us = excluded.min_time_us, active = 1)")
            .bind_all(std::string_view(e.name), e.distance_m, e.start.count(), to_string(e.rank_by),
                      e.min_time.count())
            .run();
        for (const auto& w : e.waves) {
            db_.cached(R"(INSERT INTO waves(event_id, name, offset_us)
                          VALUES ((SELECT id FROM events WHERE name = ?), ?, ?)
                          ON CONFLICT(event_id, name) DO UPDATE SET offset_us = excluded.offset_us,
                            active = 1)")
                .bind_all(std::string_view(e.name), std::string_view(w.name), w.offset.count())
                .run();
        }
    }
    auto& orphans = db_.cached(R"(
        SELECT e.name, w.name, count(*) FROM participants p
        JOIN events e ON e.id = p.event_id LEFT JOIN waves w ON w.id = p.wave_id
        WHERE e.active = 0 OR w.active = 0 GROUP BY e.name, w.name)");
    if (orphans.step()) {
        const auto event = orphans.column_text(0);
        const auto wave = orphans.column_opt_text(1);
        const auto n = orphans.column_int64(2);
        orphans.reset();
        throw Error(fmt::format("the new config drops {} \"{}\", which {} participant(s) are "
                                "entered in: keep it in the config or re-import them first",
                                wave ? "wave" : "event", wave ? *wave : event, n));
    }
    orphans.reset();
    for (const auto& p : cfg.timing_points) {
        db_.cached(R"(INSERT INTO timing_points(name, role, distance_m) VALUES (?, ?, ?)
                      ON CONFLICT(name) DO UPDATE SET role = excluded.role,
                        distance_m = excluded.distance_m, active = 1)")
            .bind_all(std::string_view(p.name), to_string(p.role), p.distance_m)
            .run();
    }
    for (const auto& r : cfg.readers) {
        db_.cached(R"(INSERT INTO readers(name, protocol) VALUES (?, ?)
                      ON CONFLICT(name) DO UPDATE SET protocol = excluded.protocol, active = 1)")
            .bind_all(std::string_view(r.name), protocol_name(r.protocol))
            .run();
    }
}

std::map<std::int64_t, std::string> RaceFile::reader_names() {
    std::map<std::int64_t, std::string> out;
    auto& st = db_.cached("SELECT id, name FROM readers");
    while (st.step()) out[st.column_int64(0)] = st.column_text(1);
    st.reset();
    return out;
}

std::vector<Participant> RaceFile::participants(std::string_view event) {
    std::map<std::int64_t, std::vector<std::string>> chips;
    {
        auto& st = db_.cached("SELECT participant_id, chip FROM chips ORDER BY chip");
        while (st.step()) chips[st.column_int64(0)].push_back(st.column_text(1));
    }
    auto& st = db_.cached(R"(
        SELECT p.id, p.bib, p.name, p.gender, p.birthdate, p.age, e.name, w.name, p.category, p.team
        FROM participants p JOIN events e ON e.id = p.event_id LEFT JOIN waves w ON w.id = p.wave_id
        WHERE ?1 = '' OR e.name = ?1
        ORDER BY length(p.bib), p.bib)");
    st.bind(1, event);
    std::vector<Participant> out;
    while (st.step()) {
        Participant p;
        p.id = st.column_int64(0);
        p.bib = st.column_text(1);
        p.name = st.column_text(2);
        p.gender = parse_gender(st.column_text_view(3));
        if (auto b = st.column_opt_text(4)) p.birthdate = parse_date(*b);
        if (auto a = st.column_opt_int64(5)) p.age = static_cast<int>(*a);
        p.event = st.column_text(6);
        p.wave = st.column_opt_text(7).value_or("");
        p.category = st.column_text(8);
        p.team = st.column_text(9);
        if (auto it = chips.find(p.id); it != chips.end()) p.chips = std::move(it->second);
        out.push_back(std::move(p));
    }
    st.reset();
    return out;
}

std::optional<Participant> RaceFile::participant(std::string_view bib) {
    // Participant lists are small next to reads; one query path keeps the mapping in one place.
    for (auto& p : participants())
        if (p.bib == bib) return std::move(p);
    return std::nullopt;
}

std::optional<std::int64_t> RaceFile::append_read(const NewRead& r) {
    auto& st = db_.cached(R"(
        INSERT INTO reads(reader_id, timing_point_id, kind, chip, device_time_us, receive_time_us,
                          rssi, hits, location, device_seq, flags, raw)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(reader_id, device_seq) DO NOTHING)");
    st.bind_all(r.reader_id, r.timing_point_id, to_string(r.kind), std::string_view(r.chip),
                opt_micros(r.device_time), to_micros(r.receive_time), r.rssi, r.hits,
                std::string_view(r.location), r.device_seq, static_cast<std::int64_t>(r.flags),
                std::string_view(r.raw));
    st.run();
    if (db_.changes() == 0) return std::nullopt;
    return db_.last_insert_rowid();
}

std::optional<std::int64_t> RaceFile::append_entry(const NewEntry& e) {
    auto& st = db_.cached(R"(
        INSERT INTO entries(kind, bib, event_id, wave_id, time_us, source, device_seq, created_us)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(source, device_seq) DO NOTHING)");
    st.bind_all(to_string(e.kind), std::string_view(e.bib), e.event_id, e.wave_id,
                to_micros(e.time), std::string_view(e.source), e.device_seq,
                to_micros(RaceCalendar::now()));
    st.run();
    if (db_.changes() == 0) return std::nullopt;
    return db_.last_insert_rowid();
}

std::int64_t RaceFile::append_correction(const NewCorrection& c) {
    auto& st = db_.cached(R"(
        INSERT INTO corrections(kind, read_id, entry_id, target_id, bib, chip, event_id, wave_id,
                                time_us, data, reason, who, created_us)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))");
    st.bind_all(to_string(c.kind), c.read_id, c.entry_id, c.target_id, std::string_view(c.bib),
                std::string_view(c.chip), c.event_id, c.wave_id, opt_micros(c.time),
                std::string_view(c.data), std::string_view(c.reason), std::string_view(c.who),
                to_micros(RaceCalendar::now()));
    st.run();
    return db_.last_insert_rowid();
}

void RaceFile::append_clock_sync(const ClockSync& s) {
    db_.cached("INSERT INTO clock_syncs(reader_id, measured_us, offset_us) VALUES (?, ?, ?)")
        .bind_all(s.reader_id, to_micros(s.measured), s.offset.count())
        .run();
}

std::optional<std::int64_t> RaceFile::last_device_seq(std::int64_t reader_id) {
    auto& st = db_.cached("SELECT max(device_seq) FROM reads WHERE reader_id = ?");
    st.bind(1, reader_id);
    std::optional<std::int64_t> out;
    if (st.step()) out = st.column_opt_int64(0);
    st.reset();
    return out;
}

void RaceFile::scan_reads(std::int64_t after_id, const std::function<void(const Read&)>& fn,
                          bool with_raw) {
    // A fresh statement: callers may append while scanning.
    auto st = db_.prepare(R"(
        SELECT id, reader_id, timing_point_id, kind, chip, device_time_us, receive_time_us, rssi,
               hits, location, device_seq, flags, CASE WHEN ?2 THEN raw ELSE '' END
        FROM reads WHERE id > ?1 ORDER BY id)");
    st.bind_all(after_id, std::int64_t{with_raw});
    Read r;
    while (st.step()) {
        read_common(st, r, with_raw);
        fn(r);
    }
}

std::vector<Read> RaceFile::reads(std::int64_t after_id) {
    std::vector<Read> out;
    scan_reads(after_id, [&](const Read& r) { out.push_back(r); }, true);
    return out;
}

std::vector<Entry> RaceFile::entries(std::int64_t after_id) {
    auto st = db_.prepare(R"(
        SELECT id, kind, bib, event_id, wave_id, time_us, source, device_seq, created_us
        FROM entries WHERE id > ? ORDER BY id)");
    st.bind(1, after_id);
    std::vector<Entry> out;
    while (st.step()) {
        Entry e;
        e.id = st.column_int64(0);
        e.kind = parse_entry_kind(st.column_text_view(1)).value_or(EntryKind::finish);
        e.bib = st.column_text(2);
        e.event_id = st.column_opt_int64(3);
        e.wave_id = st.column_opt_int64(4);
        e.time = instant_from_micros(st.column_int64(5));
        e.source = st.column_text(6);
        e.device_seq = st.column_opt_int64(7);
        e.created = instant_from_micros(st.column_int64(8));
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<Correction> RaceFile::corrections(std::int64_t after_id) {
    auto st = db_.prepare(R"(
        SELECT id, kind, read_id, entry_id, target_id, bib, chip, event_id, wave_id, time_us, data,
               reason, who, created_us
        FROM corrections WHERE id > ? ORDER BY id)");
    st.bind(1, after_id);
    std::vector<Correction> out;
    while (st.step()) {
        auto kind = parse_correction_kind(st.column_text_view(1));
        if (!kind) {
            throw Error(fmt::format("{}: correction {} has kind '{}', unknown to this FinishLine: "
                                    "use a newer finishline",
                                    path(), st.column_int64(0), st.column_text(1)));
        }
        Correction c;
        c.id = st.column_int64(0);
        c.kind = *kind;
        c.read_id = st.column_opt_int64(2);
        c.entry_id = st.column_opt_int64(3);
        c.target_id = st.column_opt_int64(4);
        c.bib = st.column_text(5);
        c.chip = st.column_text(6);
        c.event_id = st.column_opt_int64(7);
        c.wave_id = st.column_opt_int64(8);
        c.time = opt_instant(st, 9);
        c.data = st.column_text(10);
        c.reason = st.column_text(11);
        c.who = st.column_text(12);
        c.created = instant_from_micros(st.column_int64(13));
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<ClockSync> RaceFile::clock_syncs() {
    auto st = db_.prepare("SELECT reader_id, measured_us, offset_us FROM clock_syncs ORDER BY id");
    std::vector<ClockSync> out;
    while (st.step())
        out.push_back({st.column_int64(0), instant_from_micros(st.column_int64(1)),
                       Duration{st.column_int64(2)}});
    return out;
}

std::int64_t RaceFile::count(std::string_view table) {
    static constexpr std::string_view allowed[] = {"reads", "entries", "corrections",
                                                   "participants", "chips", "clock_syncs",
                                                   "refused_records"};
    for (auto t : allowed) {
        if (t == table) {
            auto st = db_.prepare(fmt::format("SELECT count(*) FROM {}", t));
            return st.step() ? st.column_int64(0) : 0;
        }
    }
    throw Error(fmt::format("no table '{}' to count", table));
}

RaceCounts RaceFile::counts() {
    return {count("participants"), count("chips"), count("reads"), count("entries"),
            count("corrections"), count("clock_syncs"), count("refused_records")};
}

RaceCounts RaceFile::copy_to(const std::string& dest_path) {
    Connection dest(dest_path, Connection::Mode::read_write_create);
    // The counts and the copy share one read transaction: the copy holds exactly them.
    db_.exec("BEGIN DEFERRED");
    RaceCounts held;
    try {
        held = counts();
        db_.copy_into(dest);
        db_.exec("COMMIT");
    } catch (...) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
            // Nothing was written; the read transaction ends when the connection closes.
        }
        throw;
    }
    dest.exec("PRAGMA journal_mode = DELETE");
    return held;
}

// ---- refused device records ----------------------------------------------------------------

std::optional<std::int64_t> RaceFile::append_refused(const NewRefused& r) {
    db_.cached("INSERT INTO refused_records(reader_id, received_us, raw, reason, resend_key) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT(reader_id, resend_key) DO NOTHING")
        .bind_all(r.reader_id, to_micros(r.received), std::string_view(r.raw),
                  std::string_view(r.reason), r.resend_key)
        .run();
    if (db_.changes() == 0) return std::nullopt;
    return db_.last_insert_rowid();
}

std::vector<Refused> RaceFile::refused(std::int64_t after_id) {
    auto st = db_.prepare("SELECT id, reader_id, received_us, raw, reason, resend_key "
                          "FROM refused_records WHERE id > ? ORDER BY id");
    st.bind(1, after_id);
    std::vector<Refused> out;
    while (st.step()) {
        Refused r;
        r.id = st.column_int64(0);
        r.reader_id = st.column_int64(1);
        r.received = instant_from_micros(st.column_int64(2));
        r.raw = st.column_text(3);
        r.reason = st.column_text(4);
        r.resend_key = st.column_opt_int64(5);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> RaceFile::refused_per_reader() {
    auto st = db_.prepare("SELECT reader_id, count(*) FROM refused_records GROUP BY reader_id "
                          "ORDER BY reader_id");
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    while (st.step()) out.emplace_back(st.column_int64(0), st.column_int64(1));
    return out;
}

}  // namespace fl::timing
