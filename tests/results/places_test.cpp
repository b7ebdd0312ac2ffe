// Places with dead heats (rules.md "Equal times": a shared place only when declared) and an
// event table's places overall, by gender and by category, hand-worked.
#include <gtest/gtest.h>

#include "results/event_table.hpp"
#include "results/places.hpp"
#include "tests/results/rule_inputs.hpp"

namespace fl::results::test {
namespace {

TEST(Places, PositionInTheRankingSharedOnlyWithinADeclaredDeadHeat) {
    PlaceCounter places;
    // Finishers in ranking order with their dead-heat group (-1: none); the 2nd and 3rd were
    // declared a dead heat (group 0), the 5th and 6th are in group 1.
    const std::vector<int> heats{-1, 0, 0, -1, 1, 1, 1, -1};
    std::vector<int> got;
    std::vector<bool> shared;
    for (auto h : heats) {
        const auto p = places.next(h);
        got.push_back(p.place);
        shared.push_back(p.shared);
    }
    EXPECT_EQ(got, (std::vector<int>{1, 2, 2, 4, 5, 5, 5, 8}));
    EXPECT_EQ(shared, (std::vector<bool>{false, false, true, false, false, true, true, false}));
}

TEST(Places, TwoDifferentHeatsNextToEachOtherDoNotShare) {
    PlaceCounter places;
    EXPECT_EQ(places.next(0).place, 1);
    EXPECT_EQ(places.next(0).place, 1);
    EXPECT_EQ(places.next(1).place, 3);
    EXPECT_EQ(places.next(1).place, 3);
}

TEST(EventTable, PlacesOverallByGenderAndByCategoryThenTheOthersByStatus) {
    Course c;
    // Runners 0..4: F/cat 0, M/cat 1, F/cat 0, M/cat 1 (DNF on course), F (DNS, no category).
    std::vector<PlaceInputs> runners{
        {Status::finished, false, 1, 0, -1, 0}, {Status::finished, false, 0, 1, -1, 0},
        {Status::finished, false, 1, 0, -1, 0}, {Status::dnf, false, 0, 1, -1, 0},
        {Status::dns, false, 1, -1, -1, 0},
    };
    const std::vector<std::uint32_t> ranking{2, 1, 0};
    const std::vector<std::uint32_t> members{0, 1, 2, 3, 4};
    const std::vector<std::string> categories{"F30-34", "M40-44"};
    ResultBlocks results;
    results.reset(runners.size());
    const std::vector<char> stale(results.blocks(), 1);
    results.refresh(stale, runners.size(), [](std::size_t i) {
        auto r = std::make_shared<RunnerResult>();
        r->bib = std::to_string(i);
        return std::shared_ptr<const RunnerResult>(r);
    });
    const auto t = build_event_table(c.ten_k(), ranking, members, runners, categories, results);
    ASSERT_EQ(t->rows.size(), 5u);
    std::vector<std::string> bibs;
    for (const auto& row : t->rows) bibs.push_back(row.runner->bib);
    EXPECT_EQ(bibs, (std::vector<std::string>{"2", "1", "0", "3", "4"}));
    EXPECT_EQ(t->rows[2].place, 3);
    EXPECT_EQ(t->rows[2].gender_place, 2);    // the second woman
    EXPECT_EQ(t->rows[2].category_place, 2);  // the second F30-34
    EXPECT_EQ(t->rows[1].gender_place, 1);    // the first man
    EXPECT_FALSE(t->rows[3].place);
    EXPECT_EQ(runners[0].place, 3);  // written back for the latest finishers
    EXPECT_EQ(runners[3].place, 0);
    EXPECT_EQ(t->counts.entered, 5);
    EXPECT_EQ(t->counts.finished, 3);
    EXPECT_EQ(t->counts.dnf, 1);
    EXPECT_EQ(t->counts.on_course, 1);
    EXPECT_EQ(t->counts.dns, 1);
    EXPECT_EQ(t->counts.started, 4);
    EXPECT_EQ(t->categories, categories);
}

}  // namespace
}  // namespace fl::results::test
