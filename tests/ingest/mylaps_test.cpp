#include <gtest/gtest.h>

#include "ingest/mylaps.hpp"
#include "ingest/record_hash.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using fl::test::utc;

namespace {

struct Mylaps : ::testing::Test {
    timing::RaceConfig race = test::parser_config();
    ingest::ReadBuilder builder{race, *race.find_reader("mylaps")};
    timing::Instant now = utc(2014, 4, 12, 18, 30, 0);
};

const std::string documented =
    "10KM@Passing@t=13:11:30.904|c=0000041|ct=UH|d=120606|l=13|dv=4|re=0|an=00001111|g=0|b=41|"
    "n=41@t=13:12:21.830|c=0000039|ct=UH|d=120606|l=30|dv=4|re=0|an=00001101|g=0|b=39|n=39@1016@$";

}  // namespace

TEST_F(Mylaps, PongAndPingAreAnswered) {
    ingest::MylapsParser p(builder);
    auto out = p.feed("10KM@Pong@$", now);
    ASSERT_EQ(out.replies.size(), 1u);
    EXPECT_EQ(out.replies[0], "FinishLine@AckPong@Version2.1@$");
    out = p.feed("10KM@Ping@$", now);
    ASSERT_EQ(out.replies.size(), 1u);
    EXPECT_EQ(out.replies[0], "FinishLine@AckPing@$");
}

TEST_F(Mylaps, DocumentedMultiPassingMessage) {
    ingest::MylapsParser p(builder);
    const auto out = p.feed(documented, now);
    ASSERT_EQ(out.reads.size(), 2u);
    EXPECT_TRUE(out.replies.empty()) << "AckPassing waits for the commit";
    ASSERT_EQ(out.acks.size(), 1u);
    EXPECT_EQ(out.acks[0], "FinishLine@AckPassing@1016@$");
    const auto& a = out.reads[0];
    EXPECT_EQ(a.chip, "0000041");
    EXPECT_EQ(a.location, "10KM");
    EXPECT_EQ(a.timing_point_id, 2);
    // d=120606 is the device's own date: 2012-06-06 13:11:30.904 EDT, far from the race day.
    EXPECT_EQ(a.device_time, utc(2012, 6, 6, 17, 11, 30, 904'000));
    EXPECT_EQ(a.flags, timing::read_flag_impossible_time);
    EXPECT_EQ(a.raw, "10KM@t=13:11:30.904|c=0000041|ct=UH|d=120606|l=13|dv=4|re=0|an=00001111|g=0|b=41|n=41");
    EXPECT_EQ(a.device_seq, ingest::record_hash(a.raw));
    EXPECT_GE(a.device_seq, 0);
    EXPECT_EQ(out.reads[1].chip, "0000039");
    EXPECT_NE(out.reads[1].device_seq, a.device_seq);
}

TEST_F(Mylaps, StrayCrLfNulAreStripped) {
    ingest::MylapsParser clean(builder), noisy(builder);
    const auto a = clean.feed(documented, now);
    std::string dirty = "\r\n" + documented.substr(0, 40) + std::string(1, '\0') + "\n" +
                        documented.substr(40) + "\r\n";
    const auto b = noisy.feed(dirty, now);
    ASSERT_EQ(b.reads.size(), 2u);
    EXPECT_EQ(a.reads[0].raw, b.reads[0].raw);
    EXPECT_EQ(a.reads[0].device_seq, b.reads[0].device_seq);
    EXPECT_TRUE(b.malformed.empty());
}

TEST_F(Mylaps, RetransmittedMessageHasTheSameKeys) {
    ingest::MylapsParser p(builder);
    const auto first = p.feed(documented, now);
    const auto again = p.feed(documented, now + std::chrono::seconds{3});
    ASSERT_EQ(again.reads.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(first.reads[i].device_seq, again.reads[i].device_seq);
    ASSERT_EQ(again.acks.size(), 1u);
}

TEST_F(Mylaps, GunshotMarkerAndTimeOnlyPassings) {
    ingest::MylapsParser p(builder);
    const auto out = p.feed("10KM@Passing@mt=Gunshot|t=07:00:00.250@t=07:20:00.000|c=77@5@$", now);
    ASSERT_EQ(out.reads.size(), 2u);
    EXPECT_EQ(out.reads[0].kind, timing::ReadKind::gun);
    EXPECT_EQ(out.reads[0].device_time, utc(2014, 4, 12, 11, 0, 0, 250'000));
    EXPECT_EQ(out.reads[1].kind, timing::ReadKind::tag);
    EXPECT_EQ(out.reads[1].device_time, utc(2014, 4, 12, 11, 20, 0));
    EXPECT_EQ(out.reads[1].flags, 0u);
}

TEST_F(Mylaps, MalformedPassingIsReportedAndTheMessageStillAcknowledged) {
    ingest::MylapsParser p(builder);
    const auto out = p.feed("10KM@Passing@t=07:20:00.000|l=3@t=xx|c=78@6@$10KM@Passing@1@x@$", now);
    ASSERT_EQ(out.malformed.size(), 2u);
    EXPECT_EQ(out.malformed[0].raw, "10KM@t=07:20:00.000|l=3");  // stored as refused like this
    EXPECT_EQ(out.malformed[1].raw, "10KM@Passing@1@x@");  // no message number
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].flags, timing::read_flag_bad_time);
    ASSERT_EQ(out.acks.size(), 1u);
    EXPECT_EQ(out.acks[0], "FinishLine@AckPassing@6@$");
}

TEST_F(Mylaps, MessageOverTheLimitIsFatal) {
    ingest::MylapsParser p(builder);
    const auto out = p.feed(std::string(ingest::max_mylaps_message_bytes + 1, 'x'), now);
    EXPECT_TRUE(out.fatal.has_value());
}

// A passing without its date (no d=) received days after the race: a race-day time; the day of
// receipt never moves it, and no clock offset is measured.
TEST_F(Mylaps, ATimeOfDayReceivedDaysLaterIsStillRaceDay) {
    ingest::MylapsParser p(builder);
    const auto later = utc(2016, 11, 8, 18, 30, 0);
    const auto out = p.feed("10KM@Passing@t=13:11:30.904|c=0000041|ct=UH|l=13|dv=4|re=0|an=00001111|g=0|b=41|n=41@1017@$", later);
    ASSERT_EQ(out.reads.size(), 1u);
    EXPECT_EQ(out.reads[0].device_time, utc(2014, 4, 12, 17, 11, 30, 904'000));
    EXPECT_EQ(out.reads[0].receive_time, later);
    EXPECT_EQ(out.reads[0].flags, 0);
    EXPECT_TRUE(out.clock_syncs.empty());
}
