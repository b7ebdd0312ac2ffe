#include <gtest/gtest.h>

#include "ingest/chronotrack.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using fl::test::utc;

namespace {

struct ChronoTrack : ::testing::Test {
    timing::RaceConfig race = test::parser_config();
    ingest::ReadBuilder single{race, *race.find_reader("ct")};
    ingest::ReadBuilder multi{race, *race.find_reader("ct-multi")};
    timing::Instant now = utc(2014, 4, 12, 18, 30, 0);

    static std::string joined(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += x;
        return s;
    }
};

}  // namespace

TEST_F(ChronoTrack, OurGreetingGoesOutOnConnect) {
    ingest::ChronoTrackParser p(single, {});
    const auto out = p.start(now);
    EXPECT_EQ(joined(out.replies),
              "FinishLine~0.1~6\r\nstream-mode=push\r\ntime-format=normal\r\nguntimes=true\r\n"
              "newlocations=true\r\nconnection-id=false\r\nlocation=single\r\n");
}

TEST_F(ChronoTrack, DeviceGreetingFirstIsAnsweredWithStart) {
    ingest::ChronoTrackParser p(single, {});
    p.start(now);
    const auto out = p.feed("SimpleClient~1.0~CTP01\r\n", now);
    EXPECT_TRUE(p.device_greeted());
    EXPECT_EQ(joined(out.replies), "start\r\n");
    EXPECT_TRUE(out.malformed.empty());
}

TEST_F(ChronoTrack, DeviceGreetingWithSettingsStartsAfterTheLastSetting) {
    // The order where the software greets first and the device answers with its own settings.
    ingest::ChronoTrackParser p(single, {});
    p.start(now);
    auto out = p.feed("TsConnector~2.1~2\r\nstream-mode=push\r\n", now);
    EXPECT_TRUE(out.replies.empty()) << "start must wait for the second setting line";
    out = p.feed("time-format=normal\r\n", now);
    EXPECT_EQ(joined(out.replies), "start\r\n");
}

TEST_F(ChronoTrack, ResumesFromTheLastStoredSequencePerLocation) {
    ingest::ChronoTrackParser p(multi, {{"finish", 41}});
    p.start(now);
    const auto out = p.feed("SimpleClient~1.0~CTP01\r\n", now);
    // A known location resumes from its sequence; a configured one never seen starts from its
    // first read.
    EXPECT_EQ(joined(out.replies), "start~finish~41\r\nstart~start~1\r\n");
}

TEST_F(ChronoTrack, DocumentedTagReadByteForByte) {
    ingest::ChronoTrackParser p(multi, {});
    const std::string line = "CT01_33~1~start~9478~14:02:15.31~0~0F2A38~1";
    const auto out = p.feed(line + "\r\n", now);
    ASSERT_EQ(out.reads.size(), 1u);
    const auto& r = out.reads[0];
    EXPECT_EQ(r.reader_id, 2);
    EXPECT_EQ(r.kind, timing::ReadKind::tag);
    EXPECT_EQ(r.chip, "9478");
    EXPECT_EQ(r.device_seq, 1);
    EXPECT_EQ(r.location, "start");
    EXPECT_EQ(r.timing_point_id, 1);  // start mat
    EXPECT_EQ(r.device_time, utc(2014, 4, 12, 18, 2, 15, 310'000));  // 14:02:15.31 EDT
    EXPECT_EQ(r.receive_time, now);
    EXPECT_EQ(r.flags, 0u);
    EXPECT_EQ(r.raw, line);
}

TEST_F(ChronoTrack, GunTimeAndNewLocationMarkers) {
    ingest::ChronoTrackParser p(multi, {});
    const auto out = p.feed("CT01_33~4~start~guntime~07:45:01.01~0~DF239A~0\r\n"
                            "CT01_33~2038~30k~newlocation~09:15:21.00~0~ED932A~0\r\n",
                            now);
    ASSERT_EQ(out.reads.size(), 2u);
    EXPECT_EQ(out.reads[0].kind, timing::ReadKind::gun);
    EXPECT_EQ(out.reads[0].timing_point_id, 1);
    EXPECT_EQ(out.reads[0].device_time, utc(2014, 4, 12, 11, 45, 1, 10'000));
    EXPECT_EQ(out.reads[1].kind, timing::ReadKind::marker);
    EXPECT_EQ(out.reads[1].device_seq, 2038);
    // "30k" is not in the locations map and the reader has no single timing point.
    EXPECT_EQ(out.reads[1].timing_point_id, std::nullopt);
    EXPECT_EQ(out.reads[1].flags, timing::read_flag_unknown_location);
}

TEST_F(ChronoTrack, OlderCommaForm) {
    ingest::ChronoTrackParser p(multi, {});
    const auto out = p.feed("CT01_13,24,START,50101,15:54:48.90,1,117F37,8\r\n", now);
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].device_seq, 24);
    EXPECT_EQ(out.reads[0].chip, "50101");
    EXPECT_EQ(out.reads[0].location, "START");
    EXPECT_EQ(out.reads[0].timing_point_id, 1) << "location names match whatever their case";
    EXPECT_EQ(out.reads[0].device_time, utc(2014, 4, 12, 19, 54, 48, 900'000));
}

TEST_F(ChronoTrack, EveryTimeFormat) {
    const auto at = [&](std::string_view t) { return ingest::parse_chronotrack_time(t, single); };
    const auto expected = utc(2014, 4, 12, 18, 2, 15, 310'000);
    EXPECT_EQ(at("14:02:15.31"), expected);                 // normal
    EXPECT_EQ(at("2014-04-12T14:02:15.31"), expected);      // iso, local
    EXPECT_EQ(at("1397325735.31"), expected);               // unix seconds (UTC)
    EXPECT_EQ(at("50535310"), expected);                    // ms since midnight
    EXPECT_EQ(at("2008-10-16T14:02:15.31"), utc(2008, 10, 16, 18, 2, 15, 310'000));
    EXPECT_EQ(at("25:61:00"), std::nullopt);
    EXPECT_EQ(at("soon"), std::nullopt);
    EXPECT_EQ(at(""), std::nullopt);
}

TEST_F(ChronoTrack, FarAndUnreadableTimesAreStoredAndFlagged) {
    ingest::ChronoTrackParser p(single, {});
    const auto out = p.feed("CT01_33~7~finish~111~2008-10-16T14:02:15.31~0~X~1\r\n"
                            "CT01_33~8~finish~112~99:99~0~X~1\r\n",
                            now);
    ASSERT_EQ(out.reads.size(), 2u);
    EXPECT_EQ(out.reads[0].flags, timing::read_flag_impossible_time);
    EXPECT_EQ(out.reads[1].flags, timing::read_flag_bad_time);
    EXPECT_EQ(out.reads[1].device_time, std::nullopt);
    EXPECT_TRUE(out.malformed.empty());
}

TEST_F(ChronoTrack, GarbageIsReportedWithItsBytesAndTheStreamGoesOn) {
    ingest::ChronoTrackParser p(single, {});
    const auto out = p.feed("hello there\r\nCT01_33~x~finish~1~14:00:00.00\r\nCT01_33~9\r\n"
                            "CT01_33~10~finish~2~14:00:00.00~0~X~1\r\n",
                            now);
    ASSERT_EQ(out.malformed.size(), 3u);
    EXPECT_EQ(out.malformed[0].raw, "hello there");
    EXPECT_EQ(out.malformed[1].raw, "CT01_33~x~finish~1~14:00:00.00");
    EXPECT_NE(out.malformed[1].reason.find("sequence"), std::string::npos);
    EXPECT_NE(out.malformed[2].reason.find("at least 5 fields"), std::string::npos);
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].device_seq, 10);
}

TEST_F(ChronoTrack, SplitAnywhereGivesTheSameReads) {
    const std::string bytes = "SimpleClient~1.0~CTP01\r\nCT01_33~1~finish~9478~14:02:15.31~0~0F2A38~1\r\n"
                              "CT01_33~2~finish~9479~14:02:16.00~0~0F2A38~1\r\n";
    ingest::ChronoTrackParser whole(single, {});
    const auto a = whole.feed(bytes, now);
    ingest::ChronoTrackParser pieces(single, {});
    std::vector<timing::NewRead> b;
    for (const char c : bytes) {
        auto out = pieces.feed(std::string_view(&c, 1), now);
        for (auto& r : out.reads) b.push_back(std::move(r));
    }
    ASSERT_EQ(a.reads.size(), 2u);
    ASSERT_EQ(b.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(a.reads[i].raw, b[i].raw);
        EXPECT_EQ(a.reads[i].device_time, b[i].device_time);
    }
}

TEST_F(ChronoTrack, KeepaliveAndDeviceAnswers) {
    ingest::ChronoTrackParser p(single, {});
    EXPECT_EQ(joined(p.keepalive(now).replies), "ping\r\n");
    auto out = p.feed("ack~ping\r\nack~getlocations~finish~split-1\r\nerr~start~no such location\r\n", now);
    EXPECT_TRUE(out.malformed.empty());
    ASSERT_EQ(out.notes.size(), 1u) << "ack~ping is expected and not logged";
    ASSERT_EQ(out.device_errors.size(), 1u);
    EXPECT_NE(out.device_errors[0].find("no such location"), std::string::npos);
}

TEST_F(ChronoTrack, LineOverTheLimitIsFatal) {
    ingest::ChronoTrackParser p(single, {});
    const auto out = p.feed(std::string(5000, 'A'), now);
    ASSERT_TRUE(out.fatal.has_value());
    EXPECT_NE(out.fatal->find("4096"), std::string::npos);
}

TEST_F(ChronoTrack, ControlCharactersInATagAreMalformed) {
    ingest::ChronoTrackParser p(single, {});
    const auto out = p.feed(std::string("CT01_33~5~finish~AB\x01" "C~14:00:00.00~0~X~1\r\n"), now);
    EXPECT_TRUE(out.reads.empty());
    ASSERT_EQ(out.malformed.size(), 1u);
    EXPECT_NE(out.malformed[0].reason.find("control character"), std::string::npos);
}

// Read days after the race (a controller's memory replayed): the controller's time of day is
// race-day time; the day of receipt never moves it, and no clock offset is measured.
TEST_F(ChronoTrack, ATimeOfDayReceivedDaysLaterIsStillRaceDay) {
    ingest::ChronoTrackParser p(single, {});
    const auto later = utc(2016, 11, 8, 18, 30, 0);
    p.start(later);
    p.feed("SimpleClient~1.0~CTP01\r\n", later);
    const auto out = p.feed("CT01_33~1~start~9478~14:02:15.31~0~0F2A38~1\r\n", later);
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].device_time, utc(2014, 4, 12, 18, 2, 15, 310'000));
    EXPECT_EQ(out.reads[0].receive_time, later);
    EXPECT_EQ(out.reads[0].flags, 0);
    EXPECT_TRUE(out.clock_syncs.empty());
}
