// What each timing point is to each event, the waves' scheduled guns, and ids for a config
// never stored.
#include <gtest/gtest.h>

#include "tests/results/rule_inputs.hpp"

namespace fl::results::test {
namespace {

TEST(CourseLayout, EachEventUsesTheTimingPointsItLists) {
    Course c;
    const auto& ten = c.ten_k();
    EXPECT_EQ(ten.use, (std::vector<PointUse>{PointUse::start, PointUse::split, PointUse::finish}));
    EXPECT_TRUE(ten.has_start_point);
    ASSERT_EQ(ten.splits.size(), 1u);
    EXPECT_EQ(ten.splits[0].name, "km5");
    EXPECT_EQ(ten.split_of, (std::vector<int>{-1, 0, -1}));
    // The 5K lists start and finish only: the 5 km mat is nothing to it.
    EXPECT_EQ(c.five_k().use, (std::vector<PointUse>{PointUse::start, PointUse::none, PointUse::finish}));
    EXPECT_TRUE(c.five_k().splits.empty());
    EXPECT_EQ(c.five_k().use_of(7), PointUse::none);  // a point index beyond the config
}

TEST(CourseLayout, WavesStartAtTheEventGunPlusTheirOffset) {
    Course c;
    const auto& w = c.ten_k().waves;
    ASSERT_EQ(w.size(), 2u);
    EXPECT_EQ(w[1].scheduled - w[0].scheduled, 600'000'000);  // wave B: 10 minutes later
    EXPECT_EQ(w[0].gun, w[0].scheduled);
    EXPECT_EQ(w[0].source, GunSource::scheduled);
    // An event without waves has one start, unnamed, at its scheduled time (09:30).
    ASSERT_EQ(c.five_k().waves.size(), 1u);
    EXPECT_EQ(c.five_k().waves[0].name, "");
    EXPECT_EQ(c.five_k().waves[0].scheduled, c.at(30 * 60));
}

TEST(CourseLayout, SplitsGoInCourseOrderPointsWithoutADistanceLast) {
    timing::RaceConfig config = timing::parse_config(race_toml, "race.toml");
    config.events[0].timing_points.clear();  // every point
    timing::TimingPointConfig km8{0, "km8", timing::PointRole::split, 8000.0, {}};
    timing::TimingPointConfig bridge{0, "bridge", timing::PointRole::split, std::nullopt, {}};
    timing::TimingPointConfig km2{0, "km2", timing::PointRole::split, 2000.0, {}};
    config.timing_points.push_back(km8);
    config.timing_points.push_back(bridge);
    config.timing_points.push_back(km2);
    const auto events = lay_out_events(config, config.calendar());
    std::vector<std::string> names;
    for (const auto& s : events[0].splits) names.push_back(s.name);
    EXPECT_EQ(names, (std::vector<std::string>{"km2", "km5", "km8", "bridge"}));
    EXPECT_EQ(events[0].split_of[5], 0);  // km2, the sixth point, is the first split
}

TEST(CourseLayout, AConfigNeverStoredGetsIdsInConfigOrder) {
    timing::RaceConfig config = timing::parse_config(race_toml, "race.toml");
    assign_missing_ids(config);
    EXPECT_EQ(config.events[0].id, 1);
    EXPECT_EQ(config.events[1].id, 2);
    EXPECT_EQ(config.events[0].waves[1].id, 2);
    EXPECT_EQ(config.timing_points[2].id, 3);
    EXPECT_EQ(config.readers[3].id, 4);
    // Stored ids are kept.
    config.events[0].id = 40;
    config.events[1].id = 41;
    assign_missing_ids(config);
    EXPECT_EQ(config.events[0].id, 40);
}

}  // namespace
}  // namespace fl::results::test
