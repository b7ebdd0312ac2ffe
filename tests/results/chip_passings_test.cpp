// Which start, splits and finish a runner's chip gives (README: *Passings*), hand-worked on
// the test course: 10K wave A gun 09:00, min_time 20:00, start window 15:00, dedup 5 s.
#include <gtest/gtest.h>

#include "results/chip_passings.hpp"
#include "tests/results/rule_inputs.hpp"

namespace fl::results::test {
namespace {

ChipPassings passings(const Course& c, std::vector<StoredRead> reads, std::int64_t gun) {
    std::sort(reads.begin(), reads.end(), read_less);
    ChipPassings out;
    read_passings(reads, c.ten_k(), gun, c.dedup, out);
    return out;
}

TEST(ChipPassings, TheStartIsTheLastStartReadWithinTheWindow) {
    Course c;
    // Crossed the start mat before the gun (warming up), at 0:20 and again at 1:10, and once
    // more 16 minutes in (outside the 15-minute window).
    const auto p = passings(c, {c.read(at_start, -300, 1), c.read(at_start, 20, 2), c.read(at_start, 70, 3),
                                c.read(at_start, 16 * 60, 4)},
                           c.at(0));
    ASSERT_TRUE(p.start);
    EXPECT_EQ(*p.start, c.at(70));
    EXPECT_TRUE(p.started);
    EXPECT_FALSE(p.finish);
}

TEST(ChipPassings, TheFinishIsTheFirstPassingFromTheMinimumTime) {
    Course c;
    // 19:58 (a passing that began before min_time 20:00, ignored whole with its duplicate at
    // 20:01, 3 s later), then 41:10.2 and a duplicate at 41:12, then 50:00 (a second lap).
    const auto p = passings(c, {c.read(at_finish, 1198, 1), c.read(at_finish, 1201, 2), c.read(at_finish, 2470.2, 3),
                                c.read(at_finish, 2472, 4), c.read(at_finish, 3000, 5)},
                           c.at(0));
    ASSERT_TRUE(p.finish);
    EXPECT_EQ(p.finish->time, c.at(2470.2));
    EXPECT_EQ(p.finish->id, 3);
    EXPECT_EQ(p.finish->receive, c.at(2470.7));
}

TEST(ChipPassings, ASplitIsTheFirstPassingAfterTheGun) {
    Course c;
    const auto p = passings(c, {c.read(at_km5, -10, 1), c.read(at_km5, 1210, 2), c.read(at_km5, 1212, 3)}, c.at(0));
    ASSERT_EQ(p.splits.size(), 1u);
    ASSERT_TRUE(p.splits[0]);
    EXPECT_EQ(*p.splits[0], c.at(1210));
}

TEST(ChipPassings, ReadsBeforeTheGunDoNotStartARunner) {
    Course c;
    // Wave B's gun is 09:10: a runner seen at the start and km5 at 09:05 only has not started.
    const auto p = passings(c, {c.read(at_start, 300, 1), c.read(at_km5, 300, 2)}, c.at(600));
    EXPECT_FALSE(p.started);
    EXPECT_FALSE(p.start);
    EXPECT_FALSE(p.splits[0]);
}

TEST(ChipPassings, APointTheEventDoesNotUseIsIgnored) {
    Course c;
    ChipPassings out;
    std::vector<StoredRead> reads{c.read(at_km5, 2000, 1)};  // the 5K has no km5 point
    read_passings(reads, c.five_k(), c.at(1800), c.dedup, out);
    EXPECT_FALSE(out.started);
    EXPECT_TRUE(out.splits.empty());
}

}  // namespace
}  // namespace fl::results::test
