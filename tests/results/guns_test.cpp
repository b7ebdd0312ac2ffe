// The gun of each wave: set_gun correction, else recorded gun (entry or device), else schedule.
#include <gtest/gtest.h>

#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using namespace std::chrono_literals;
using timing::CorrectionKind;
using timing::EntryKind;

TEST(Guns, ScheduledGunsFollowWaveOffsets) {
    Race race;
    const auto& e = race.event("10K");
    ASSERT_EQ(e.waves.size(), 2u);
    EXPECT_EQ(e.waves[0].name, "A");
    EXPECT_EQ(e.waves[0].gun, race.at("09:00:00"));
    EXPECT_EQ(e.waves[1].gun, race.at("09:10:00"));
    EXPECT_FALSE(e.waves[1].recorded());
    race.read("C3", pt_finish, "09:50:00");  // Cid runs in wave B
    EXPECT_EQ(race.runner("3").gun_time, hms("0:40:00"));
    EXPECT_EQ(race.runner("3").wave, "B");
    const auto& five = race.event("5K");
    ASSERT_EQ(five.waves.size(), 1u);
    EXPECT_EQ(five.waves[0].name, "");
}

TEST(Guns, AnEventGunEntryMovesEveryWaveByItsOffset) {
    Race race;
    race.entry(EntryKind::gun, "", "09:00:30", ev10k);
    const auto& e = race.event("10K");
    EXPECT_EQ(e.waves[0].gun, race.at("09:00:30"));
    EXPECT_EQ(e.waves[1].gun, race.at("09:10:30"));
    EXPECT_EQ(e.waves[0].source, GunSource::recorded);
    EXPECT_EQ(race.event("5K").waves[0].gun, race.at("09:30:00"));  // another event
}

TEST(Guns, AWaveGunEntryMovesOnlyThatWave) {
    Race race;
    race.entry(EntryKind::gun, "", "09:11:00", ev10k, wave_b);
    const auto& e = race.event("10K");
    EXPECT_EQ(e.waves[0].gun, race.at("09:00:00"));
    EXPECT_EQ(e.waves[1].gun, race.at("09:11:00"));
    race.read("C3", pt_finish, "09:50:00");
    EXPECT_EQ(race.runner("3").gun_time, hms("0:39:00"));
}

TEST(Guns, TheLatestRecordedGunWins) {
    Race race;
    timing::Entry first;
    first.id = 1;
    first.kind = EntryKind::gun;
    first.event_id = ev10k;
    first.time = race.at("09:00:30");
    first.created = race.at("09:00:31");
    timing::Entry second = first;  // a marshal fixes the gun a minute later
    second.id = 2;
    second.time = race.at("09:00:20");
    second.created = race.at("09:01:31");
    race.engine.add_entry(second);
    race.engine.add_entry(first);  // feeding order does not matter
    EXPECT_EQ(race.event("10K").waves[0].gun, race.at("09:00:20"));
}

TEST(Guns, ADeviceGunReadStartsEveryEventStartingAtItsPoint) {
    Race race;
    auto g = race.make_read("", pt_start, "09:00:02");
    g.kind = timing::ReadKind::gun;
    race.feed(g);
    EXPECT_EQ(race.event("10K").waves[0].gun, race.at("09:00:02"));
    EXPECT_EQ(race.event("10K").waves[1].gun, race.at("09:10:02"));
    EXPECT_EQ(race.event("5K").waves[0].gun, race.at("09:00:02"));
}

TEST(Guns, SetGunWinsOverRecordedAndUndoRestoresIt) {
    Race race;
    race.entry(EntryKind::gun, "", "09:00:30", ev10k);
    race.read("C1", pt_finish, "09:45:00");
    timing::NewCorrection c;
    c.kind = CorrectionKind::set_gun;
    c.event_id = ev10k;
    c.time = race.at("09:00:10");
    const auto id = race.correct(c);
    EXPECT_EQ(race.event("10K").waves[0].source, GunSource::corrected);
    EXPECT_EQ(race.event("10K").waves[1].gun, race.at("09:10:10"));
    EXPECT_EQ(race.runner("1").gun_time, hms("0:44:50"));
    timing::NewCorrection undo;
    undo.kind = CorrectionKind::undo;
    undo.target_id = id;
    race.correct(undo);
    EXPECT_EQ(race.event("10K").waves[0].gun, race.at("09:00:30"));
    EXPECT_EQ(race.runner("1").gun_time, hms("0:44:30"));
}

TEST(Guns, AWaveSetGunLeavesTheOtherWaves) {
    Race race;
    timing::NewCorrection c;
    c.kind = CorrectionKind::set_gun;
    c.event_id = ev10k;
    c.wave_id = wave_b;
    c.time = race.at("09:12:00");
    race.correct(c);
    EXPECT_EQ(race.event("10K").waves[0].gun, race.at("09:00:00"));
    EXPECT_EQ(race.event("10K").waves[1].gun, race.at("09:12:00"));
}

TEST(Guns, AGunChangeMovesStartWindowAndMinTime) {
    Race race;
    race.read("C1", pt_finish, "09:22:00");  // 22 min after the scheduled gun: a finish
    EXPECT_EQ(race.runner("1").status, Status::finished);
    race.entry(EntryKind::gun, "", "09:03:00", ev10k);  // now only 19 min: too early
    EXPECT_EQ(race.runner("1").status, Status::dnf);
}

}  // namespace
}  // namespace fl::results::test
