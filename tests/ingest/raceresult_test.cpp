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

// The decoder's clock has no date (0000-00-00): pulling its passings days after the race is
// ordinary, and the offset is the difference of the times of day, not of the days.
struct RaceResultDatelessClock : RaceResult {
    // Feeds the GETTIME answer read at `at` (asked and answered at once); returns the output.
    ingest::ParseOutput get_time(ingest::RaceResultParser& p, std::string_view answer,
                                 timing::Instant at) {
        p.start(at);
        p.feed("SETPROTOCOL;2.0\r\n", at);
        return p.feed(answer, at);
    }
    std::optional<timing::Duration> offset_of(std::string_view answer, timing::Instant at) {
        ingest::RaceResultParser p(builder, std::nullopt);
        const auto out = get_time(p, answer, at);
        if (out.clock_syncs.size() != 1) return std::nullopt;
        return out.clock_syncs[0].offset;
    }
};

TEST_F(RaceResultDatelessClock, PulledDaysAfterTheRaceTheOffsetIsTheTimeOfDayDifference) {
    // 2016-11-08, 941 days after the race, 00:02:10.942 in Toronto (EST, UTC-5); the decoder
    // answers the documented GETTIME sample, 2 s ahead of us.
    const auto later = utc(2016, 11, 8, 5, 2, 10, 942'000);
    ingest::RaceResultParser p(builder, std::nullopt);
    const auto sync = get_time(p, "GETTIME;0000-00-00;00:02:12.942\r\n", later);
    ASSERT_EQ(sync.clock_syncs.size(), 1u);
    EXPECT_EQ(sync.clock_syncs[0].offset, seconds{-2});
    EXPECT_EQ(sync.clock_syncs[0].measured, later);
    // The documented passing is a race-day time, and so is its corrected time.
    p.feed("PASSINGS;1\r\n", later);
    const auto out = p.feed("1;33;0000-00-00;00:00:02.773;6692;12;-68;09ca52\r\n\r\n", later);
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].device_time, utc(2014, 4, 12, 4, 0, 2, 773'000));
    EXPECT_EQ(*out.reads[0].device_time + sync.clock_syncs[0].offset, utc(2014, 4, 12, 4, 0, 0, 773'000));
    EXPECT_EQ(out.reads[0].flags, 0);
}

TEST_F(RaceResultDatelessClock, TheDifferenceWrapsAcrossMidnight) {
    // Ours 23:59:59.000 (EDT, race day), the decoder already past midnight: 2 s ahead.
    EXPECT_EQ(offset_of("GETTIME;0000-00-00;00:00:01.000\r\n", utc(2014, 4, 13, 3, 59, 59)), seconds{-2});
    // Ours 00:00:01.000, the decoder not yet at midnight: 2 s behind.
    EXPECT_EQ(offset_of("GETTIME;0000-00-00;23:59:59.000\r\n", utc(2014, 4, 13, 4, 0, 1)), seconds{2});
    // Ours 13:30 (EST), the decoder 11 h 59 min behind, and 11 h 59 min ahead: at most ±12 h.
    EXPECT_EQ(offset_of("GETTIME;0000-00-00;01:31:00.000\r\n", utc(2026, 12, 1, 18, 30, 0)),
              hours{11} + minutes{59});
    EXPECT_EQ(offset_of("GETTIME;0000-00-00;01:29:00.000\r\n", utc(2026, 12, 1, 18, 30, 0)),
              -(hours{11} + minutes{59}));
}

TEST_F(RaceResultDatelessClock, AGpsDayCounterIsNotADate) {
    // 0000-00-01: the decoder has run past 24 h since it started; still no date. 13:30 EST.
    EXPECT_EQ(offset_of("GETTIME;0000-00-01;13:29:58.000\r\n", utc(2016, 11, 8, 18, 30, 0)), seconds{2});
}

TEST_F(RaceResultDatelessClock, AClockWithADateIsComparedWithItsDate) {
    // After SETTIME the decoder has a date: a whole day behind is a day's offset.
    EXPECT_EQ(offset_of("GETTIME;2016-11-07;13:29:58.000\r\n", utc(2016, 11, 8, 18, 30, 0)),
              hours{24} + seconds{2});
}

TEST_F(RaceResultDatelessClock, AnOffsetOverAMinuteIsAWarningWithWhatToDo) {
    ingest::RaceResultParser p(builder, std::nullopt);
    // 13:30:00 EST here, the decoder 5 min behind.
    const auto out = get_time(p, "GETTIME;0000-00-00;13:25:00.000\r\n", utc(2016, 11, 8, 18, 30, 0));
    ASSERT_EQ(out.clock_syncs.size(), 1u);
    EXPECT_EQ(out.clock_syncs[0].offset, minutes{5}) << "applied all the same";
    std::string notes;
    for (const auto& n : out.notes) notes += n + "\n";
    EXPECT_NE(notes.find("warning: clock offset +0:05:00.000 is over 1 min"), std::string::npos) << notes;
    EXPECT_NE(notes.find("set clock_offset = \"0:00:00\" on reader rr"), std::string::npos) << notes;

    // 59 s is drift, not a wrong clock: no warning.
    ingest::RaceResultParser q(builder, std::nullopt);
    const auto small = get_time(q, "GETTIME;0000-00-00;13:29:01.000\r\n", utc(2016, 11, 8, 18, 30, 0));
    for (const auto& n : small.notes) EXPECT_EQ(n.find("warning"), std::string::npos) << n;
}

TEST_F(RaceResultDatelessClock, TheConfigsOffsetWinsAndIsNotWarnedAbout) {
    auto with_offset = race;
    for (auto& r : with_offset.readers)
        if (r.name == "rr") r.clock_offset = timing::Duration{0};
    ingest::ReadBuilder b{with_offset, *with_offset.find_reader("rr")};
    ingest::RaceResultParser p(b, std::nullopt);
    const auto out = get_time(p, "GETTIME;0000-00-00;13:25:00.000\r\n", utc(2016, 11, 8, 18, 30, 0));
    std::string notes;
    for (const auto& n : out.notes) notes += n + "\n";
    EXPECT_EQ(notes.find("warning"), std::string::npos) << notes;
    EXPECT_NE(notes.find("the config's clock_offset +0:00:00.000 is applied"), std::string::npos) << notes;
}
