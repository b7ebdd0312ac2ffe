// A device sequence that arrives again (ingest/reused_sequence.hpp): a resend of the same bytes
// is stored once; different bytes under a reused number are kept under a derived key, which must
// never change between versions (a resend of such a read after an upgrade must hit it again).
#include <gtest/gtest.h>

#include <optional>
#include <string_view>

#include "ingest/reused_sequence.hpp"

namespace {

using namespace fl::ingest;

TEST(ReusedSequence, SameBytesAreAResendDifferentBytesAReusedNumber) {
    const std::string_view stored = "CT01_33~7~finish~CT0001~07:21:13.40~1~0F2A38~1";
    EXPECT_EQ(sequence_repeat(stored, "CT01_33~7~finish~CT0001~07:21:13.40~1~0F2A38~1"),
              SequenceRepeat::resend);
    // The device restarted with a new file and numbered another chip 7.
    EXPECT_EQ(sequence_repeat(stored, "CT01_33~7~finish~CT0002~07:25:00.00~1~0F2A38~1"),
              SequenceRepeat::reused);
    // One byte more (a trailing space) is not the same record.
    EXPECT_EQ(sequence_repeat(stored, "CT01_33~7~finish~CT0001~07:21:13.40~1~0F2A38~1 "),
              SequenceRepeat::reused);
    // Nothing found under the number: never treated as a resend, so the read is kept.
    EXPECT_EQ(sequence_repeat(std::nullopt, "anything"), SequenceRepeat::reused);
}

// Expected keys: -1 - (FNV-1a 64 of "<sequence>\n<raw>" with the top bit cleared), the hashes
// computed with an independent FNV-1a (a few lines of Python, not this code):
//   "7\nCT01_33~7~finish~CT0001~07:21:13.40~1~0F2A38~1" -> 0x5fe2ae109b441e35
//   "7\nCT01_33~7~finish~CT0002~07:25:00.00~1~0F2A38~1" -> 0x3d0a930862a5e4ee
//   "1\na"                                              -> 0x45f7e41818969839
TEST(ReusedSequence, KeyIsNegativeAndPinnedToTheNumberAndTheBytes) {
    EXPECT_EQ(reused_sequence_key(7, "CT01_33~7~finish~CT0001~07:21:13.40~1~0F2A38~1"),
              -1 - 0x5fe2ae109b441e35);
    EXPECT_EQ(reused_sequence_key(7, "CT01_33~7~finish~CT0001~07:21:13.40~1~0F2A38~1"),
              -6909276164687404598);
    EXPECT_EQ(reused_sequence_key(7, "CT01_33~7~finish~CT0002~07:25:00.00~1~0F2A38~1"),
              -4398489650304771311);
    EXPECT_EQ(reused_sequence_key(1, "a"), -5041749100007430202);
}

TEST(ReusedSequence, NoteSaysWhichSequenceAndWhichKey) {
    EXPECT_EQ(reused_sequence_note(7, -6909276164687404598),
              "sequence 7 reused with different content: stored under key -6909276164687404598");
}

}  // namespace
