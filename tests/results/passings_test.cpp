// From reads to passings: which read makes a finish, a start and a split; what is set aside.
#include <gtest/gtest.h>

#include "results/passings.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using namespace std::chrono_literals;

std::string with(std::string_view from, std::string_view to) {
    std::string t(race_toml);
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    t.replace(at, from.size(), to);
    return t;
}

TEST(Passings, FinishIsTheFirstReadAfterMinTime) {
    Race race;
    race.read("C1", pt_finish, "09:15:00");  // 15 min after the gun: less than min_time (20 min)
    race.read("C1", pt_finish, "09:41:10.2");
    race.read("C1", pt_finish, "09:41:11.0");
    const auto& r = race.runner("1");
    EXPECT_EQ(r.status, Status::finished);
    EXPECT_EQ(r.finish, race.at("09:41:10.2"));
    EXPECT_EQ(r.gun_time, hms("0:41:10.2"));
    EXPECT_EQ(r.finish_source, FinishSource::chip);
    EXPECT_FALSE(r.manual_finish);
}

TEST(Passings, ReadsWithinTheDedupWindowAreOnePassing) {
    Race race;
    // A passing that began before min_time is ignored whole, duplicates included.
    race.read("C1", pt_finish, "09:19:58");
    race.read("C1", pt_finish, "09:20:01");  // 3 s later: the same passing
    EXPECT_EQ(race.runner("1").status, Status::dnf);
    race.read("C1", pt_finish, "09:20:04");  // 6 s after the first: a new passing
    EXPECT_EQ(race.runner("1").finish, race.at("09:20:04"));
}

TEST(Passings, FirstPassingHelperSkipsWholeClusters) {
    struct R {
        std::int64_t time;
    };
    const std::vector<R> reads{{100}, {103}, {104}, {106}, {120}};
    // The cluster 100..104 begins before 102; 106 is more than 5 after 100: a new passing.
    EXPECT_EQ(first_passing_from(std::span<const R>(reads), 102, 5), 3u);
    EXPECT_EQ(first_passing_from(std::span<const R>(reads), 100, 5), 0u);
    EXPECT_EQ(first_passing_from(std::span<const R>(reads), 121, 5), std::nullopt);
    EXPECT_EQ(count_passings(std::span<const R>(reads), 5), 3u);
    EXPECT_EQ(last_read_between(std::span<const R>(reads), 101, 110), 3u);
    EXPECT_EQ(last_read_between(std::span<const R>(reads), 107, 119), std::nullopt);
}

TEST(Passings, FinishReadsBeforeTheGunAreIgnored) {
    Race race({people()}, with("min_time = \"00:20:00\"", "min_time = \"00:00:00\""));
    race.read("C1", pt_finish, "08:59:59");  // warming up over the finish mat
    EXPECT_EQ(race.runner("1").status, Status::dns);
    race.read("C1", pt_finish, "09:30:00");
    EXPECT_EQ(race.runner("1").finish, race.at("09:30:00"));
}

TEST(Passings, StartIsTheLastReadBetweenGunAndStartWindow) {
    Race race;
    race.read("C1", pt_start, "08:59:50");    // before the gun
    race.read("C1", pt_start, "09:00:05");
    race.read("C1", pt_start, "09:00:07.5");  // the last crossing in the window
    race.read("C1", pt_start, "09:16:00");    // after the 15 min window
    race.read("C1", pt_finish, "09:45:00");
    const auto& r = race.runner("1");
    EXPECT_EQ(r.start_passing, race.at("09:00:07.5"));
    EXPECT_EQ(r.gun_time, hms("0:45:00"));
    EXPECT_EQ(r.net_time, hms("0:44:52.5"));
}

TEST(Passings, NetTimeIsGunTimeWithoutAStartRead) {
    Race race;
    race.read("C1", pt_finish, "09:45:00");
    const auto& r = race.runner("1");
    EXPECT_FALSE(r.start_passing);
    EXPECT_EQ(r.net_time, r.gun_time);
}

TEST(Passings, SplitIsTheFirstPassingAfterTheGun) {
    Race race;
    race.read("C1", pt_km5, "08:58:00");  // before the gun
    race.read("C1", pt_start, "09:00:10");
    race.read("C1", pt_km5, "09:20:00.5");
    race.read("C1", pt_km5, "09:20:02");
    const auto& e = race.event("10K");
    ASSERT_EQ(e.splits.size(), 1u);
    EXPECT_EQ(e.splits[0].name, "km5");
    const auto& sp = race.runner("1").splits.at(0);
    EXPECT_EQ(sp.at, race.at("09:20:00.5"));
    EXPECT_EQ(sp.elapsed, hms("0:19:50.5"));
    EXPECT_EQ(sp.pace_per_km, hms("0:03:58.1"));
    // 5 km = 3.10686 miles: 1190.5 s / 3.10686 = 383.18 s.
    EXPECT_NEAR(static_cast<double>(sp.pace_per_mile->count()) / 1e6, 383.18, 0.01);
}

TEST(Passings, ReadsAtPointsOutsideTheEventAreIgnored) {
    Race race;
    race.read("C4", pt_km5, "09:40:00");  // the 5K does not use km5
    EXPECT_EQ(race.runner("4").status, Status::dns);
    EXPECT_TRUE(race.runner("4").splits.empty());
}

TEST(Passings, UnknownChipsAreListedAsUnassigned) {
    Race race;
    const auto id = race.read("ZZZ9", pt_finish, "09:40:00");
    const auto& list = *race.s().unassigned_reads;
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].read_id, id);
    EXPECT_EQ(list[0].chip, "ZZZ9");
    EXPECT_EQ(list[0].timing_point, "finish");
    EXPECT_EQ(list[0].reader, "finish-mat");
    EXPECT_EQ(list[0].time, race.at("09:40:00"));
}

TEST(Passings, FlaggedReadsAreListedAndNeverScored) {
    Race race;
    auto bad = race.make_read("C1", pt_finish, "09:40:00");
    bad.device_time.reset();
    bad.flags = timing::read_flag_bad_time;
    race.feed(bad);
    auto far = race.make_read("C1", pt_finish, "09:41:00");
    far.flags = timing::read_flag_impossible_time;
    race.feed(far);
    auto nowhere = race.make_read("C1", pt_finish, "09:42:00");
    nowhere.timing_point_id.reset();
    nowhere.flags = timing::read_flag_unknown_location;
    race.feed(nowhere);
    auto unknown_point = race.make_read("C1", 99, "09:43:00", rd_finish);
    race.feed(unknown_point);
    EXPECT_EQ(race.runner("1").status, Status::dns);
    const auto& list = *race.s().flagged_reads;
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list[0].reason, "bad time");
    EXPECT_EQ(list[1].reason, "impossible time");
    EXPECT_EQ(list[2].reason, "unknown location");
    EXPECT_EQ(list[3].reason, "unknown location");
    EXPECT_EQ(list[0].reader, "finish-mat");
    EXPECT_EQ(race.engine.reads_stored(), 0u);
}

TEST(Passings, ARowFedTwiceIsTakenOnce) {
    Race race;
    const auto r = race.make_read("C1", pt_finish, "09:40:00");
    race.feed(r);
    const auto v = race.engine.version();
    race.engine.add_read(r);
    EXPECT_EQ(race.engine.version(), v);
    EXPECT_EQ(race.engine.reads_stored(), 1u);
    EXPECT_EQ(race.engine.fed().read, r.id);
}

TEST(Passings, MarkerReadsAreNotScored) {
    Race race;
    auto m = race.make_read("", pt_finish, "09:40:00");
    m.kind = timing::ReadKind::marker;
    race.feed(m);
    EXPECT_EQ(race.runner("1").status, Status::dns);
    EXPECT_TRUE(race.s().flagged_reads->empty());
    EXPECT_TRUE(race.s().unassigned_reads->empty());
}

TEST(Passings, ConfigClockOffsetIsAddedToDeviceTime) {
    Race race;
    race.read("C1", pt_finish, "09:41:08", rd_backup);  // backup clock is 2 s slow
    EXPECT_EQ(race.runner("1").finish, race.at("09:41:10"));
}

TEST(Passings, LatestClockSyncIsAppliedWhenTheConfigHasNoOffset) {
    Race race;
    race.read("C1", pt_finish, "09:41:10");
    race.engine.add_clock_sync({rd_finish, race.at("08:00:00"), -1500ms});
    EXPECT_EQ(race.runner("1").finish, race.at("09:41:08.5"));
    race.engine.add_clock_sync({rd_finish, race.at("08:30:00"), 500ms});
    EXPECT_EQ(race.runner("1").finish, race.at("09:41:10.5"));
    // An older measurement arriving late does not replace the latest.
    race.engine.add_clock_sync({rd_finish, race.at("08:10:00"), -3000ms});
    EXPECT_EQ(race.runner("1").finish, race.at("09:41:10.5"));
    // Reads arriving after the sync get it too.
    race.read("C2", pt_finish, "09:50:00");
    EXPECT_EQ(race.runner("2").finish, race.at("09:50:00.5"));
}

TEST(Passings, ConfigOffsetWinsOverClockSync) {
    Race race;
    race.engine.add_clock_sync({rd_backup, race.at("08:00:00"), 10s});
    race.read("C1", pt_finish, "09:41:08", rd_backup);
    EXPECT_EQ(race.runner("1").finish, race.at("09:41:10"));
}

TEST(Passings, EveryChipOfARunnerCounts) {
    Race race;
    race.read("C55", pt_finish, "09:50:00");
    race.read("C5", pt_finish, "09:49:00");
    EXPECT_EQ(race.runner("5").finish, race.at("09:49:00"));
}

}  // namespace
}  // namespace fl::results::test
