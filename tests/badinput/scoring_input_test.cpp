// Bad input that only scoring can judge: reads arrive over loopback TCP into a real race file,
// then a full re-score of that file (results::load_engine) says what the results make of it.
#include <gtest/gtest.h>

#include "tests/badinput/catalogue.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono_literals;

namespace {

const std::string readers = listening_reader("finish-mat", "chronotrack");

// Sends ChronoTrack reads (chip, local time) in order and waits until all are stored.
void store_reads(ServedRace& race, const std::vector<std::pair<std::string, std::string>>& reads) {
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto before = race.count("reads");
    int seq = static_cast<int>(before);
    for (const auto& [chip, time] : reads) dev.send_read(++seq, chip, time);
    ASSERT_TRUE(wait_for([&] {
        return race.count("reads") == before + static_cast<std::int64_t>(reads.size());
    })) << race.log_text();
}

const results::RunnerResult& runner(const results::Standings& s, std::string_view bib) {
    const auto* row = s.find_bib(bib);
    if (!row) throw std::runtime_error("no row for bib " + std::string(bib));
    return *row->runner;
}

bool has_issue(const results::Standings& s, std::string_view text) {
    for (const auto& i : *s.issues)
        if (has_text(i.what, text)) return true;
    return false;
}

std::string issues(const results::Standings& s) {
    std::string out;
    for (const auto& i : *s.issues) out += i.what + "\n";
    return out;
}

}  // namespace

// Expected: reads before the gun (here a recorded gun at 07:02) are stored but never a start
// or finish: bib 1 finishes on its later read; bib 2, seen only before the gun, did not start.
TEST(BadInputScoring, ReadsBeforeTheGunAreStoredButNotScored) {
    ServedRace race(readers);
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    ASSERT_TRUE(marshal_reply(m, "START 5K A 07:02:00").starts_with("OK E1 gun 5K A"));
    store_reads(race, {{"CT0001", "07:01:00.00"}, {"CT0002", "07:01:30.00"}, {"CT0001", "07:30:00.00"}});
    EXPECT_EQ(race.count("reads"), 3);
    const auto s = rescored(race.path());
    EXPECT_EQ(runner(*s, "1").finish, utc(2014, 4, 12, 11, 30, 0));
    EXPECT_EQ(runner(*s, "1").gun_time, timing::Duration(28min));
    EXPECT_EQ(runner(*s, "2").status, results::Status::dns);
    EXPECT_FALSE(runner(*s, "2").finish.has_value());
}

// Expected: a finish read earlier than the event's min_time after the gun (a runner crossing
// the mat at the start) is stored but not a finish: bib 1 finishes on its later read, bib 2
// is started and still on course.
TEST(BadInputScoring, FinishBeforeMinTimeIsNotAFinish) {
    ServedRace race(readers);
    race.start();
    store_reads(race, {{"CT0001", "07:05:00.00"}, {"CT0002", "07:06:00.00"}, {"CT0001", "07:25:00.00"}});
    const auto s = rescored(race.path());
    EXPECT_EQ(runner(*s, "1").finish, utc(2014, 4, 12, 11, 25, 0));
    EXPECT_EQ(runner(*s, "2").status, results::Status::dnf);
    EXPECT_TRUE(runner(*s, "2").on_course);
    EXPECT_FALSE(runner(*s, "2").finish.has_value());
}

// Expected: a manual finish for a runner with no reads at all (DNS on the mats) is taken: the
// runner is placed, marked as a manual finish so the timer can see no chip confirmed it.
TEST(BadInputScoring, ManualFinishForADnsRunnerIsPlacedAndMarkedManual) {
    ServedRace race(readers);
    race.start();
    store_reads(race, {{"CT0001", "07:25:00.00"}});
    ASSERT_EQ(runner(*rescored(race.path()), "3").status, results::Status::dns);
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_TRUE(marshal_reply(m, "3 07:40:00").starts_with("OK E1 finish 3 07:40:00.000"));
    const auto s = rescored(race.path());
    const auto& r = runner(*s, "3");
    EXPECT_EQ(r.status, results::Status::finished);
    EXPECT_TRUE(r.manual_finish);
    EXPECT_EQ(r.finish_source, results::FinishSource::manual);
    EXPECT_EQ(r.gun_time, timing::Duration(35min));  // wave B: gun 07:05
}

// Expected: an EDIT moving a runner to an event the race lacks is refused on the marshal port
// (the rule import applies); one already in a race file (an older version stored it) is not
// applied, and the results list it as an issue naming the bib and the value.
TEST(BadInputScoring, EditToAnUnknownEventIsListedAndIgnored) {
    ServedRace race(readers);
    race.start();
    store_reads(race, {{"CT0001", "07:25:00.00"}});
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "EDIT 1 event=10K"), "ERR unknown event '10K': expected one of 5K");
    EXPECT_EQ(Stored::in(race.path()).corrections, 0);
    race.stop();
    {
        timing::RaceFile file(race.path());
        timing::NewCorrection c;
        c.kind = timing::CorrectionKind::edit_participant;
        c.bib = "1";
        c.data = "event=10K";
        c.who = "older version";
        file.append_correction(c);
    }
    const auto s = rescored(race.path());
    EXPECT_TRUE(has_issue(*s, "edit of bib 1: event=10K is not an event of the race: edit ignored"))
        << issues(*s);
    EXPECT_EQ(runner(*s, "1").event, "5K");
    EXPECT_EQ(runner(*s, "1").status, results::Status::finished);
}

// Expected: an EDIT to a wave the event lacks is listed as an issue; the runner starts with
// the event's first wave.
TEST(BadInputScoring, EditToAnUnknownWaveStartsWithTheFirstWave) {
    ServedRace race(readers);
    race.start();
    store_reads(race, {{"CT0003", "07:35:00.00"}});
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_TRUE(marshal_reply(m, "EDIT 3 wave=C").starts_with("OK C1 edit 3 wave=C"));
    const auto s = rescored(race.path());
    EXPECT_TRUE(has_issue(*s, "bib 3: event \"5K\" has no wave \"C\": starts with the first wave"))
        << issues(*s);
    EXPECT_EQ(runner(*s, "3").gun_time, timing::Duration(35min));  // wave A's 07:00 gun
}

// Expected: a participant list holding a bib twice (not possible through import, possible in
// a hand-built list) scores the first and lists the second as an issue.
TEST(BadInputScoring, DuplicateBibInTheParticipantListIsAnIssue) {
    ServedRace race(readers);
    timing::RaceFile f(race.path(), timing::RaceFile::Access::read_only);
    auto people = f.participants();
    auto twin = people.front();
    twin.name = "Ann Twin";
    twin.chips.clear();
    people.push_back(twin);
    results::Engine engine(f.config(), people);
    const auto s = engine.snapshot();
    EXPECT_TRUE(has_issue(*s, "bib 1 is listed twice among the participants: the second (Ann Twin) is left out"))
        << issues(*s);
    EXPECT_EQ(runner(*s, "1").name, "Ann Runner");
}

// Expected: a chip listed for two bibs (not possible through import) counts for the first
// bib and is listed as an issue naming both.
TEST(BadInputScoring, ChipOnTwoBibsInTheParticipantListIsAnIssue) {
    ServedRace race(readers);
    timing::RaceFile f(race.path(), timing::RaceFile::Access::read_only);
    auto people = f.participants();
    people.at(1).chips = {"CT0001"};
    results::Engine engine(f.config(), people);
    timing::Read r;
    r.id = 1;
    r.reader_id = f.config().readers.at(0).id;
    r.timing_point_id = f.config().find_point("finish")->id;
    r.chip = "CT0001";
    r.device_time = utc(2014, 4, 12, 11, 25, 0);
    r.receive_time = *r.device_time;
    engine.add_read(r);
    const auto s = engine.snapshot();
    EXPECT_TRUE(has_issue(*s, "chip CT0001 is listed for bibs 1 and 2: it counts for bib 1")) << issues(*s);
    EXPECT_EQ(runner(*s, "1").status, results::Status::finished);
    EXPECT_FALSE(runner(*s, "2").finish.has_value());
}
