// Age grading against the published worked examples, interpolation between table distances,
// what the tables do not cover, and the grade in the standings.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "results/age_grade.hpp"
#include "results/error.hpp"
#include "results/exports.hpp"
#include "tests/results/race_fixture.hpp"
#include "tests/support/slurp.hpp"
#include "timing/csv.hpp"

namespace fl::results::test {
namespace {

const std::string table_path = std::string(FL_SHARED_DIR) + "/data/age_grade_road_factors.csv";

const AgeGradeTable& table() {
    static const AgeGradeTable t = AgeGradeTable::load(table_path);
    return t;
}

using fl::test::slurp;

TEST(AgeGrade, EveryPublishedVectorMatchesWithinItsRounding) {
    const auto path = std::string(FL_SHARED_DIR) + "/data/age_grade_vectors.csv";
    const auto records = timing::parse_csv(slurp(path), path);
    ASSERT_GT(records.size(), 1u);
    const auto& head = records[0].fields;
    auto col = [&](std::string_view name) {
        const auto it = std::find(head.begin(), head.end(), name);
        EXPECT_NE(it, head.end()) << name;
        return static_cast<std::size_t>(it - head.begin());
    };
    const auto edition = col("edition"), sex = col("sex"), age = col("age"), event = col("event"),
               time = col("time"), open = col("open_std_sec"), factor = col("factor"),
               age_std = col("age_std_sec"), ag_sec = col("ag_time_sec"), ag_time = col("ag_time"),
               pct = col("ag_pct");
    int checked = 0;
    for (std::size_t i = 1; i < records.size(); ++i) {
        const auto& f = records[i].fields;
        SCOPED_TRACE(fmt::format("{}:{}: {} {} {} {} {}", path, records[i].line, f[edition], f[sex],
                                 f[age], f[event], f[time]));
        const auto distance = table().distance_of(f[event]);
        ASSERT_TRUE(distance);
        const auto t = timing::parse_duration(f[time]);
        ASSERT_TRUE(t);
        const auto g = table().grade(std::stoi(f[edition]), *timing::parse_gender(f[sex]),
                                     std::stoi(f[age]), *distance, *t);
        ASSERT_TRUE(g);
        EXPECT_NEAR(g->factor, std::stod(f[factor]), 0.00005);
        EXPECT_NEAR(g->open_standard_s, std::stod(f[open]), 0.05);
        EXPECT_NEAR(g->age_standard_s, std::stod(f[age_std]), 0.05);
        EXPECT_NEAR(static_cast<double>(g->graded_time.count()) / 1e6, std::stod(f[ag_sec]), 0.05);
        EXPECT_EQ(format_graded_time(g->graded_time), f[ag_time]);
        EXPECT_NEAR(g->percent, std::stod(f[pct]), 0.005);
        ++checked;
    }
    EXPECT_EQ(checked, 20);
}

TEST(AgeGrade, OtherDistancesInterpolateOnLogDistance) {
    using timing::Gender;
    const auto at5 = table().factor(2020, Gender::M, 60, 5000);
    const auto at6 = table().factor(2020, Gender::M, 60, 6000);
    ASSERT_TRUE(at5 && at6);
    // Half-way in log distance between 5 and 6 km is sqrt(30) km.
    const auto mid = table().factor(2020, Gender::M, 60, std::sqrt(30.0) * 1000);
    ASSERT_TRUE(mid);
    EXPECT_NEAR(mid->first, (at5->first + at6->first) / 2, 1e-9);
    EXPECT_NEAR(mid->second, std::sqrt(at5->second * at6->second), 1e-6);
    // A table distance is used as is.
    const auto exact = table().factor(2020, Gender::M, 60, 42195);
    ASSERT_TRUE(exact);
    EXPECT_NEAR(exact->second, 7299.0, 0.01);
}

TEST(AgeGrade, WhatTheTablesDoNotCoverIsNotGraded) {
    using timing::Gender;
    const auto t = hms("0:20:00");
    EXPECT_FALSE(table().grade(2020, Gender::X, 40, 5000, t));   // tables are M and F only
    EXPECT_FALSE(table().grade(2020, Gender::M, 4, 5000, t));    // ages 5-100
    EXPECT_FALSE(table().grade(2020, Gender::M, 101, 5000, t));
    EXPECT_FALSE(table().grade(2010, Gender::M, 40, 1609.344, t));  // 2010 starts at 5 km
    EXPECT_TRUE(table().grade(2020, Gender::M, 40, 1609.344, t));
    EXPECT_FALSE(table().grade(2020, Gender::M, 40, 250000, t));
    EXPECT_FALSE(table().grade(2019, Gender::M, 40, 5000, t));      // no such edition
    EXPECT_FALSE(table().grade(2020, Gender::M, 40, 5000, hms("0:00:00")));
    EXPECT_EQ(table().editions(), (std::vector<int>{2010, 2015, 2020, 2025}));
}

TEST(AgeGrade, ABadTableNamesTheLine) {
    const std::string text =
        "edition,sex,age,event,distance_km,open_standard_sec,age_factor\n"
        "2020,M,40,5 km,5,771.0,0.95\n"
        "2020,M,41,5 km,five,771.0,0.94\n";
    try {
        AgeGradeTable::parse(text, "t.csv");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "t.csv:3: distance_km: expected a number, got \"five\"");
    }
    EXPECT_THROW(AgeGradeTable::parse("a,b\n1,2\n", "t.csv"), Error);
    EXPECT_THROW(AgeGradeTable::load("/nonexistent/table.csv"), Error);
}

TEST(AgeGrade, TheStandingsCarryTheGradeWhenTheConfigNamesATable) {
    std::string toml(race_toml);
    toml += fmt::format("\n[results]\nage_grade_table = \"{}\"\nage_grade_edition = 2020\n", table_path);
    auto ps = people();
    ps.push_back(person("7", "Gus Go", timing::Gender::M, "35", "5K", "", {"C7"}));
    Race race(ps, toml);
    race.read("C7", pt_start, "09:30:00");
    race.read("C7", pt_finish, "09:48:00");  // 18:00 for 5 km at 35: 72.54 %
    const auto& g = race.runner("7").age_grade;
    ASSERT_TRUE(g);
    EXPECT_NEAR(g->percent, 72.54, 0.005);
    EXPECT_EQ(format_graded_time(g->graded_time), "0:17:43");
    EXPECT_TRUE(race.s().age_grading);
    const auto csv = to_csv(race.s(), {"5K", ""});
    EXPECT_NE(csv.find(",status,age_grade\n"), std::string::npos);
    EXPECT_NE(csv.find(",FIN,72.54\n"), std::string::npos) << csv;
}

TEST(AgeGrade, AnEditionTheTableLacksIsAnErrorAtStart) {
    std::string toml(race_toml);
    toml += fmt::format("\n[results]\nage_grade_table = \"{}\"\nage_grade_edition = 2019\n", table_path);
    try {
        Race race(people(), toml);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("age_grade_edition 2019 is not in"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("2010, 2015, 2020, 2025"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace fl::results::test
