#include "timing/schema.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "timing/db.hpp"

namespace fl::timing {
namespace {

// Reads, entries and corrections are append-only: the triggers make an UPDATE or DELETE
// fail loudly instead of silently rewriting what happened at the finish line.
constexpr std::string_view v1 = R"sql(
CREATE TABLE race(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  date TEXT NOT NULL,
  timezone TEXT NOT NULL,
  config_toml TEXT NOT NULL,
  config_dir TEXT NOT NULL,
  updated_us INTEGER NOT NULL
) STRICT;
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  distance_m REAL NOT NULL,
  start_tod_us INTEGER NOT NULL,
  rank_by TEXT NOT NULL CHECK (rank_by IN ('gun', 'net')),
  min_time_us INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TABLE waves(
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  name TEXT NOT NULL,
  offset_us INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (event_id, name)
) STRICT;
CREATE TABLE timing_points(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('start', 'split', 'finish')),
  distance_m REAL,
  active INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TABLE readers(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  protocol TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TABLE participants(
  id INTEGER PRIMARY KEY,
  bib TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  gender TEXT CHECK (gender IN ('M', 'F', 'X')),
  birthdate TEXT,
  age INTEGER,
  event_id INTEGER NOT NULL REFERENCES events(id),
  wave_id INTEGER REFERENCES waves(id),
  category TEXT NOT NULL DEFAULT '',
  team TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE chips(
  chip TEXT PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants(id)
) STRICT;
CREATE INDEX chips_by_participant ON chips(participant_id);
CREATE TABLE reads(
  id INTEGER PRIMARY KEY,
  reader_id INTEGER NOT NULL REFERENCES readers(id),
  timing_point_id INTEGER REFERENCES timing_points(id),
  kind TEXT NOT NULL CHECK (kind IN ('tag', 'gun', 'marker')),
  chip TEXT NOT NULL,
  device_time_us INTEGER,
  receive_time_us INTEGER NOT NULL,
  rssi REAL,
  hits INTEGER,
  location TEXT NOT NULL DEFAULT '',
  device_seq INTEGER NOT NULL,
  flags INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL,
  UNIQUE (reader_id, device_seq)
) STRICT;
CREATE TABLE entries(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('finish', 'scan', 'tap', 'gun')),
  bib TEXT NOT NULL DEFAULT '',
  event_id INTEGER REFERENCES events(id),
  wave_id INTEGER REFERENCES waves(id),
  time_us INTEGER NOT NULL,
  source TEXT NOT NULL,
  device_seq INTEGER,
  created_us INTEGER NOT NULL,
  UNIQUE (source, device_seq)
) STRICT;
CREATE TABLE corrections(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  read_id INTEGER REFERENCES reads(id),
  entry_id INTEGER REFERENCES entries(id),
  target_id INTEGER REFERENCES corrections(id),
  bib TEXT NOT NULL DEFAULT '',
  chip TEXT NOT NULL DEFAULT '',
  event_id INTEGER REFERENCES events(id),
  wave_id INTEGER REFERENCES waves(id),
  time_us INTEGER,
  data TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  who TEXT NOT NULL,
  created_us INTEGER NOT NULL
) STRICT;
CREATE TRIGGER reads_append_only_u BEFORE UPDATE ON reads
  BEGIN SELECT RAISE(ABORT, 'reads are append-only'); END;
CREATE TRIGGER reads_append_only_d BEFORE DELETE ON reads
  BEGIN SELECT RAISE(ABORT, 'reads are append-only'); END;
CREATE TRIGGER entries_append_only_u BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'entries are append-only: add a correction'); END;
CREATE TRIGGER entries_append_only_d BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'entries are append-only: add a correction'); END;
CREATE TRIGGER corrections_append_only_u BEFORE UPDATE ON corrections
  BEGIN SELECT RAISE(ABORT, 'corrections are append-only: add an undo'); END;
CREATE TRIGGER corrections_append_only_d BEFORE DELETE ON corrections
  BEGIN SELECT RAISE(ABORT, 'corrections are append-only: add an undo'); END;
)sql";

// Clock offsets learned from devices (RACE RESULT GETTIME, ChronoTrack time sync).
constexpr std::string_view v2 = R"sql(
CREATE TABLE clock_syncs(
  id INTEGER PRIMARY KEY,
  reader_id INTEGER NOT NULL REFERENCES readers(id),
  measured_us INTEGER NOT NULL,
  offset_us INTEGER NOT NULL
) STRICT;
)sql";

// Device records that could not be understood: stored as received, before the device is told
// they arrived, so an acknowledgement never covers bytes kept only in a log.
constexpr std::string_view v3 = R"sql(
CREATE TABLE refused_records(
  id INTEGER PRIMARY KEY,
  reader_id INTEGER NOT NULL REFERENCES readers(id),
  received_us INTEGER NOT NULL,
  raw TEXT NOT NULL,
  reason TEXT NOT NULL,
  resend_key INTEGER,
  UNIQUE (reader_id, resend_key)
) STRICT;
CREATE TRIGGER refused_records_append_only_u BEFORE UPDATE ON refused_records
  BEGIN SELECT RAISE(ABORT, 'refused records are append-only'); END;
CREATE TRIGGER refused_records_append_only_d BEFORE DELETE ON refused_records
  BEGIN SELECT RAISE(ABORT, 'refused records are append-only'); END;
)sql";

// A remote site's relay (issue 15): the highest read sequence the broker acknowledged and the
// highest the central race file confirmed, so a restarted relay publishes again exactly what
// the finish may not have. One row per site name; rewritten as they advance.
constexpr std::string_view v4 = R"sql(
CREATE TABLE relay_progress(
  site TEXT PRIMARY KEY,
  acked_seq INTEGER NOT NULL,
  confirmed_seq INTEGER NOT NULL,
  updated_us INTEGER NOT NULL
) STRICT;
)sql";

// Lap races (issue 17): a timing point may be a lap line. SQLite cannot change a CHECK in place,
// so the table is rebuilt as its documented procedure does (sqlite.org/lang_altertable.html,
// "other kinds of table schema changes"): foreign keys off around the transaction (migrate()),
// rows copied with their ids, the reads' references checked before commit.
constexpr std::string_view v5 = R"sql(
CREATE TABLE timing_points_v5(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('start', 'split', 'finish', 'lap')),
  distance_m REAL,
  active INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO timing_points_v5(id, name, role, distance_m, active)
  SELECT id, name, role, distance_m, active FROM timing_points;
DROP TABLE timing_points;
ALTER TABLE timing_points_v5 RENAME TO timing_points;
)sql";

constexpr std::array<std::string_view, 5> all{v1, v2, v3, v4, v5};
// Versions that rebuild a table others refer to: run with foreign keys off, checked before commit.
constexpr std::array<int, 1> rebuilds{5};

}  // namespace

std::span<const std::string_view> migrations() { return all; }
int latest_schema_version() { return static_cast<int>(all.size()); }

void apply_pragmas(Connection& db) {
    db.exec("PRAGMA foreign_keys = ON");
    // WAL can only be entered on a writable file; read-only opens keep whatever it is.
    try {
        db.exec("PRAGMA journal_mode = WAL");
    } catch (const DbError& e) {
        if (!e.is_readonly()) throw;
    }
    db.exec("PRAGMA synchronous = FULL");
}

void migrate(Connection& db, int target) {
    if (target < 0) target = latest_schema_version();
    if (target > latest_schema_version())
        throw Error(fmt::format("no schema version {}: the latest is {}", target,
                                latest_schema_version()));
    const auto current = static_cast<int>(db.pragma_int("user_version"));
    if (current > latest_schema_version()) {
        throw Error(fmt::format("{}: the race file has schema version {}, newer than this "
                                "FinishLine knows ({}): use a newer finishline",
                                db.path(), current, latest_schema_version()));
    }
    for (int v = current; v < target; ++v) {
        const bool rebuild = std::find(rebuilds.begin(), rebuilds.end(), v + 1) != rebuilds.end();
        // PRAGMA foreign_keys is a no-op inside a transaction: switched around it.
        if (rebuild) db.exec("PRAGMA foreign_keys = OFF");
        try {
            Transaction tx(db);
            db.exec(all[static_cast<std::size_t>(v)]);
            if (rebuild) {
                auto check = db.prepare("PRAGMA foreign_key_check");
                if (check.step())
                    throw Error(fmt::format("{}: migrating to schema version {} would break a reference in table {}: "
                                            "the file is left at version {}; keep a copy and report it",
                                            db.path(), v + 1, check.column_text(0), v));
            }
            // user_version cannot be bound; the value is our own integer.
            db.exec(fmt::format("PRAGMA user_version = {}", v + 1));
            tx.commit();
        } catch (...) {
            if (rebuild) db.exec("PRAGMA foreign_keys = ON");
            throw;
        }
        if (rebuild) db.exec("PRAGMA foreign_keys = ON");
    }
}

}  // namespace fl::timing
