// The race file and its SQLite layer: pragmas, STRICT tables, append-only records, idempotent
// reads, transactions and error codes, on real files.
#include "timing/race_file.hpp"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/temp_dir.hpp"
#include "timing/db.hpp"
#include "timing/schema.hpp"

namespace fl::timing {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view config = R"toml([race]
name = "PyCon 5K Fun Run"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
  [[events.waves]]
  name = "A"
  [[events.waves]]
  name = "B"
  offset = "00:05:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "finish"
[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "127.0.0.1:3097"
timing_point = "start"
)toml";

const Instant t0 = instant_from_micros(1'397'300'400'000'000);  // 2014-04-12 07:00 Toronto

class RaceFileTest : public ::testing::Test {
protected:
    RaceFile init() { return RaceFile::init(path(), config, "race.toml", dir.path().string()); }
    std::string path() const { return dir.file("race.db"); }

    NewRead tag_read(const RaceFile& file, std::int64_t seq, std::string chip = "CT0001") {
        NewRead r;
        r.reader_id = file.config().find_reader("finish-mat")->id;
        r.timing_point_id = file.config().find_point("finish")->id;
        r.chip = std::move(chip);
        r.device_time = t0 + 20min + std::chrono::seconds{seq};
        r.receive_time = t0 + 20min + std::chrono::seconds{seq} + 3ms;
        r.device_seq = seq;
        r.raw = fmt::format("CT01_33~{}~finish~{}~07:20:00.00~1~0", seq, r.chip);
        return r;
    }

    test::TempDir dir;
};

template <class F>
DbError db_error_of(F&& f) {
    try {
        f();
    } catch (const DbError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a DbError";
    return DbError(0, "none");
}

std::string text_pragma(Connection& db, std::string_view name) {
    auto st = db.prepare(fmt::format("PRAGMA {}", name));
    return st.step() ? st.column_text(0) : "";
}

// --- pragmas and the stored config ---------------------------------------------------------

TEST_F(RaceFileTest, InitSetsWalFullSyncAndForeignKeys) {
    auto file = init();
    EXPECT_EQ(text_pragma(file.db(), "journal_mode"), "wal");
    EXPECT_EQ(file.db().pragma_int("synchronous"), 2);
    EXPECT_EQ(file.db().pragma_int("foreign_keys"), 1);
    EXPECT_EQ(file.db().pragma_int("user_version"), latest_schema_version());
}

TEST_F(RaceFileTest, OpenSetsThePragmasOnEveryConnection) {
    init();
    for (auto access : {RaceFile::Access::read_write, RaceFile::Access::read_only}) {
        RaceFile file(path(), access);
        EXPECT_EQ(text_pragma(file.db(), "journal_mode"), "wal");
        EXPECT_EQ(file.db().pragma_int("synchronous"), 2);
        EXPECT_EQ(file.db().pragma_int("foreign_keys"), 1);
    }
}

TEST_F(RaceFileTest, ConfigIsStoredWithRowIds) {
    init();
    RaceFile file(path());
    const auto& cfg = file.config();
    EXPECT_EQ(cfg.name, "PyCon 5K Fun Run");
    ASSERT_EQ(cfg.events.size(), 1u);
    EXPECT_GT(cfg.events[0].id, 0);
    EXPECT_GT(cfg.events[0].waves[0].id, 0);
    EXPECT_NE(cfg.events[0].waves[0].id, cfg.events[0].waves[1].id);
    EXPECT_GT(cfg.find_point("finish")->id, 0);
    EXPECT_NE(cfg.find_point("finish")->id, cfg.find_point("start")->id);
    EXPECT_GT(cfg.find_reader("start-mat")->id, 0);
    EXPECT_EQ(file.path(), path());
}

TEST_F(RaceFileTest, RelativeAgeGradeTableIsResolvedAgainstTheConfigDir) {
    const auto text = fmt::format("{}[results]\nage_grade_table = \"tables/factors.csv\"\n", config);
    RaceFile::init(path(), text, "race.toml", "/srv/race");
    RaceFile file(path());
    EXPECT_EQ(file.config().results.age_grade_table, "/srv/race/tables/factors.csv");
}

// --- STRICT tables and constraints ---------------------------------------------------------

TEST_F(RaceFileTest, StrictTablesRejectWrongTypes) {
    auto file = init();
    auto e = db_error_of([&] {
        file.db()
            .prepare("INSERT INTO participants(bib, event_id, age) VALUES ('1', ?, ?)")
            .bind_all(file.config().events[0].id, "forty")
            .run();
    });
    EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_DATATYPE);
    EXPECT_TRUE(e.is_constraint());
    e = db_error_of([&] {
        auto r = tag_read(file, 1);
        file.db()
            .prepare("INSERT INTO reads(reader_id, kind, chip, receive_time_us, device_seq, raw) "
                     "VALUES (?, 'tag', 'C', ?, 1, '')")
            .bind_all(r.reader_id, 1.5)
            .run();
    });
    EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_DATATYPE);
    EXPECT_EQ(file.count("reads"), 0);
}

TEST_F(RaceFileTest, DbErrorCarriesTheExtendedCode) {
    auto file = init();
    auto insert = [&] {
        file.db()
            .prepare("INSERT INTO participants(bib, event_id) VALUES ('7', ?)")
            .bind_all(file.config().events[0].id)
            .run();
    };
    insert();
    const auto e = db_error_of(insert);
    EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_UNIQUE);
    EXPECT_EQ(e.primary_code(), SQLITE_CONSTRAINT);
    EXPECT_TRUE(e.is_constraint());
    EXPECT_FALSE(e.is_busy());
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: participants.bib"), std::string::npos)
        << e.what();
}

TEST_F(RaceFileTest, ForeignKeysAreEnforced) {
    auto file = init();
    auto r = tag_read(file, 1);
    r.reader_id = 999;
    const auto e = db_error_of([&] { file.append_read(r); });
    EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_FOREIGNKEY);
    EXPECT_EQ(file.count("reads"), 0);
}

TEST_F(RaceFileTest, BadSqlNamesTheStatement) {
    auto file = init();
    const auto e = db_error_of([&] { file.db().prepare("SELECT nope FROM reads"); });
    EXPECT_EQ(e.primary_code(), SQLITE_ERROR);
    EXPECT_NE(std::string(e.what()).find("SELECT nope FROM reads"), std::string::npos) << e.what();
}

// --- append-only records -------------------------------------------------------------------

TEST_F(RaceFileTest, ReadsAreAppendOnly) {
    auto file = init();
    ASSERT_TRUE(file.append_read(tag_read(file, 1)));
    for (const char* sql : {"UPDATE reads SET chip = 'X'", "DELETE FROM reads"}) {
        const auto e = db_error_of([&] { file.db().exec(sql); });
        EXPECT_EQ(e.extended_code(), SQLITE_CONSTRAINT_TRIGGER) << sql;
        EXPECT_NE(std::string(e.what()).find("reads are append-only"), std::string::npos) << e.what();
    }
    ASSERT_EQ(file.reads().size(), 1u);
    EXPECT_EQ(file.reads()[0].chip, "CT0001");
}

TEST_F(RaceFileTest, EntriesAreAppendOnly) {
    auto file = init();
    NewEntry e;
    e.kind = EntryKind::finish;
    e.bib = "7";
    e.time = t0 + 25min;
    e.source = "cli";
    ASSERT_TRUE(file.append_entry(e));
    for (const char* sql : {"UPDATE entries SET bib = '8'", "DELETE FROM entries"}) {
        const auto err = db_error_of([&] { file.db().prepare(sql).run(); });
        EXPECT_EQ(err.extended_code(), SQLITE_CONSTRAINT_TRIGGER) << sql;
        EXPECT_NE(std::string(err.what()).find("entries are append-only: add a correction"),
                  std::string::npos);
    }
    EXPECT_EQ(file.entries().at(0).bib, "7");
}

TEST_F(RaceFileTest, CorrectionsAreAppendOnly) {
    auto file = init();
    NewCorrection c;
    c.kind = CorrectionKind::dnf;
    c.bib = "7";
    c.who = "tester";
    file.append_correction(c);
    for (const char* sql : {"UPDATE corrections SET bib = '8'", "DELETE FROM corrections"}) {
        const auto err = db_error_of([&] { file.db().exec(sql); });
        EXPECT_EQ(err.extended_code(), SQLITE_CONSTRAINT_TRIGGER) << sql;
        EXPECT_NE(std::string(err.what()).find("corrections are append-only: add an undo"),
                  std::string::npos);
    }
    EXPECT_EQ(file.count("corrections"), 1);
}

// --- reads ---------------------------------------------------------------------------------

TEST_F(RaceFileTest, ReadRoundTripsEveryField) {
    auto file = init();
    auto r = tag_read(file, 41, "CT0007");
    r.rssi = -61.5;
    r.hits = 3;
    r.location = "finish";
    r.flags = read_flag_unknown_location | read_flag_impossible_time;
    const auto id = file.append_read(r);
    ASSERT_TRUE(id);
    const auto stored = file.reads();
    ASSERT_EQ(stored.size(), 1u);
    const auto& s = stored[0];
    EXPECT_EQ(s.id, *id);
    EXPECT_EQ(s.reader_id, r.reader_id);
    EXPECT_EQ(s.timing_point_id, r.timing_point_id);
    EXPECT_EQ(s.kind, ReadKind::tag);
    EXPECT_EQ(s.chip, "CT0007");
    EXPECT_EQ(s.device_time, r.device_time);
    EXPECT_EQ(s.receive_time, r.receive_time);
    EXPECT_EQ(s.rssi, -61.5);
    EXPECT_EQ(s.hits, 3);
    EXPECT_EQ(s.location, "finish");
    EXPECT_EQ(s.device_seq, 41);
    EXPECT_EQ(s.flags, r.flags);
    EXPECT_EQ(s.raw, r.raw);
}

TEST_F(RaceFileTest, ReadWithoutOptionalFields) {
    auto file = init();
    NewRead r;
    r.reader_id = file.config().find_reader("start-mat")->id;
    r.kind = ReadKind::gun;
    r.receive_time = t0;
    r.flags = read_flag_bad_time;
    r.raw = "@Gunshot@";
    ASSERT_TRUE(file.append_read(r));
    const auto s = file.reads().at(0);
    EXPECT_EQ(s.kind, ReadKind::gun);
    EXPECT_EQ(s.timing_point_id, std::nullopt);
    EXPECT_EQ(s.device_time, std::nullopt);
    EXPECT_EQ(s.rssi, std::nullopt);
    EXPECT_EQ(s.hits, std::nullopt);
    EXPECT_EQ(s.chip, "");
}

TEST_F(RaceFileTest, DuplicateReaderSequenceIsStoredOnce) {
    auto file = init();
    const auto first = file.append_read(tag_read(file, 5));
    ASSERT_TRUE(first);
    auto resend = tag_read(file, 5);
    resend.raw = "resent";
    EXPECT_EQ(file.append_read(resend), std::nullopt);
    EXPECT_EQ(file.count("reads"), 1);
    EXPECT_NE(file.reads()[0].raw, "resent");

    // The same sequence from another reader is another read.
    auto other = tag_read(file, 5);
    other.reader_id = file.config().find_reader("start-mat")->id;
    const auto second = file.append_read(other);
    ASSERT_TRUE(second);
    EXPECT_GT(*second, *first);
    EXPECT_EQ(file.count("reads"), 2);
}

TEST_F(RaceFileTest, LastDeviceSeqPerReader) {
    auto file = init();
    const auto finish = file.config().find_reader("finish-mat")->id;
    const auto start = file.config().find_reader("start-mat")->id;
    EXPECT_EQ(file.last_device_seq(finish), std::nullopt);
    for (auto seq : {3, 9, 4}) file.append_read(tag_read(file, seq));
    EXPECT_EQ(file.last_device_seq(finish), 9);
    EXPECT_EQ(file.last_device_seq(start), std::nullopt);
}

TEST_F(RaceFileTest, ScanReadsStreamsAfterAnId) {
    auto file = init();
    std::vector<std::int64_t> ids;
    for (int seq = 1; seq <= 5; ++seq) ids.push_back(*file.append_read(tag_read(file, seq)));
    std::vector<std::int64_t> seen;
    file.scan_reads(ids[1], [&](const Read& r) {
        seen.push_back(r.device_seq);
        EXPECT_EQ(r.raw, "");  // without raw text
    });
    EXPECT_EQ(seen, (std::vector<std::int64_t>{3, 4, 5}));
    seen.clear();
    file.scan_reads(ids[3], [&](const Read& r) {
        seen.push_back(r.device_seq);
        EXPECT_FALSE(r.raw.empty());
    }, true);
    EXPECT_EQ(seen, std::vector<std::int64_t>{5});
    EXPECT_EQ(file.reads(ids[4]).size(), 0u);
}

TEST_F(RaceFileTest, AppendWhileScanning) {
    auto file = init();
    file.append_read(tag_read(file, 1));
    file.append_read(tag_read(file, 2));
    int calls = 0;
    file.scan_reads(0, [&](const Read& r) {
        ++calls;
        if (r.device_seq == 1) file.append_read(tag_read(file, 100));
    });
    EXPECT_GE(calls, 2);
    EXPECT_EQ(file.count("reads"), 3);
}

// --- entries, corrections, clock syncs -----------------------------------------------------

TEST_F(RaceFileTest, EntriesRoundTripAndDeduplicateBySourceSequence) {
    auto file = init();
    NewEntry e;
    e.kind = EntryKind::gun;
    e.event_id = file.config().events[0].id;
    e.wave_id = file.config().events[0].waves[1].id;
    e.time = t0 + 5min;
    e.source = "marshal 127.0.0.1:5555";
    e.device_seq = 12;
    const auto id = file.append_entry(e);
    ASSERT_TRUE(id);
    EXPECT_EQ(file.append_entry(e), std::nullopt);  // resent by the same marshal client
    e.source = "marshal 127.0.0.1:5556";
    EXPECT_TRUE(file.append_entry(e));

    // Without a device sequence every entry is new.
    NewEntry tap;
    tap.kind = EntryKind::tap;
    tap.time = t0 + 30min;
    tap.source = "cli";
    EXPECT_TRUE(file.append_entry(tap));
    EXPECT_TRUE(file.append_entry(tap));

    const auto all = file.entries();
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].id, *id);
    EXPECT_EQ(all[0].kind, EntryKind::gun);
    EXPECT_EQ(all[0].event_id, e.event_id);
    EXPECT_EQ(all[0].wave_id, e.wave_id);
    EXPECT_EQ(all[0].time, t0 + 5min);
    EXPECT_EQ(all[0].device_seq, 12);
    EXPECT_EQ(all[0].source, "marshal 127.0.0.1:5555");
    EXPECT_GT(all[0].created, t0);
    EXPECT_EQ(all[2].device_seq, std::nullopt);
    EXPECT_EQ(file.entries(all[1].id).size(), 2u);
}

TEST_F(RaceFileTest, CorrectionsRoundTrip) {
    auto file = init();
    const auto read = *file.append_read(tag_read(file, 1));
    NewCorrection c;
    c.kind = CorrectionKind::assign_read;
    c.read_id = read;
    c.bib = "007";
    c.reason = "chip swapped at pickup";
    c.who = "marshal";
    const auto first = file.append_correction(c);
    NewCorrection undo;
    undo.kind = CorrectionKind::undo;
    undo.target_id = first;
    undo.time = t0;
    undo.who = "lead";
    file.append_correction(undo);

    const auto all = file.corrections();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].kind, CorrectionKind::assign_read);
    EXPECT_EQ(all[0].read_id, read);
    EXPECT_EQ(all[0].bib, "007");
    EXPECT_EQ(all[0].reason, "chip swapped at pickup");
    EXPECT_EQ(all[0].time, std::nullopt);
    EXPECT_EQ(all[1].kind, CorrectionKind::undo);
    EXPECT_EQ(all[1].target_id, first);
    EXPECT_EQ(all[1].time, t0);
    EXPECT_EQ(all[1].who, "lead");
}

TEST_F(RaceFileTest, UnknownCorrectionKindSaysUseANewerFinishline) {
    auto file = init();
    file.db().exec("INSERT INTO corrections(kind, who, created_us) VALUES ('teleport', 'future', 0)");
    try {
        file.corrections();
        FAIL() << "expected timing::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("kind 'teleport', unknown to this FinishLine: use a newer finishline"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(RaceFileTest, ClockSyncsRoundTrip) {
    auto file = init();
    const auto reader = file.config().find_reader("finish-mat")->id;
    file.append_clock_sync({reader, t0, -1500ms});
    file.append_clock_sync({reader, t0 + 1h, 250ms});
    const auto all = file.clock_syncs();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].offset, -1500ms);
    EXPECT_EQ(all[1].measured, t0 + 1h);
    EXPECT_EQ(all[1].reader_id, reader);
}

TEST_F(RaceFileTest, CountOnlyKnownTables) {
    auto file = init();
    EXPECT_EQ(file.count("participants"), 0);
    EXPECT_THROW(file.count("race; DROP TABLE reads"), Error);
}

// --- transactions and statements -----------------------------------------------------------

TEST_F(RaceFileTest, TransactionRollsBackInItsDestructor) {
    auto file = init();
    {
        Transaction tx(file.db());
        file.append_read(tag_read(file, 1));
        EXPECT_EQ(file.count("reads"), 1);
    }
    EXPECT_EQ(file.count("reads"), 0);
    // The connection is usable and not left inside a transaction.
    { Transaction tx(file.db()); }
}

TEST_F(RaceFileTest, TransactionRollsBackWhenAnExceptionLeavesTheScope) {
    auto file = init();
    EXPECT_THROW(
        {
            Transaction tx(file.db());
            file.append_read(tag_read(file, 1));
            auto bad = tag_read(file, 2);
            bad.reader_id = 999;
            file.append_read(bad);
            tx.commit();
        },
        DbError);
    EXPECT_EQ(file.count("reads"), 0);
}

TEST_F(RaceFileTest, CommittedTransactionIsDurable) {
    {
        auto file = init();
        Transaction tx(file.db());
        file.append_read(tag_read(file, 1));
        file.append_read(tag_read(file, 2));
        tx.commit();
    }
    RaceFile reopened(path());
    EXPECT_EQ(reopened.count("reads"), 2);
}

TEST_F(RaceFileTest, NestedTransactionIsAnError) {
    auto file = init();
    Transaction tx(file.db());
    const auto e = db_error_of([&] { Transaction inner(file.db()); });
    EXPECT_EQ(e.primary_code(), SQLITE_ERROR);
    tx.commit();
}

TEST_F(RaceFileTest, StatementOutlivesItsConnection) {
    init();
    std::optional<Statement> st;
    {
        Connection db(path(), Connection::Mode::read_only);
        st.emplace(db.prepare("SELECT name FROM race WHERE id = ?"));
    }
    st->bind(1, 1);
    ASSERT_TRUE(st->step());
    EXPECT_EQ(st->column_text(0), "PyCon 5K Fun Run");
    EXPECT_FALSE(st->step());
}

TEST_F(RaceFileTest, MovedConnectionKeepsWorking) {
    init();
    Connection a(path());
    Connection b = std::move(a);
    EXPECT_EQ(b.pragma_int("user_version"), latest_schema_version());
    EXPECT_EQ(b.path(), path());
}

TEST_F(RaceFileTest, CachedStatementIsResetAndUnbound) {
    auto file = init();
    auto& q = file.db().cached("SELECT ?1 IS NULL, count(*) FROM events WHERE name = ?1");
    q.bind(1, "5K");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.column_int64(1), 1);
    auto& again = file.db().cached("SELECT ?1 IS NULL, count(*) FROM events WHERE name = ?1");
    EXPECT_EQ(&again, &q);
    ASSERT_TRUE(again.step());
    EXPECT_EQ(again.column_int64(0), 1);  // bindings were cleared
}

TEST_F(RaceFileTest, BindingsHandleNullsAndEmptyStrings) {
    auto file = init();
    auto st = file.db().prepare("SELECT ?, ?, ?, ?");
    st.bind_all(std::string_view{}, std::optional<std::int64_t>{}, std::optional<double>{2.5},
                std::nullopt);
    ASSERT_TRUE(st.step());
    EXPECT_FALSE(st.is_null(0));
    EXPECT_EQ(st.column_text(0), "");
    EXPECT_TRUE(st.is_null(1));
    EXPECT_EQ(st.column_opt_double(2), 2.5);
    EXPECT_EQ(st.column_opt_text(3), std::nullopt);
}

TEST_F(RaceFileTest, ReadOnlyAccessRefusesWrites) {
    init();
    RaceFile file(path(), RaceFile::Access::read_only);
    const auto e = db_error_of([&] { file.append_read(tag_read(file, 1)); });
    EXPECT_TRUE(e.is_readonly());
}

TEST_F(RaceFileTest, TwoConnectionsWriteInTurn) {
    auto file = init();
    RaceFile other(path());
    file.append_read(tag_read(file, 1));
    other.append_read(tag_read(other, 2));
    EXPECT_EQ(file.count("reads"), 2);
}

// --- the file alone holds the race (issue 11.3) -------------------------------------------

// What a timer does with the race file: copy race.db, without its -wal, somewhere else.
std::string copy_alone(const std::string& from, const test::TempDir& to) {
    const auto dest = to.file("race.db");
    std::filesystem::copy_file(from, dest);
    return dest;
}

TEST_F(RaceFileTest, WriterClosingWhileAReaderStaysOpenLeavesTheFileComplete) {
    // The service's results reader is read-only and closes after its writer: SQLite's own
    // checkpoint on close then never runs, and the reads stayed in race.db-wal.
    init();
    RaceFile reader(path(), RaceFile::Access::read_only);
    {
        RaceFile writer(path());
        for (std::int64_t seq = 1; seq <= 50; ++seq) writer.append_read(tag_read(writer, seq));
        EXPECT_EQ(reader.count("reads"), 50);
    }
    test::TempDir usb;
    RaceFile copy(copy_alone(path(), usb), RaceFile::Access::read_only);
    EXPECT_EQ(copy.count("reads"), 50);
    EXPECT_EQ(std::filesystem::file_size(path() + "-wal"), 0u) << "the log was emptied";
}

TEST_F(RaceFileTest, CheckpointReportsAReaderThatHoldsAnOlderSnapshot) {
    auto file = init();
    file.append_read(tag_read(file, 1));
    RaceFile other(path(), RaceFile::Access::read_only);
    // A reader inside a transaction on an older snapshot keeps the log from being emptied.
    other.db().exec("BEGIN DEFERRED");
    EXPECT_EQ(other.count("reads"), 1);
    file.append_read(tag_read(file, 2));
    file.db().exec("PRAGMA busy_timeout = 0");
    EXPECT_FALSE(file.db().checkpoint());
    other.db().exec("COMMIT");
    EXPECT_TRUE(file.db().checkpoint());
    test::TempDir usb;
    RaceFile copy(copy_alone(path(), usb), RaceFile::Access::read_only);
    EXPECT_EQ(copy.count("reads"), 2);
}

TEST_F(RaceFileTest, CopyIsOneMomentWhileAnotherConnectionWrites) {
    auto file = init();
    for (std::int64_t seq = 1; seq <= 10; ++seq) file.append_read(tag_read(file, seq));
    RaceFile source(path(), RaceFile::Access::read_only);
    // The writer holds its own transaction open during the copy: uncommitted rows stay out.
    Transaction open(file.db());
    file.append_read(tag_read(file, 11));
    const auto held = source.copy_to(dir.file("copy.db"));
    open.commit();
    EXPECT_EQ(held.reads, 10);
    EXPECT_FALSE(std::filesystem::exists(dir.file("copy.db-wal")));
    RaceFile copy(dir.file("copy.db"), RaceFile::Access::read_only);
    EXPECT_EQ(copy.counts(), held);
    EXPECT_EQ(copy.config().name, "PyCon 5K Fun Run");
    EXPECT_EQ(text_pragma(copy.db(), "journal_mode"), "delete") << "one self-contained file";
}

}  // namespace
}  // namespace fl::timing
