// Opening race files: older schemas are migrated forward with their rows intact; newer,
// foreign, missing and non-SQLite files are refused with what to do; config updates keep
// participants.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <iterator>

#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/db.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"
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
[[events]]
name = "10K"
distance_m = 10000
start = "07:30:00"
[[timing_points]]
name = "finish"
role = "finish"
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "finish"
)toml";

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

using fl::test::slurp;

class Migration : public ::testing::Test {
protected:
    std::string path() const { return dir.file("race.db"); }
    RaceFile init(std::string_view toml = config) {
        return RaceFile::init(path(), toml, "race.toml", dir.path().string());
    }

    // A race file as the first FinishLine release wrote it: schema version 1, filled by hand
    // with the SQL of that version.
    void write_version_1_file() {
        Connection db(path());
        apply_pragmas(db);
        migrate(db, 1);
        ASSERT_EQ(db.pragma_int("user_version"), 1);
        db.prepare("INSERT INTO race(id, name, date, timezone, config_toml, config_dir, updated_us) "
                   "VALUES (1, 'PyCon 5K Fun Run', '2014-04-12', 'America/Toronto', ?, ?, 0)")
            .bind_all(config, dir.path().string())
            .run();
        db.exec(R"sql(
            INSERT INTO events(id, name, distance_m, start_tod_us, rank_by, min_time_us)
              VALUES (1, '5K', 5000, 25200000000, 'gun', 0), (2, '10K', 10000, 27000000000, 'gun', 0);
            INSERT INTO waves(id, event_id, name, offset_us) VALUES (1, 1, 'A', 0);
            INSERT INTO timing_points(id, name, role) VALUES (1, 'finish', 'finish');
            INSERT INTO readers(id, name, protocol) VALUES (1, 'finish-mat', 'chronotrack');
            INSERT INTO participants(id, bib, name, gender, event_id, wave_id)
              VALUES (1, '007', 'Alex Bond', 'X', 1, 1), (2, '7', 'Sam Seven', 'M', 2, NULL);
            INSERT INTO chips(chip, participant_id) VALUES ('CT0007', 1), ('CT0070', 2);
            INSERT INTO reads(reader_id, timing_point_id, kind, chip, device_time_us, receive_time_us,
                              device_seq, raw)
              VALUES (1, 1, 'tag', 'CT0007', 1397301600000000, 1397301600100000, 1, 'raw 1'),
                     (1, 1, 'tag', 'CT0070', 1397301700000000, 1397301700100000, 2, 'raw 2');
            INSERT INTO entries(kind, bib, time_us, source, created_us)
              VALUES ('finish', '7', 1397301700000000, 'cli', 0);
            INSERT INTO corrections(kind, bib, who, created_us) VALUES ('dnf', '007', 'lead', 0);
        )sql");
    }

    test::TempDir dir;
};

TEST_F(Migration, MigrationsAreNumberedFromOne) {
    EXPECT_EQ(latest_schema_version(), static_cast<int>(migrations().size()));
    EXPECT_GE(latest_schema_version(), 2);
}

TEST_F(Migration, VersionOneFileIsMigratedWithRowsIntact) {
    write_version_1_file();
    RaceFile file(path());
    EXPECT_EQ(file.db().pragma_int("user_version"), latest_schema_version());

    const auto people = file.participants();
    ASSERT_EQ(people.size(), 2u);
    EXPECT_EQ(people[0].bib, "7");
    EXPECT_EQ(people[0].event, "10K");
    EXPECT_EQ(people[1].bib, "007");
    EXPECT_EQ(people[1].wave, "A");
    EXPECT_EQ(people[1].chips, std::vector<std::string>{"CT0007"});

    const auto reads = file.reads();
    ASSERT_EQ(reads.size(), 2u);
    EXPECT_EQ(reads[1].chip, "CT0070");
    EXPECT_EQ(reads[1].raw, "raw 2");
    EXPECT_EQ(to_micros(*reads[0].device_time), 1'397'301'600'000'000);
    EXPECT_EQ(file.entries().size(), 1u);
    EXPECT_EQ(file.corrections().at(0).kind, CorrectionKind::dnf);
    EXPECT_EQ(file.config().find_event("10K")->id, 2);

    // What version 2 added works on the migrated file.
    file.append_clock_sync({1, instant_from_micros(1'397'301'600'000'000), 40ms});
    EXPECT_EQ(file.clock_syncs().size(), 1u);
    // And the append-only rules came along.
    EXPECT_THROW(file.db().exec("DELETE FROM reads"), DbError);
}

// Version 3 (issue 11): a version 2 file gains the refused_records table, append-only like the
// reads, with its clock syncs intact; a resent device record (same resend key) is stored once,
// records without a key (bib scanners) every time.
TEST_F(Migration, VersionTwoFileGainsAnAppendOnlyRefusedRecordsTable) {
    write_version_1_file();
    {
        Connection db(path());
        migrate(db, 2);
        db.exec("INSERT INTO clock_syncs(reader_id, measured_us, offset_us) VALUES (1, 5, 40000)");
        auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'refused_records'");
        ASSERT_TRUE(st.step());
        ASSERT_EQ(st.column_int64(0), 0);
    }
    RaceFile file(path());
    EXPECT_EQ(file.db().pragma_int("user_version"), latest_schema_version());
    ASSERT_EQ(file.clock_syncs().size(), 1u);
    EXPECT_EQ(file.clock_syncs()[0].offset, 40ms);
    EXPECT_EQ(file.reads().size(), 2u);

    const std::string garbage("\x01\xff\x00~x", 6);
    const auto at = instant_from_micros(1'397'301'600'000'000);
    EXPECT_EQ(file.append_refused({1, at, garbage, "not a ChronoTrack line", 77}), 1);
    EXPECT_EQ(file.append_refused({1, at, garbage, "not a ChronoTrack line", 77}), std::nullopt);
    EXPECT_EQ(file.append_refused({1, at, "12 25:61:00", "expected a bib", std::nullopt}), 2);
    EXPECT_EQ(file.append_refused({1, at, "12 25:61:00", "expected a bib", std::nullopt}), 3);
    const auto rows = file.refused();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].raw, garbage);  // every byte, the NUL included
    EXPECT_EQ(rows[0].reader_id, 1);
    EXPECT_EQ(rows[0].received, at);
    EXPECT_EQ(rows[0].reason, "not a ChronoTrack line");
    EXPECT_EQ(rows[0].resend_key, 77);
    EXPECT_EQ(file.refused(2).size(), 1u);
    EXPECT_THROW(file.db().exec("DELETE FROM refused_records"), DbError);
    EXPECT_THROW(file.db().exec("UPDATE refused_records SET reason = ''"), DbError);
    EXPECT_EQ(file.refused().size(), 3u);
}

// Version 5 (issue 17): the timing points table rebuilt so that a point may be a lap line; the
// reads keep pointing at their points and the references are still enforced.
TEST_F(Migration, VersionFourFileTakesLapPointsWithItsReadsIntact) {
    write_version_1_file();
    {
        Connection db(path());
        migrate(db, 4);
        EXPECT_THROW(db.exec("INSERT INTO timing_points(name, role) VALUES ('line', 'lap')"), DbError);
        migrate(db, 5);
        EXPECT_EQ(db.pragma_int("user_version"), 5);
        EXPECT_EQ(db.pragma_int("foreign_keys"), 1);
        db.exec("INSERT INTO timing_points(name, role) VALUES ('line', 'lap')");
        EXPECT_THROW(db.exec("INSERT INTO timing_points(name, role) VALUES ('x', 'loop')"), DbError);
        // A read naming a point that does not exist is still refused.
        EXPECT_THROW(db.exec("INSERT INTO reads(reader_id, timing_point_id, kind, chip, receive_time_us) "
                             "VALUES (1, 99, 'tag', 'CT0007', 0)"),
                     DbError);
    }
    RaceFile file(path());
    const auto reads = file.reads();
    ASSERT_EQ(reads.size(), 2u);
    EXPECT_EQ(reads[0].timing_point_id, 1);
    EXPECT_EQ(reads[1].chip, "CT0070");
    EXPECT_EQ(file.config().find_point("finish")->id, 1);
}

TEST_F(Migration, MigratedFileStaysMigrated) {
    write_version_1_file();
    { RaceFile file(path()); }
    Connection db(path());
    EXPECT_EQ(db.pragma_int("user_version"), latest_schema_version());
    migrate(db);  // nothing left to do
    EXPECT_EQ(db.pragma_int("user_version"), latest_schema_version());
}

TEST_F(Migration, OlderFileOpenedReadOnlyAsksForAWritableOpen) {
    write_version_1_file();
    const auto msg = error_of([&] { RaceFile file(path(), RaceFile::Access::read_only); });
    EXPECT_TRUE(contains(msg, "older FinishLine (schema version 1, now " +
                                  std::to_string(latest_schema_version()) + ")"))
        << msg;
    EXPECT_TRUE(contains(msg, "finishline init " + path() + " --config race.toml")) << msg;
    Connection db(path(), Connection::Mode::read_only);
    EXPECT_EQ(db.pragma_int("user_version"), 1);
}

TEST_F(Migration, MigratingPastTheLatestVersionIsRefused) {
    Connection db(path());
    const auto msg = error_of([&] { migrate(db, latest_schema_version() + 1); });
    EXPECT_TRUE(contains(msg, "no schema version")) << msg;
    EXPECT_EQ(db.pragma_int("user_version"), 0);
}

TEST_F(Migration, NewerFileIsRefused) {
    init();
    const int newer = latest_schema_version() + 1;
    {
        Connection db(path());
        db.exec(fmt::format("PRAGMA user_version = {}", newer));
    }
    for (auto access : {RaceFile::Access::read_write, RaceFile::Access::read_only}) {
        const auto msg = error_of([&] { RaceFile file(path(), access); });
        EXPECT_TRUE(contains(msg, fmt::format("the race file has schema version {}, newer than this "
                                              "FinishLine knows ({}): use a newer finishline",
                                              newer, latest_schema_version())))
            << msg;
        EXPECT_TRUE(contains(msg, path())) << msg;
    }
    const auto msg = error_of([&] { init(); });
    EXPECT_TRUE(contains(msg, "use a newer finishline")) << msg;
    Connection db(path());
    EXPECT_EQ(db.pragma_int("user_version"), newer);
}

TEST_F(Migration, NonSqliteFileIsRefusedAndLeftAlone) {
    const std::string content = "bib,name\n1,Ada\n2,Grace\n3,Alan\n4,Edsger\n5,Barbara\n";
    dir.write("race.db", content);
    for (auto access : {RaceFile::Access::read_write, RaceFile::Access::read_only}) {
        const auto msg = error_of([&] { RaceFile file(path(), access); });
        EXPECT_TRUE(contains(msg, "'" + path() + "' is not a FinishLine race file")) << msg;
    }
    const auto msg = error_of([&] { init(); });
    EXPECT_TRUE(contains(msg, "'" + path() + "' is not a FinishLine race file")) << msg;
    EXPECT_EQ(slurp(path()), content);
}

TEST_F(Migration, ForeignSqliteDatabaseIsRefusedAndLeftAlone) {
    {
        Connection db(path());
        db.exec("CREATE TABLE photos(id INTEGER PRIMARY KEY, file TEXT)");
    }
    const auto before = slurp(path());
    auto msg = error_of([&] { RaceFile file(path()); });
    EXPECT_TRUE(contains(msg, "'" + path() + "' is not a FinishLine race file (it holds other tables)"))
        << msg;
    EXPECT_TRUE(contains(msg, "give the race a file of its own, e.g. 'finishline init race.db")) << msg;
    msg = error_of([&] { init(); });
    EXPECT_TRUE(contains(msg, "is not a FinishLine race file (it holds other tables)")) << msg;
    EXPECT_EQ(slurp(path()), before);
    Connection db(path());
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'reads'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.column_int64(0), 0);
}

TEST_F(Migration, EmptyFileIsNotARaceFileButInitFillsIt) {
    dir.write("race.db", "");
    const auto msg = error_of([&] { RaceFile file(path()); });
    EXPECT_EQ(msg, fmt::format("'{}' is not a FinishLine race file (it is empty): create it with "
                               "'finishline init {} --config race.toml'",
                               path(), path()));
    EXPECT_EQ(init().config().name, "PyCon 5K Fun Run");
}

TEST_F(Migration, MissingFileSaysToRunInit) {
    for (auto access : {RaceFile::Access::read_write, RaceFile::Access::read_only}) {
        const auto msg = error_of([&] { RaceFile file(path(), access); });
        EXPECT_EQ(msg, fmt::format("race file '{}' does not exist: create it with 'finishline init "
                                   "{} --config race.toml'",
                                   path(), path()));
    }
    EXPECT_FALSE(std::filesystem::exists(path()));
}

TEST_F(Migration, BadConfigCreatesNoFile) {
    const auto msg = error_of([&] { init("[race]\nname = \"R\"\n"); });
    EXPECT_TRUE(contains(msg, "race.toml:1: race.date: missing")) << msg;
    EXPECT_FALSE(std::filesystem::exists(path()));
}

// --- config updates through init -----------------------------------------------------------

TEST_F(Migration, ConfigUpdateKeepsParticipantsAndIds) {
    {
        auto file = init();
        import_participants_csv(file, "bib,name,event,wave,chip\n1,Ada,5K,A,CT1\n2,Grace,10K,,CT2\n",
                                "people.csv");
    }
    const auto before = RaceFile(path()).participants();
    const auto old_id = RaceFile(path()).config().find_event("10K")->id;

    std::string updated(config);
    updated.replace(updated.find("PyCon 5K Fun Run"), 16, "PyCon 5K (moved)");
    updated += "[[events]]\nname = \"1K\"\ndistance_m = 1000\nstart = \"09:00:00\"\n";
    auto file = init(updated);
    EXPECT_EQ(file.config().name, "PyCon 5K (moved)");
    EXPECT_EQ(file.config().events.size(), 3u);
    EXPECT_EQ(file.config().find_event("10K")->id, old_id);
    EXPECT_EQ(file.participants(), before);
    RaceFile reopened(path());
    EXPECT_EQ(reopened.config().name, "PyCon 5K (moved)");
    EXPECT_EQ(reopened.participants(), before);
}

TEST_F(Migration, DroppingAnEventParticipantsUseIsRefused) {
    {
        auto file = init();
        import_participants_csv(file, "bib,event\n1,10K\n2,10K\n3,5K\n", "people.csv");
    }
    std::string without_10k(config);
    const auto at = without_10k.find("[[events]]\nname = \"10K\"");
    without_10k.erase(at, without_10k.find("[[timing_points]]") - at);
    const auto msg = error_of([&] { init(without_10k); });
    EXPECT_TRUE(contains(msg, "the new config drops event \"10K\", which 2 participant(s) are "
                              "entered in: keep it in the config or re-import them first"))
        << msg;
    // Nothing changed: the stored config still has the event, the participants are there.
    RaceFile file(path());
    EXPECT_NE(file.config().find_event("10K"), nullptr);
    EXPECT_EQ(file.participants("10K").size(), 2u);
}

TEST_F(Migration, DroppingAWaveParticipantsUseIsRefused) {
    {
        auto file = init();
        import_participants_csv(file, "bib,event,wave\n1,5K,A\n", "people.csv");
    }
    std::string without_wave(config);
    const std::string_view wave = "  [[events.waves]]\n  name = \"A\"\n";
    without_wave.erase(without_wave.find(wave), wave.size());
    const auto msg = error_of([&] { init(without_wave); });
    EXPECT_TRUE(contains(msg, "drops wave \"A\", which 1 participant(s)")) << msg;
    EXPECT_EQ(RaceFile(path()).participant("1")->wave, "A");
}

TEST_F(Migration, DroppingAnUnusedEventIsAllowed) {
    {
        auto file = init();
        import_participants_csv(file, "bib,event\n1,5K\n", "people.csv");
    }
    std::string without_10k(config);
    const auto at = without_10k.find("[[events]]\nname = \"10K\"");
    without_10k.erase(at, without_10k.find("[[timing_points]]") - at);
    auto file = init(without_10k);
    EXPECT_EQ(file.config().events.size(), 1u);
    EXPECT_EQ(file.participants().size(), 1u);
}

}  // namespace
}  // namespace fl::timing
