// The finish's account of one site's seqs: what is confirmed and which gaps to ask for,
// worked by hand.
#include <gtest/gtest.h>

#include "ingest/seq_ranges.hpp"

using fl::ingest::SeqRange;
using fl::ingest::SeqRanges;

TEST(SeqRanges, InOrderSeqsAreConfirmedUpToTheLast) {
    SeqRanges s;
    EXPECT_EQ(s.contiguous(), 0);
    for (int i = 1; i <= 5; ++i) EXPECT_TRUE(s.add(i));
    EXPECT_EQ(s.contiguous(), 5);
    EXPECT_EQ(s.highest(), 5);
    EXPECT_EQ(s.count(), 5);
    EXPECT_TRUE(s.missing(5, 10).empty());
    EXPECT_EQ(s.missing(8, 10), (std::vector<SeqRange>{{6, 8}}));  // a missing tail
}

TEST(SeqRanges, DuplicatesAreNotCountedTwice) {
    SeqRanges s;
    EXPECT_TRUE(s.add(1));
    EXPECT_FALSE(s.add(1));
    EXPECT_TRUE(s.add(3));
    EXPECT_FALSE(s.add(3));
    EXPECT_EQ(s.count(), 2);
    EXPECT_TRUE(s.contains(3));
    EXPECT_FALSE(s.contains(2));
}

TEST(SeqRanges, OutOfOrderSeqsLeaveGapsThatCloseWhenFilled) {
    SeqRanges s;
    for (const auto seq : {1, 2, 5, 6, 9, 3}) s.add(seq);
    // Held: 1-3, 5-6, 9.
    EXPECT_EQ(s.contiguous(), 3);
    EXPECT_EQ(s.highest(), 9);
    EXPECT_EQ(s.missing(9, 10), (std::vector<SeqRange>{{4, 4}, {7, 8}}));
    EXPECT_EQ(s.missing(12, 10), (std::vector<SeqRange>{{4, 4}, {7, 8}, {10, 12}}));
    EXPECT_EQ(s.missing(12, 2), (std::vector<SeqRange>{{4, 4}, {7, 8}}));  // the lowest first
    EXPECT_EQ(s.missing(7, 10), (std::vector<SeqRange>{{4, 4}, {7, 7}}));
    s.add(4);  // joins 1-3 and 5-6
    EXPECT_EQ(s.contiguous(), 6);
    s.add(8);
    s.add(7);  // joins 1-6, 7-8 and 9
    EXPECT_EQ(s.contiguous(), 9);
    EXPECT_TRUE(s.missing(9, 10).empty());
    EXPECT_EQ(s.count(), 9);
}

TEST(SeqRanges, NothingHeldMissesEverythingFromOne) {
    SeqRanges s;
    EXPECT_EQ(s.missing(3, 10), (std::vector<SeqRange>{{1, 3}}));
    EXPECT_TRUE(s.missing(0, 10).empty());
    s.add(2);
    EXPECT_EQ(s.contiguous(), 0);  // seq 1 is missing
    EXPECT_EQ(s.missing(2, 10), (std::vector<SeqRange>{{1, 1}}));
}
