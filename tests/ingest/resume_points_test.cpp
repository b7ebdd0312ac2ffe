// Where a device resumes (ingest/resume_points.hpp): the highest real sequence committed per
// reader and per location.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ingest/resume_points.hpp"

namespace {

using fl::ingest::ResumePoints;

TEST(ResumePoints, HighestSequencePerReaderAndLocation) {
    ResumePoints p;
    p.committed(1, "start", 5);
    p.committed(1, "finish", 9);
    p.committed(1, "start", 3);  // an older read committed late: the point stays at 5
    p.committed(2, "", 40);
    EXPECT_EQ(p.last(1), 9);
    EXPECT_EQ(p.by_location(1), (std::map<std::string, std::int64_t>{{"finish", 9}, {"start", 5}}));
    EXPECT_EQ(p.last(2), 40);
    EXPECT_EQ(p.by_location(2), (std::map<std::string, std::int64_t>{{"", 40}}));
}

TEST(ResumePoints, AReaderWithNothingCommittedHasNoPoint) {
    ResumePoints p;
    p.committed(1, "finish", 9);
    EXPECT_EQ(p.last(3), std::nullopt);
    EXPECT_TRUE(p.by_location(3).empty());
}

// A reused sequence's read is stored under a negative key (reused_sequence.hpp): a device
// told to resume from it would skip or replay everything.
TEST(ResumePoints, NegativeKeysAreNotSequences) {
    ResumePoints p;
    p.committed(1, "finish", -6909276164687404598);
    EXPECT_EQ(p.last(1), std::nullopt);
    p.committed(1, "finish", 7);
    p.committed(1, "finish", -1);
    EXPECT_EQ(p.last(1), 7);
    p.committed(1, "start", 0);  // sequence 0 is a sequence
    EXPECT_EQ(p.by_location(1), (std::map<std::string, std::int64_t>{{"finish", 7}, {"start", 0}}));
}

}  // namespace
