// record_hash is the idempotency key stored for devices without sequence numbers (MYLAPS
// passings, bib scans): a device resending after an upgrade of FinishLine must hit the same
// key, so the function is pinned to literal values, never to itself.
#include <gtest/gtest.h>

#include "ingest/record_hash.hpp"

namespace {

using fl::ingest::record_hash;

// FNV-1a 64-bit test vectors as published with the algorithm (Fowler/Noll/Vo reference test
// suite: "" -> 0xcbf29ce484222325, "a" -> 0xaf63dc4c8601ec8c, "foobar" -> 0x85944171f73967e8),
// with the top bit cleared as record_hash documents (SQLite integers are signed).
TEST(RecordHash, MatchesPublishedFnv1a64VectorsWithTopBitCleared) {
    EXPECT_EQ(record_hash(""), 0x4bf29ce484222325);
    EXPECT_EQ(record_hash("a"), 0x2f63dc4c8601ec8c);
    EXPECT_EQ(record_hash("foobar"), 0x05944171f73967e8);
}

// Values of whole device records, computed with an independent FNV-1a implementation (a few
// lines of Python, not this code) when the keys were first stored.
TEST(RecordHash, KeysOfStoredDeviceRecordsNeverChange) {
    EXPECT_EQ(record_hash("CT01_33~1~finish~CT0001~07:21:13.40~1~0F2A38~1"), 0x2b4618ec4bfbce82);
    EXPECT_EQ(record_hash("123 07:31:02.250"), 0x472ce23ff18a0e07);  // a bib scan line
}

TEST(RecordHash, IsNeverNegative) {
    for (const char* s : {"", "a", "foobar", "\xff\xff\xff", "CT01_33~1~finish"}) EXPECT_GE(record_hash(s), 0);
}

}  // namespace
