#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/sim/fixtures.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"
#include "tools/sim/error.hpp"
#include "tools/sim/roster.hpp"

namespace fl::sim {
namespace {

using test::example_config;

std::vector<timing::Participant> field(int n, std::uint64_t seed = 1) {
    RosterOptions o;
    o.count = n;
    o.seed = seed;
    return generate_participants(example_config(), o);
}

TEST(Roster, SameSeedSameField) {
    EXPECT_EQ(field(300, 7), field(300, 7));
    EXPECT_NE(field(300, 7), field(300, 8));
}

TEST(Roster, GenderMixIsMostlyFAndMWithAFewX) {
    const auto people = field(5000);
    std::map<timing::Gender, int> n;
    for (const auto& p : people) {
        ASSERT_TRUE(p.gender) << p.bib;
        ++n[*p.gender];
    }
    EXPECT_NEAR(n[timing::Gender::F] / 5000.0, 0.52, 0.03);
    EXPECT_NEAR(n[timing::Gender::M] / 5000.0, 0.47, 0.03);
    EXPECT_GT(n[timing::Gender::X], 0);
    EXPECT_LT(n[timing::Gender::X] / 5000.0, 0.03);
}

TEST(Roster, AgesOnRaceDayAreTenToEightyFiveAndWeightedLikeAFunRun) {
    const auto cfg = example_config();
    const auto people = field(5000);
    int kids = 0, prime = 0, older = 0;
    double sum = 0;
    for (const auto& p : people) {
        ASSERT_TRUE(p.birthdate) << p.bib;
        const int age = age_on(*p.birthdate, cfg.date);
        ASSERT_GE(age, 10) << p.bib;
        ASSERT_LE(age, 85) << p.bib;
        sum += age;
        kids += age < 18;
        prime += age >= 25 && age < 55;
        older += age >= 70;
    }
    EXPECT_NEAR(sum / 5000, 39, 5);
    EXPECT_GT(prime, 5000 * 0.55);  // the bulk
    EXPECT_GT(kids, 5000 * 0.03);
    EXPECT_LT(kids, 5000 * 0.15);
    EXPECT_GT(older, 0);
    EXPECT_LT(older, 5000 * 0.05);
}

TEST(Roster, BirthdateGivesExactlyTheAgeDrawnEvenAroundLeapDays) {
    EXPECT_EQ(age_on(date::year{2006} / 2 / 28, date::year{2016} / 2 / 29), 10);
    EXPECT_EQ(age_on(date::year{2005} / 3 / 1, date::year{2016} / 2 / 29), 10);
    EXPECT_EQ(age_on(date::year{2005} / 2 / 28, date::year{2016} / 2 / 29), 11);
    EXPECT_EQ(age_on(date::year{2000} / 2 / 29, date::year{2021} / 2 / 28), 20);
}

TEST(Roster, EveryRunnerHasUniqueBibAndOneOrTwoUniqueChipsAndAWave) {
    const auto people = field(2000);
    std::set<std::string> bibs, chips;
    int two = 0;
    std::map<std::string, int> waves;
    for (const auto& p : people) {
        EXPECT_TRUE(bibs.insert(p.bib).second) << p.bib;
        ASSERT_GE(p.chips.size(), 1u) << p.bib;
        ASSERT_LE(p.chips.size(), 2u) << p.bib;
        two += p.chips.size() == 2;
        for (const auto& c : p.chips) EXPECT_TRUE(chips.insert(c).second) << c;
        EXPECT_EQ(p.event, "5K");
        ++waves[p.wave];
        EXPECT_NE(p.name.find(' '), std::string::npos) << "first and last name: " << p.name;
    }
    EXPECT_NEAR(two / 2000.0, 0.3, 0.05);
    EXPECT_EQ(waves.size(), 2u);
    EXPECT_GT(waves["A"], 800);
    EXPECT_GT(waves["B"], 800);
    // Bibs in wave order: every A bib is below every B bib.
    int last_a = 0, first_b = 1 << 30;
    for (const auto& p : people) {
        const int bib = std::stoi(p.bib);
        if (p.wave == "A") last_a = std::max(last_a, bib);
        else first_b = std::min(first_b, bib);
    }
    EXPECT_LT(last_a, first_b);
}

TEST(Roster, SomeRunnersHaveTeamsAndAFewExplicitCategories) {
    const auto people = field(3000);
    const auto teams = std::count_if(people.begin(), people.end(), [](const auto& p) { return !p.team.empty(); });
    const auto cats = std::count_if(people.begin(), people.end(), [](const auto& p) { return !p.category.empty(); });
    EXPECT_NEAR(teams / 3000.0, 0.15, 0.03);
    EXPECT_GT(cats, 10);
    EXPECT_LT(cats, 150);
}

TEST(Roster, CsvImportsCleanlyIntoARealRaceFile) {
    test::TempDir dir;
    const auto people = field(1200, 3);
    const auto csv = participants_csv(people);
    auto race = timing::RaceFile::init((dir.path / "race.db").string(), test::example_toml(), "race.toml",
                                       dir.path.string());
    const auto report = timing::import_participants_csv(race, csv, "generated.csv");
    EXPECT_EQ(report.added, 1200);
    EXPECT_TRUE(report.ignored_columns.empty());
    auto stored = race.participants();
    ASSERT_EQ(stored.size(), people.size());
    std::map<std::string, timing::Participant> by_bib;
    for (auto& p : stored) by_bib[p.bib] = std::move(p);
    for (const auto& p : people) {
        auto s = by_bib.at(p.bib);
        std::sort(s.chips.begin(), s.chips.end());
        auto expected = p;
        std::sort(expected.chips.begin(), expected.chips.end());
        s.id = 0;
        EXPECT_EQ(s, expected) << p.bib;
    }
}

TEST(Roster, CsvReadsBackToTheSameParticipants) {
    const auto people = field(500, 5);
    EXPECT_EQ(parse_participants_csv(participants_csv(people), "p.csv", example_config()), people);
}

TEST(Roster, CsvProblemsNameTheLine) {
    const auto cfg = example_config();
    try {
        parse_participants_csv("bib,wave,chip\n1,A,X1\n2,Z,X2\n", "p.csv", cfg);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "p.csv:3: unknown wave 'Z' for event '5K'");
    }
    EXPECT_THROW(parse_participants_csv("bib,chip\n1,X1\n2,X1\n", "p.csv", cfg), Error);
    EXPECT_THROW(parse_participants_csv("name\nAda\n", "p.csv", cfg), Error);
}

}  // namespace
}  // namespace fl::sim
