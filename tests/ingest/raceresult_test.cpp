#include <gtest/gtest.h>

#include <fmt/format.h>

#include "ingest/raceresult.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using fl::test::utc;
using namespace std::chrono;

namespace {

struct RaceResult : ::testing::Test {
    timing::RaceConfig race = test::parser_config();
    ingest::ReadBuilder builder{race, *race.find_reader("rr")};
    timing::Instant now = utc(2014, 4, 12, 18, 30, 0);

    static std::string joined(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += x;
        return s;
    }
    // Drives the parser through SETPROTOCOL and GETTIME.
    void handshake(ingest::RaceResultParser& p) {
        ASSERT_EQ(joined(p.start(now).replies), "SETPROTOCOL;2.0\r\n");
        ASSERT_EQ(joined(p.feed("SETPROTOCOL;2.0\r\n", now).replies), "GETTIME\r\n");
        ASSERT_EQ(joined(p.feed("GETTIME;0000-00-00;14:29:58.000\r\n", now).replies), "PASSINGS\r\n");
    }
};

}  // namespace

TEST_F(RaceResult, ClockSyncFromGetTime) {
    ingest::RaceResultParser p(builder, std::nullopt);
    p.start(now);
    p.feed("SETPROTOCOL;2.0\r\n", now - milliseconds{10});
    // Asked at now - 10 ms, answered at now + 10 ms: the decoder read its clock at `now`.
    const auto out = p.feed("GETTIME;0000-00-00;14:29:58.000\r\n", now + milliseconds{10});
    ASSERT_EQ(out.clock_syncs.size(), 1u);
    EXPECT_EQ(out.clock_syncs[0].reader_id, 4);
    EXPECT_EQ(out.clock_syncs[0].offset, seconds{2});  // decoder 2 s behind
}

TEST_F(RaceResult, FetchesFromOneWithNothingStored) {
    ingest::RaceResultParser p(builder, std::nullopt);
    handshake(p);
    auto out = p.feed("PASSINGS;3\r\n", now);
    EXPECT_EQ(joined(out.replies), "1:3\r\n");
    // The documented older-protocol record (8 fields), a full 20-field record, and the end.
    out = p.feed("1;33;0000-00-00;00:00:02.773;6692;12;-68;09ca52\r\n"
                 "2;NLHS123;2014-04-12;07:31:05.120;6692;44;-61;ff;1;2;3;0;77;3.1;21;0;BoxFinish;1;2;B9\r\n"
                 "3;34;0000-00-00;07:32:00.000\r\n\r\n",
                 now);
    ASSERT_EQ(out.reads.size(), 3u);
    const auto& old = out.reads[0];
    EXPECT_EQ(old.device_seq, 1);
    EXPECT_EQ(old.chip, "33");
    EXPECT_EQ(old.hits, 12);
    EXPECT_EQ(old.rssi, -68.0);
    // 00:00:02.773 is less than 12 h before the first gun (07:00): the race day itself.
    EXPECT_EQ(old.device_time, utc(2014, 4, 12, 4, 0, 2, 773'000));
    EXPECT_EQ(old.timing_point_id, 2);
    EXPECT_EQ(old.raw, "1;33;0000-00-00;00:00:02.773;6692;12;-68;09ca52");
    EXPECT_EQ(out.reads[1].device_time, utc(2014, 4, 12, 11, 31, 5, 120'000));
    EXPECT_EQ(out.reads[1].location, "BoxFinish");
    EXPECT_EQ(out.reads[2].hits, std::nullopt);
    EXPECT_TRUE(out.idle) << "everything fetched: wait for the poll interval";
    EXPECT_EQ(p.next_passing(), 4);
    EXPECT_EQ(joined(p.keepalive(now).replies), "PASSINGS\r\n");
}

TEST_F(RaceResult, ResumesAfterTheLastStoredPassingAndFetchesInChunks) {
    ingest::RaceResultParser p(builder, 1200, 500);
    handshake(p);
    EXPECT_EQ(joined(p.feed("PASSINGS;2000;1\r\n", now).replies), "1201:500\r\n");
    std::string chunk;
    for (int i = 1201; i <= 1700; ++i) chunk += fmt::format("{};C{};0000-00-00;07:40:00.000\r\n", i, i);
    auto out = p.feed(chunk + "\r\n", now);
    EXPECT_EQ(out.reads.size(), 500u);
    EXPECT_EQ(joined(out.replies), "1701:300\r\n");
}

TEST_F(RaceResult, NothingNewMeansIdleUntilTheNextPoll) {
    ingest::RaceResultParser p(builder, 5);
    handshake(p);
    const auto out = p.feed("PASSINGS;5\r\n", now);
    EXPECT_TRUE(out.replies.empty());
    EXPECT_TRUE(out.idle);
    EXPECT_FALSE(p.waiting_for_reply());
}

TEST_F(RaceResult, DecoderWithFewerPassingsThanStoredStartsOver) {
    ingest::RaceResultParser p(builder, 900);
    handshake(p);
    const auto out = p.feed("PASSINGS;10;2\r\n", now);
    EXPECT_EQ(joined(out.replies), "1:10\r\n");
    ASSERT_FALSE(out.notes.empty());
    EXPECT_NE(out.notes.back().find("new file"), std::string::npos);
}

TEST_F(RaceResult, PushedPassingsAndBadRecords) {
    ingest::RaceResultParser p(builder, std::nullopt);
    handshake(p);
    p.feed("PASSINGS;0\r\n", now);
    const auto out = p.feed("#P;7;99;0000-00-00;07:45:00.500;1;5\r\n#P;x;99\r\n#P;8;;0000-00-00;07:45:00\r\n", now);
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].device_seq, 7);
    ASSERT_EQ(out.malformed.size(), 2u);
    EXPECT_EQ(out.malformed[0].raw, "x;99");
}

TEST_F(RaceResult, UnreadableTimeIsStoredAndFlagged) {
    ingest::RaceResultParser p(builder, std::nullopt);
    handshake(p);
    p.feed("PASSINGS;1\r\n", now);
    const auto out = p.feed("1;33;0000-00-00;7 o'clock\r\n\r\n", now);
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].flags, timing::read_flag_bad_time);
}
