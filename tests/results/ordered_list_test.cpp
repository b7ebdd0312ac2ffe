// A batch of changes gives the same list as the same changes one by one (a re-score and a live
// race share the ranking path).
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "results/ordered_list.hpp"

namespace fl::results::test {
namespace {

TEST(OrderedList, SmallAndLargeBatchesKeepTheListSortedAndDistinct) {
    std::mt19937 rng(7);
    OrderedList<int> list;
    std::set<int> model;  // std::set as the reference
    for (int round = 0; round < 200; ++round) {
        std::vector<int> out, in;
        const int changes = round % 3 == 0 ? 500 : static_cast<int>(rng() % 20);
        for (int k = 0; k < changes; ++k) {
            const int v = static_cast<int>(rng() % 5000);
            if (model.count(v)) {
                if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
            } else if (std::find(in.begin(), in.end(), v) == in.end()) {
                in.push_back(v);
            }
        }
        for (auto v : out) model.erase(v);
        for (auto v : in) model.insert(v);
        list.apply(out, in);
        ASSERT_TRUE(std::equal(list.begin(), list.end(), model.begin(), model.end())) << "round " << round;
    }
    EXPECT_GT(list.size(), 100u);
}

TEST(OrderedList, InsertSortedUniqueKeepsTheFirstOfEqualValues) {
    std::vector<std::pair<int, char>> v;
    auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
    EXPECT_TRUE(insert_sorted_unique(v, {3, 'a'}, by_key));
    EXPECT_TRUE(insert_sorted_unique(v, {1, 'b'}, by_key));
    EXPECT_FALSE(insert_sorted_unique(v, {3, 'c'}, by_key));
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[1].second, 'a');
}

}  // namespace
}  // namespace fl::results::test

namespace fl::results::test {
namespace {

// As an event's ranking: runner indices ordered by keys kept elsewhere. A runner leaves under
// its old key, then comes back under its new one.
TEST(OrderedList, IndicesOrderedByKeysKeptElsewhere) {
    std::vector<int> keys{50, 10, 30, 20};
    auto by_key = [&keys](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; };
    OrderedList<std::uint32_t, decltype(by_key)> ranking(by_key);
    std::vector<std::uint32_t> in{0, 1, 2, 3}, out;
    ranking.insert(in);
    EXPECT_TRUE(std::equal(ranking.begin(), ranking.end(), std::vector<std::uint32_t>{1, 3, 2, 0}.begin()));
    out = {2};
    ranking.remove(out);  // runner 2 leaves under key 30...
    keys[2] = 5;          // ...and is re-keyed
    in = {2};
    ranking.insert(in);
    EXPECT_TRUE(std::equal(ranking.begin(), ranking.end(), std::vector<std::uint32_t>{2, 1, 3, 0}.begin()));
}

}  // namespace
}  // namespace fl::results::test
