// A participant as scored (edits in order, event and wave, age and category) and who wears
// which chip, hand-worked on the test race (2024-05-05, age on race day).
#include <gtest/gtest.h>

#include "results/chip_ownership.hpp"
#include "results/entrant.hpp"
#include "tests/results/rule_inputs.hpp"

namespace fl::results::test {
namespace {

using Edits = std::vector<std::pair<std::string, std::string>>;

TEST(Entrant, EditsApplyInOrderAndABadOneIsListedAndChangesNothing) {
    Course c;
    auto ann = people()[0];  // F, born 1990-03-10
    std::vector<std::string> issues;
    const Edits edits{{"birthdate", "1980-06-01"}, {"age", "51"}, {"gender", "Q"}, {"name", "Ann Archer"},
                      {"event", "Marathon"}};
    const auto p = apply_edits(ann, edits, c.config, issues);
    EXPECT_EQ(p.age, 51);             // an age after a birth date is the age
    EXPECT_FALSE(p.birthdate);
    EXPECT_EQ(p.gender, timing::Gender::F);
    EXPECT_EQ(p.name, "Ann Archer");
    EXPECT_EQ(p.event, "10K");
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0], "edit of bib 1: gender=Q is not M, F or X: edit ignored");
    EXPECT_EQ(issues[1], "edit of bib 1: event=Marathon is not an event of the race: edit ignored");
}

TEST(Entrant, EventWaveAgeAndCategory) {
    Course c;
    std::vector<std::string> issues;
    // Cid, M born 1985-01-01: 39 on 2024-05-05, wave B.
    const auto cid = enter(people()[2], c.events, c.config, issues);
    EXPECT_EQ(cid.event, 0);
    EXPECT_EQ(cid.wave, 1);
    EXPECT_EQ(cid.age, 39);
    EXPECT_EQ(cid.category, "M35-39");
    EXPECT_FALSE(cid.category_explicit);
    // Fay names her category.
    const auto fay = enter(people()[5], c.events, c.config, issues);
    EXPECT_EQ(fay.category, "ELITE");
    EXPECT_TRUE(fay.category_explicit);
    EXPECT_TRUE(issues.empty());
    // An unknown wave starts with the first; an unknown event is not scored.
    auto lost = people()[1];
    lost.wave = "Z";
    EXPECT_EQ(enter(lost, c.events, c.config, issues).wave, 0);
    lost.event = "Mile";
    EXPECT_EQ(enter(lost, c.events, c.config, issues).event, -1);
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0], "bib 2: event \"10K\" has no wave \"Z\": starts with the first wave");
    EXPECT_EQ(issues[1], "bib 2 is entered in event \"Mile\", which the race config lacks: not scored");
}

TEST(ChipOwnership, AChipListedTwiceCountsForTheFirstAndAssignChipWins) {
    // Runners 0, 1, 2 list chips {0}, {1, 0}, {2, 2}; assign_chip gives chip 3 to runner 2 and
    // chip 1 to runner 0.
    const std::vector<std::vector<std::uint32_t>> listed{{0}, {1, 0}, {2, 2}};
    const std::vector<std::pair<std::uint32_t, std::int32_t>> assigned{{3, 2}, {1, 0}};
    const auto owners = own_chips(listed, assigned, 5);
    EXPECT_EQ(owners.owner, (std::vector<std::int32_t>{0, 0, 2, 2, -1}));
    ASSERT_EQ(owners.double_listed.size(), 1u);  // runner 2 listing its own chip twice is no issue
    EXPECT_EQ(owners.double_listed[0].chip, 0u);
    EXPECT_EQ(owners.double_listed[0].kept_by, 0);
    EXPECT_EQ(owners.double_listed[0].listed_for, 1);
}

}  // namespace
}  // namespace fl::results::test
