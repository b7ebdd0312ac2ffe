#include <gtest/gtest.h>

#include "ingest/bibscan.hpp"
#include "ingest/record_hash.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using fl::test::utc;

namespace {

struct BibScan : ::testing::Test {
    timing::RaceConfig race = test::parser_config();
    ingest::ReadBuilder builder{race, *race.find_reader("scan")};
    timing::Instant now = utc(2014, 4, 12, 11, 30, 0);
};

}  // namespace

TEST_F(BibScan, EachLineIsABibFinishedAtReceipt) {
    ingest::BibScanParser p(builder);
    const auto out = p.feed("123\r456\n789\r\n007\r\n", now);
    ASSERT_EQ(out.entries.size(), 4u);
    EXPECT_EQ(out.entries[0].bib, "123");
    EXPECT_EQ(out.entries[3].bib, "007");
    for (const auto& e : out.entries) {
        EXPECT_EQ(e.kind, timing::EntryKind::scan);
        EXPECT_EQ(e.time, now);
        EXPECT_EQ(e.source, "reader scan");
        EXPECT_EQ(e.device_seq, std::nullopt) << "scanning a bib twice is two scans";
    }
}

TEST_F(BibScan, ALineWithItsOwnTimeIsAFinish) {
    ingest::BibScanParser p(builder);
    const auto out = p.feed("123 07:31:02.250\n", now);
    ASSERT_EQ(out.entries.size(), 1u);
    EXPECT_EQ(out.entries[0].kind, timing::EntryKind::finish);
    EXPECT_EQ(out.entries[0].time, utc(2014, 4, 12, 11, 31, 2, 250'000));
    EXPECT_EQ(out.entries[0].device_seq, ingest::record_hash("123 07:31:02.250"));
}

TEST_F(BibScan, MalformedLinesAreReported) {
    ingest::BibScanParser p(builder);
    const auto out = p.feed("12 34 56\n123 noon\n\x01\x02\n" + std::string(40, '9') + "\n55\n", now);
    ASSERT_EQ(out.malformed.size(), 4u);
    EXPECT_EQ(out.malformed[0].raw, "12 34 56");
    ASSERT_EQ(out.entries.size(), 1u);
    EXPECT_EQ(out.entries[0].bib, "55");
}

// A scanner bridge's timed line sent days after the race (a backup replayed): a race-day
// finish; the day of receipt never moves it.
TEST_F(BibScan, ATimedLineReceivedDaysLaterIsStillRaceDay) {
    ingest::BibScanParser p(builder);
    const auto out = p.feed("123 07:31:02.250\r\n", utc(2016, 11, 8, 18, 30, 0));
    ASSERT_EQ(out.entries.size(), 1u);
    EXPECT_EQ(out.entries[0].time, utc(2014, 4, 12, 11, 31, 2, 250'000));
}
