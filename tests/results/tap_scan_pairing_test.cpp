// Taps and bib scans pair by order, parkrun style (README: *Manual entries*), hand-worked.
#include <gtest/gtest.h>

#include "results/tap_scan_pairing.hpp"

namespace fl::results::test {
namespace {

TEST(TapScanPairing, TheNthTapTimesTheNthScan) {
    // Taps at 100, 105, 111 s; scans of bibs 0, 2, 1 entered a little after each.
    const std::vector<Tap> taps{{1, 100, 101, "line"}, {2, 105, 106, "line"}, {4, 111, 112, "line"}};
    const std::vector<Scan> scans{{3, 0, 103, 103}, {5, 2, 120, 120}, {6, 1, 121, 121}};
    const auto p = pair_taps_with_scans(scans, taps, 3);
    ASSERT_TRUE(!p.by_bib[0].empty() && !p.by_bib[1].empty() && !p.by_bib[2].empty());
    EXPECT_EQ(p.by_bib[0].front().time, 100);
    EXPECT_EQ(p.by_bib[2].front().time, 105);
    EXPECT_EQ(p.by_bib[1].front().time, 111);
    // Known when both were in; recorded when the tap was, and the scan's entry is the id.
    EXPECT_EQ(p.by_bib[1].front().known, 121);
    EXPECT_EQ(p.by_bib[1].front().id, 6);
    EXPECT_EQ(p.by_bib[1].front().recorded, (Recorded{112, RecordTable::entry, 4}));
    EXPECT_TRUE(p.unpaired_taps.empty());
}

TEST(TapScanPairing, ExtraTapsWaitAndAScanWithoutATapKeepsItsOwnTime) {
    const std::vector<Tap> taps{{1, 100, 101, "line"}, {2, 105, 106, "line"}};
    const std::vector<Scan> one{{3, 0, 103, 103}};
    auto p = pair_taps_with_scans(one, taps, 2);
    ASSERT_EQ(p.unpaired_taps.size(), 1u);
    EXPECT_EQ(p.unpaired_taps[0].id, 2);
    EXPECT_TRUE(p.by_bib[1].empty());
    const std::vector<Scan> three{{3, 0, 103, 103}, {5, 1, 107, 107}, {6, 0, 130, 130}};
    p = pair_taps_with_scans(three, taps, 2);
    EXPECT_TRUE(p.unpaired_taps.empty());
    // Bib 0 scanned twice: its earliest time (the first tap) first, then its tapless 130 (a lap
    // race counts both).
    EXPECT_EQ(p.by_bib[0].front().time, 100);
    ASSERT_EQ(p.by_bib[0].size(), 2u);
    EXPECT_EQ(p.by_bib[0][1].time, 130);
    EXPECT_EQ(p.by_bib[1].front().time, 105);
    const std::vector<Scan> late{{6, 1, 130, 130}};
    p = pair_taps_with_scans(late, {}, 2);
    EXPECT_EQ(p.by_bib[1].front().time, 130);
    EXPECT_EQ(p.by_bib[1].front().recorded, (Recorded{130, RecordTable::entry, 6}));
}

}  // namespace
}  // namespace fl::results::test
