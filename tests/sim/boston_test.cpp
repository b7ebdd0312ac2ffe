#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tools/sim/boston.hpp"
#include "tools/sim/error.hpp"
#include "tools/sim/record_stream.hpp"

namespace fl::sim {
namespace {

using namespace std::chrono_literals;

timing::RaceConfig boston_config() {
    std::string toml = R"toml(
[race]
name = "Boston Marathon 2017 (replay)"
date = "2017-04-17"
timezone = "America/New_York"
[[events]]
name = "Marathon"
distance_m = 42195
start = "10:00:00"
rank_by = "net"
  [[events.waves]]
  name = "1"
  [[events.waves]]
  name = "2"
  offset = "00:25:00"
  [[events.waves]]
  name = "3"
  offset = "01:00:00"
  [[events.waves]]
  name = "4"
  offset = "01:25:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
)toml";
    for (int km : {5, 10, 15, 20, 25, 30, 35, 40})
        toml += fmt::format("[[timing_points]]\nname = \"{}k\"\nrole = \"split\"\ndistance_m = {}\n", km, km * 1000);
    toml += "[[timing_points]]\nname = \"half\"\nrole = \"split\"\ndistance_m = 21097.5\n";
    return timing::parse_config(toml, "boston.toml");
}

const std::vector<ResultRow>& boston_rows() {
    static const auto rows = parse_results_csv(test::slurp(FL_SHARED_DIR "/data/boston2017_results.csv"),
                                               "boston2017_results.csv");
    return rows;
}

TEST(Replay, ParsesEveryFinisherWithSplitsByDistance) {
    const auto& rows = boston_rows();
    ASSERT_EQ(rows.size(), 26410u);
    const auto& first = rows.front();
    EXPECT_EQ(first.bib, "11");
    EXPECT_EQ(first.age, 24);
    EXPECT_EQ(first.gender, timing::Gender::M);
    EXPECT_EQ(first.official, 2h + 9min + 37s);
    ASSERT_EQ(first.splits.size(), 9u);
    EXPECT_EQ(first.splits.front(), (std::pair<double, Duration>{5000, 15min + 25s}));
    EXPECT_EQ(first.splits[4], (std::pair<double, Duration>{21097.5, 1h + 4min + 35s}));
    EXPECT_EQ(first.splits.back(), (std::pair<double, Duration>{40000, 2h + 2min + 53s}));
    // '-' is a split that was not read.
    const auto gaps = std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.splits.size() < 9; });
    EXPECT_GT(gaps, 0);
}

TEST(Replay, ReproducesEveryOfficialNetTimeAndSplitExactly) {
    const auto cfg = boston_config();
    const auto& rows = boston_rows();
    const auto people = replay_participants(cfg, rows, {});
    PlanOptions o;
    o.missed = 0;
    o.stray = 0;
    const auto plan = build_replay_plan(cfg, people, rows, o);
    ASSERT_EQ(plan.runners.size(), rows.size());
    std::map<std::string_view, const ResultRow*> row;
    for (const auto& r : rows) row[r.bib] = &r;
    for (const auto& r : plan.runners) {
        ASSERT_EQ(r.outcome, Outcome::finished) << r.bib;
        ASSERT_EQ(*r.net(), *row.at(r.bib)->official) << r.bib;
    }
    const auto start = *plan.point_index("start");
    const auto half = *plan.point_index("half");
    std::size_t halves = 0;
    for (const auto& c : plan.crossings) {
        if (c.point != half) continue;
        const auto& r = plan.runners[c.runner];
        const auto& splits = row.at(r.bib)->splits;
        const auto it = std::find_if(splits.begin(), splits.end(), [](const auto& s) { return s.first == 21097.5; });
        ASSERT_NE(it, splits.end()) << r.bib << ": a crossing only where the row has a time";
        ASSERT_EQ(c.time - r.start, it->second) << r.bib;
        ++halves;
    }
    EXPECT_GT(halves, 26000u);
    // Elite women (bibs F…) line up at the front of wave 1.
    for (const auto& c : plan.crossings) {
        if (c.point == start && plan.runners[c.runner].bib == "F3") {
            EXPECT_LT(c.time - plan.event_guns[0], 5s);
        }
    }
}

TEST(Replay, ReadsGiveTheOfficialNetTimeByTheScoringRule) {
    // Start = last start-mat read, finish = first finish read: over every chip of a runner,
    // with the default missed reads (runners missed at either mat are left out).
    const auto cfg = boston_config();
    const std::vector<ResultRow> rows(boston_rows().begin(), boston_rows().begin() + 3000);
    const auto people = replay_participants(cfg, rows, {});
    auto plan = std::make_shared<const Plan>(build_replay_plan(cfg, people, rows, PlanOptions{}));
    StreamOptions so;
    so.points = {*plan->point_index("start"), *plan->point_index("finish")};
    RecordStream stream(plan, so);
    std::map<std::uint32_t, std::uint32_t> owner;  // chip → runner
    for (std::uint32_t i = 0; i < plan->runners.size(); ++i)
        for (auto c : plan->runners[i].chips) owner[c] = i;
    std::map<std::uint32_t, Instant> last_start, first_finish;
    while (const auto* r = stream.peek()) {
        if (r->kind == RecordKind::tag && !plan->is_stray(r->read.chip)) {
            const auto who = owner.at(r->read.chip);
            if (r->read.point == so.points[0]) last_start[who] = std::max(last_start[who], r->read.time);
            else if (!first_finish.count(who)) first_finish[who] = r->read.time;
        }
        stream.pop();
    }
    std::size_t checked = 0;
    for (std::uint32_t i = 0; i < plan->runners.size(); ++i) {
        if (!last_start.count(i) || !first_finish.count(i)) continue;
        ASSERT_EQ(first_finish[i] - last_start[i], *rows[i].official) << plan->runners[i].bib;
        ++checked;
    }
    EXPECT_GT(checked, 2950u);
    EXPECT_LT(checked, 3000u) << "some runners lose every chip read at a mat";
}

TEST(Replay, ParticipantsFillTheWavesInBibOrderWithChips) {
    const auto cfg = boston_config();
    const auto people = replay_participants(cfg, boston_rows(), {});
    std::map<std::string, int> waves;
    for (const auto& p : people) {
        ++waves[p.wave];
        ASSERT_FALSE(p.chips.empty());
        ASSERT_TRUE(p.age);
    }
    EXPECT_EQ(waves.size(), 4u);
    for (const auto& [w, n] : waves) EXPECT_NEAR(n, 26410 / 4, 1) << w;
}

TEST(Replay, ResultsForUnknownBibsAreRefused) {
    const auto cfg = boston_config();
    const std::vector<ResultRow> rows(boston_rows().begin(), boston_rows().begin() + 10);
    auto people = replay_participants(cfg, rows, {});
    people.pop_back();
    EXPECT_THROW(build_replay_plan(cfg, people, rows, {}), Error);
}

TEST(Replay, MalformedTimesNameTheLine) {
    try {
        parse_results_csv("bib,split_5k,official_time\n1,0:20:00,0:40:00\n2,abc,0:41:00\n", "r.csv");
        FAIL();
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "r.csv:3: 'abc' in column split_5k: expected a time H:MM:SS or '-'");
    }
}

}  // namespace
}  // namespace fl::sim
