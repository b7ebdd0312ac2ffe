// The reader status a timer reads (`finishline status`, the marshal STATUS reply): a clock
// offset over a minute is a warning saying what to do, and survives the STATUS line.
#include <gtest/gtest.h>

#include "ingest/reader_status.hpp"
#include "ingest/status_query.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using namespace std::chrono;

namespace {

ingest::StatusLine status_of(const ingest::ReaderStatus& r) {
    const auto cfg = test::parser_config();
    const auto lines = ingest::status_lines({r}, cfg.calendar());
    EXPECT_EQ(lines.size(), 1u);
    const auto parsed = ingest::parse_status_line(lines.at(0));
    EXPECT_TRUE(parsed) << lines.at(0);
    return parsed.value_or(ingest::StatusLine{});
}

ingest::ReaderStatus decoder(std::optional<timing::Duration> offset, bool from_config = false) {
    ingest::ReaderStatus r;
    r.name = "rr";
    r.protocol = "raceresult";
    r.endpoint = "connect 127.0.0.1:3601";
    r.clock_offset = offset;
    r.clock_offset_from_config = from_config;
    r.last_error = "decoder: \"ERROR\" once";
    return r;
}

}  // namespace

TEST(ReaderStatusClock, AMeasuredOffsetOverAMinuteIsAWarningWithWhatToDo) {
    const auto s = status_of(decoder(minutes{5} + milliseconds{250}));
    EXPECT_EQ(s.clock_offset, "+300.250s");
    EXPECT_NE(s.clock_warning.find("clock offset +0:05:00.250 is over 1 min"), std::string::npos)
        << s.clock_warning;
    EXPECT_NE(s.clock_warning.find("reader rr's clock is behind this computer's"), std::string::npos)
        << s.clock_warning;
    EXPECT_NE(s.clock_warning.find("set clock_offset = \"0:00:00\" on reader rr"), std::string::npos)
        << s.clock_warning;
    // The fields around it read back whole, quotes and all (STATUS values are marshal words).
    EXPECT_EQ(s.last_error, "decoder: \"ERROR\" once");
    EXPECT_EQ(s.endpoint, "connect 127.0.0.1:3601");

    const auto ahead = status_of(decoder(-minutes{2}));
    EXPECT_NE(ahead.clock_warning.find("-0:02:00.000"), std::string::npos) << ahead.clock_warning;
    EXPECT_NE(ahead.clock_warning.find("clock is ahead of this computer's"), std::string::npos)
        << ahead.clock_warning;
}

TEST(ReaderStatusClock, NoWarningWithinAMinuteOrForTheConfigsOffset) {
    EXPECT_EQ(status_of(decoder(seconds{60})).clock_warning, "");
    EXPECT_EQ(status_of(decoder(-seconds{60})).clock_warning, "");
    EXPECT_EQ(status_of(decoder(std::nullopt)).clock_warning, "");
    // Set by the timer on purpose: nothing to warn about.
    const auto config = status_of(decoder(minutes{10}, true));
    EXPECT_EQ(config.clock_warning, "");
    EXPECT_EQ(config.clock_offset, "+600.000s(config)");
    EXPECT_FALSE(ingest::clock_warning(decoder(minutes{10}, true)).has_value());
    EXPECT_TRUE(ingest::clock_warning(decoder(seconds{61})).has_value());
}

// A SITE line (issue 15), as the finish writes it and `finishline status` reads it back: the
// parser takes the exact line below, written by hand.
TEST(SiteStatusLine, ReadsBackWhatTheFinishWrites) {
    const auto s = ingest::parse_site_line(
        "SITE km15 connected=0 last_heartbeat=07:12:40 last_read=07:12:38 last_seq=301 held=298 behind=3 "
        "clock_difference=-1.204s");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name, "km15");
    EXPECT_EQ(s->connected, 0);
    EXPECT_EQ(s->last_heartbeat, "07:12:40");
    EXPECT_EQ(s->last_read, "07:12:38");
    EXPECT_EQ(s->last_seq, 301);
    EXPECT_EQ(s->held, 298);
    EXPECT_EQ(s->behind, 3);
    EXPECT_EQ(s->clock_difference, "-1.204s");
    EXPECT_FALSE(ingest::parse_site_line("STATUS km15 chronotrack"));
}
