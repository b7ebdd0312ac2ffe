// Lap races (README "Laps and fixed-time races"; issue 17), hand-worked from the rules the issue
// states: a crossing of the lap line counts a lap when it comes min_lap_time after the runner's
// previous lap (their start for the first); the race ends at `laps` laps or at `time_limit`;
// ranking is laps (most first), then the time of the last lap; a lapped runner's race ends on
// the leader's lap unless lapped_continue = true.
#include <gtest/gtest.h>

#include "results/exports.hpp"
#include "results/backyard.hpp"
#include "results/lap_count.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t s = 1'000'000;  // µs

std::vector<LapCrossing> crossings(std::initializer_list<std::int64_t> seconds) {
    std::vector<LapCrossing> out;
    std::int64_t id = 0;
    for (auto t : seconds) out.push_back({t * s, t * s, {t * s, RecordTable::read, ++id}, FinishSource::chip});
    return out;
}

std::vector<std::int64_t> seconds_of(const std::vector<LapCrossing>& laps) {
    std::vector<std::int64_t> out;
    for (const auto& l : laps) out.push_back(l.time / s);
    return out;
}

TEST(LapCount, ACrossingCountsOnlyMinLapTimeAfterThePreviousLap) {
    // Start at 0; min lap 60 s. 5 s: crossing the line at the start; 302: a second read of the
    // 300 crossing; 340: too soon after 300 (a runner cannot lap in 40 s).
    const auto c = crossings({5, 300, 302, 340, 600, 900});
    std::vector<LapCrossing> laps;
    count_laps(c, {0, 60 * s, {}, {}, {}}, laps);
    EXPECT_EQ(seconds_of(laps), (std::vector<std::int64_t>{300, 600, 900}));
}

TEST(LapCount, TheRaceEndsAtItsLapsOrItsTimeLimit) {
    const auto c = crossings({300, 600, 900, 1200, 1500});
    std::vector<LapCrossing> laps;
    LapRule three{0, 60 * s, 3, {}, {}};
    count_laps(c, three, laps);
    EXPECT_EQ(seconds_of(laps), (std::vector<std::int64_t>{300, 600, 900}));
    EXPECT_TRUE(laps_complete(laps, three));
    // A 20-minute limit: the lap at exactly 20:00 counts, the next does not.
    LapRule limit{0, 60 * s, {}, 1200 * s, {}};
    count_laps(c, limit, laps);
    EXPECT_EQ(seconds_of(laps), (std::vector<std::int64_t>{300, 600, 900, 1200}));
    EXPECT_FALSE(laps_complete(laps, limit));  // a time race is over when the clock says so
}

TEST(LapCount, ALappedRunnerStopsAtTheirFirstCrossingAfterTheLeaderFinished) {
    const auto c = crossings({480, 960, 1440});
    std::vector<LapCrossing> laps;
    LapRule rule{0, 60 * s, 3, {}, 900 * s};  // the leader finished at 15:00
    count_laps(c, rule, laps);
    EXPECT_EQ(seconds_of(laps), (std::vector<std::int64_t>{480, 960}));
    EXPECT_TRUE(laps_complete(laps, rule));
}

// A 3-lap race on a 400 m track, the gun at 09:00 (README's example).
std::string track_toml(std::string_view extra) {
    return fmt::format(R"([race]
name = "Track night"
date = "2024-05-05"
timezone = "UTC"
[[events]]
name = "1200m"
type = "laps"
distance_m = 400
start = "09:00:00"
min_lap_time = "00:01:00"
{}
[[timing_points]]
name = "line"
role = "lap"
)",
                       extra);
}

std::vector<timing::Participant> track_people() {
    std::vector<timing::Participant> list{
        person("1", "Ann", timing::Gender::F, "30", "1200m", "", {"C1"}),
        person("2", "Bob", timing::Gender::M, "40", "1200m", "", {"C2"}),
        person("3", "Cid", timing::Gender::M, "50", "1200m", "", {"C3"}),
        person("4", "Dee", timing::Gender::F, "60", "1200m", "", {"C4"}),
    };
    for (std::size_t i = 0; i < list.size(); ++i) list[i].id = static_cast<std::int64_t>(i) + 1;
    return list;
}

// Ann leads (laps at 5, 10, 15 min); Bob laps at 6, 12, 18; Cid at 8, 16, 24 (lapped); Dee's
// laps are a marshal's entries at 10 and 20 min (lapped twice).
void run_track(Race& r) {
    for (auto t : {"09:00:05", "09:05:00", "09:05:02", "09:10:00", "09:15:00", "09:20:00"}) r.read("C1", 1, t);
    for (auto t : {"09:06:00", "09:12:00", "09:18:00"}) r.read("C2", 1, t);
    for (auto t : {"09:08:00", "09:16:00", "09:24:00"}) r.read("C3", 1, t);
    for (auto t : {"09:10:00", "09:20:00"}) r.entry(timing::EntryKind::finish, "4", t);
}

TEST(LapRace, LapsRankFirstAndLappedRunnersFinishOnTheLeadersLap) {
    Race r(track_people(), track_toml("laps = 3"));
    run_track(r);
    EXPECT_EQ(r.order("1200m"), (std::vector<std::string>{"1", "2", "3", "4"}));
    EXPECT_EQ(r.runner("1").laps, 3);
    EXPECT_EQ(r.runner("1").gun_time, hms("0:15:00"));
    EXPECT_EQ(r.runner("1").lap_times, (std::vector<Duration>{hms("0:05:00"), hms("0:05:00"), hms("0:05:00")}));
    EXPECT_TRUE(r.runner("1").laps_complete);
    EXPECT_EQ(r.runner("2").laps, 3);
    EXPECT_EQ(r.runner("2").gun_time, hms("0:18:00"));
    // Cid's 16:00 lap came after Ann finished (15:00): his race ended there, with 2 laps.
    EXPECT_EQ(r.runner("3").laps, 2);
    EXPECT_EQ(r.runner("3").gun_time, hms("0:16:00"));
    EXPECT_TRUE(r.runner("3").laps_complete);
    EXPECT_EQ(r.runner("4").laps, 2);
    EXPECT_EQ(r.runner("4").finish_source, FinishSource::manual);
    EXPECT_EQ(r.row("4").place, 4);
    // Pace over the laps run: 1200 m in 15:00 is 12:30 per km.
    EXPECT_EQ(r.runner("1").pace_per_km, hms("0:12:30"));

    EXPECT_EQ(to_laps_csv(r.s()),
              "place,bib,name,gender,age,category,laps,gun_time,net_time,gender_place,category_place,status,complete,lap_1,lap_2,lap_3\n"
              "1,1,Ann,F,30,F30-34,3,0:15:00,0:15:00,1,1,FIN,yes,0:05:00,0:05:00,0:05:00\n"
              "2,2,Bob,M,40,M40-44,3,0:18:00,0:18:00,1,1,FIN,yes,0:06:00,0:06:00,0:06:00\n"
              "3,3,Cid,M,50,M50-54,2,0:16:00,0:16:00,2,1,FIN,yes,0:08:00,0:08:00,\n"
              "4,4,Dee,F,60,F60-64,2,0:20:00,0:20:00,2,1,FIN,yes,0:10:00,0:10:00,\n");

    // The leader disqualified: her finish ends nobody's race; Bob's 18:00 does.
    timing::NewCorrection dq;
    dq.kind = timing::CorrectionKind::dq;
    dq.bib = "1";
    dq.reason = "cut the course";
    r.correct(dq);
    EXPECT_EQ(r.runner("3").laps, 3);  // 8, 16, 24: his 24:00 lap is his first after 18:00
    EXPECT_EQ(r.order("1200m"), (std::vector<std::string>{"2", "3", "4", "1"}));
}

TEST(LapRace, LappedContinueLetsEveryoneRunTheLaps) {
    Race r(track_people(), track_toml("laps = 3\nlapped_continue = true"));
    run_track(r);
    EXPECT_EQ(r.runner("3").laps, 3);
    EXPECT_EQ(r.runner("3").gun_time, hms("0:24:00"));
    EXPECT_FALSE(r.runner("4").laps_complete);  // still out there
    EXPECT_EQ(r.order("1200m"), (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST(LapRace, AFixedTimeRaceCountsTheLapsWithinTheLimit) {
    Race r(track_people(), track_toml("time_limit = \"00:20:00\""));
    run_track(r);
    // Ann: 5, 10, 15, 20 (at the limit: counts) = 4 laps; Bob 3 in 18:00; Cid 2 (24:00 is late).
    EXPECT_EQ(r.runner("1").laps, 4);
    EXPECT_EQ(r.runner("1").gun_time, hms("0:20:00"));
    EXPECT_EQ(r.runner("3").laps, 2);
    // Cid's 2 laps in 16:00 rank before Dee's 2 in 20:00 (09:20:00, at the limit, counts).
    EXPECT_EQ(r.runner("4").laps, 2);
    EXPECT_EQ(r.order("1200m"), (std::vector<std::string>{"1", "2", "3", "4"}));
}

}  // namespace
}  // namespace fl::results::test

namespace fl::results::test {
namespace {

// Backyard ultras (README "Backyard ultras"), by the published rules (en.wikipedia.org/wiki/
// Backyard_ultra: "Each lap begins on the hour and must be completed within that hour ... The
// event continues until a single runner completes a lap alone; that runner is declared the
// winner ... If no competitor manages to complete one more lap than the others ... the race
// ends with no winner"), hand-worked on 1-hour loops from a noon gun.
TEST(Backyard, ALoopCountsOnlyWhenFinishedWithinItsHour) {
    const std::int64_t h = 3600 * s;
    // 0:00:10 the corral (too soon: min 60 s), 0:50 loop 1, 1:45 loop 2, 3:05 late for loop 3
    // (it closed at 3:00), 3:40 after being out: nothing counts.
    const auto c = crossings({10, 3000, 6300, 11100, 13200});
    std::vector<LapCrossing> loops;
    count_loops(c, {0, h, 60 * s}, loops);
    EXPECT_EQ(seconds_of(loops), (std::vector<std::int64_t>{3000, 6300}));
    // Missing loop 1 entirely: out at once, whatever comes later.
    count_loops(crossings({4000, 7000}), {0, h, 60 * s}, loops);
    EXPECT_TRUE(loops.empty());
}

TEST(Backyard, TheLoopClockAndWhoIsStillIn) {
    const auto gun = timing::instant_from_micros(0);
    const auto clock = loop_clock(gun, std::chrono::hours{1}, gun + std::chrono::minutes{150});
    EXPECT_EQ(clock.loop, 3);  // 2:30 after the gun: loop 3, 30 minutes left
    EXPECT_EQ(clock.left, std::chrono::minutes{30});
    RunnerResult r;
    r.status = Status::finished;
    r.laps = 2;
    EXPECT_TRUE(still_in(r, clock));   // finished loops 1 and 2, out on loop 3
    r.laps = 1;
    EXPECT_FALSE(still_in(r, clock));  // loop 2 closed without them
    r.laps = 2;
    r.declared_dnf = true;             // stopped: a DNF correction
    EXPECT_FALSE(still_in(r, clock));
    EXPECT_EQ(loop_clock(gun, std::chrono::hours{1}, gun - std::chrono::minutes{5}).loop, 0);
}

std::string yard_toml() {
    return R"([race]
name = "Backyard"
date = "2024-05-05"
timezone = "UTC"
[[events]]
name = "Yards"
type = "backyard"
distance_m = 6706
start = "12:00:00"
[[timing_points]]
name = "corral"
role = "finish"
)";
}

TEST(Backyard, TheLastToCompleteALoopAloneWins) {
    auto people = track_people();
    for (auto& p : people) p.event = "Yards";
    Race r(people, yard_toml());
    // Ann runs 4 loops (50-minute yards), Bob 3 (his 4th ends at 16:02: late), Cid 3, Dee 1
    // (her second is missing).
    for (auto t : {"12:50:00", "13:50:00", "14:50:00", "15:50:00"}) r.read("C1", 1, t);
    for (auto t : {"12:55:00", "13:55:00", "14:58:00", "16:02:00"}) r.read("C2", 1, t);
    for (auto t : {"12:52:00", "13:52:00", "14:52:00"}) r.read("C3", 1, t);
    for (auto t : {"12:59:00", "14:30:00"}) r.read("C4", 1, t);
    EXPECT_EQ(r.order("Yards"), (std::vector<std::string>{"1", "3", "2", "4"}));  // Cid's 3rd yard before Bob's
    EXPECT_EQ(r.runner("1").laps, 4);
    EXPECT_EQ(r.runner("2").laps, 3);
    EXPECT_EQ(r.runner("4").laps, 1);
    // Each yard's time runs from its own start on the hour.
    EXPECT_EQ(r.runner("2").lap_times, (std::vector<Duration>{hms("0:55:00"), hms("0:55:00"), hms("0:58:00")}));
    EXPECT_EQ(r.event("Yards").interval, std::chrono::hours{1});
    const auto gun = r.event("Yards").waves[0].gun;
    const auto at = [&](std::string_view t) { return loop_clock(gun, std::chrono::hours{1}, r.at(t)); };
    EXPECT_EQ(backyard_winner(r.event("Yards"), at("15:55:00")), nullptr);  // loop 4 is not over: Bob may still finish it
    const auto* winner = backyard_winner(r.event("Yards"), at("16:00:00"));
    ASSERT_NE(winner, nullptr);
    EXPECT_EQ(winner->runner->bib, "1");
    // Had Cid finished the 4th yard too, nobody completed a loop alone: no winner.
    r.read("C3", 1, "15:59:59");
    EXPECT_EQ(backyard_winner(r.event("Yards"), at("17:00:00")), nullptr);
    EXPECT_EQ(to_laps_csv(r.s()),
              "place,bib,name,gender,age,category,laps,gun_time,net_time,gender_place,category_place,status,complete,lap_1,lap_2,lap_3,lap_4\n"
              "1,1,Ann,F,30,F30-34,4,3:50:00,3:50:00,1,1,FIN,,0:50:00,0:50:00,0:50:00,0:50:00\n"
              "2,3,Cid,M,50,M50-54,4,3:59:59,3:59:59,1,1,FIN,,0:52:00,0:52:00,0:52:00,0:59:59\n"
              "3,2,Bob,M,40,M40-44,3,2:58:00,2:58:00,2,1,FIN,,0:55:00,0:55:00,0:58:00,\n"
              "4,4,Dee,F,60,F60-64,1,0:59:00,0:59:00,2,1,FIN,,0:59:00,,,\n");
}

}  // namespace
}  // namespace fl::results::test
