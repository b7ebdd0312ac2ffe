// Gun and net time, pace and splits of one runner (rules.md "Times"), hand-worked.
#include <gtest/gtest.h>

#include "results/runner_result.hpp"
#include "tests/results/rule_inputs.hpp"

namespace fl::results::test {
namespace {

TEST(Pace, PerKmAndPerMile) {
    // 10 km in 40:00: 4:00 per km; per mile 2400 s × 1609.344 m / 10000 m = 386.24256 s.
    EXPECT_EQ(pace(std::chrono::minutes{40}, 1e6, 10000), Duration{240'000'000});
    EXPECT_EQ(pace(std::chrono::minutes{40}, 1609344, 10000), Duration{386'242'560});
    EXPECT_FALSE(pace(std::chrono::minutes{40}, 1e6, 0));
}

TEST(RunnerResult, GunTimeFromTheWaveNetTimeFromTheStartMat) {
    Course c;
    std::vector<std::string> issues;
    const auto cid = enter(people()[2], c.events, c.config, issues);  // wave B, gun 09:10
    RunnerScore s;
    s.status = Status::finished;
    s.chip.start = c.at(600 + 45);
    s.chip.splits = {c.at(600 + 45 + 1500)};  // 5 km 25:00 after his start
    s.finish = c.at(600 + 45 + 3000 + 0.4);
    s.source = FinishSource::chip;
    const auto r = runner_result(cid, s, &c.ten_k(), nullptr, 2020);
    EXPECT_EQ(r->wave, "B");
    EXPECT_EQ(r->gun_time, Duration{3045'400'000});
    EXPECT_EQ(r->net_time, Duration{3000'400'000});
    EXPECT_EQ(r->rank_time, r->gun_time);  // the 10K ranks by gun
    EXPECT_EQ(r->pace_per_km, Duration{300'040'000});
    EXPECT_FALSE(r->manual_finish);
    EXPECT_FALSE(r->over_cutoff);  // 50:45 < 1:30:00
    ASSERT_EQ(r->splits.size(), 1u);
    EXPECT_EQ(r->splits[0].elapsed, Duration{1500'000'000});
    EXPECT_EQ(r->splits[0].pace_per_km, Duration{300'000'000});
    EXPECT_FALSE(r->age_grade);  // no table
}

}  // namespace
}  // namespace fl::results::test
