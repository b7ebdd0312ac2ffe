// Time parsing and formatting, and the race calendar: zones, DST days, the midnight rule.
#include "timing/time.hpp"

#include <gtest/gtest.h>

#include "timing/error.hpp"

namespace fl::timing {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr Duration hms(int h, int m, int s, std::int64_t us = 0) {
    return hours{h} + minutes{m} + seconds{s} + microseconds{us};
}

// A UTC instant written out in full, so the expected values read like a clock.
Instant utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
    return Instant{date::sys_days{date::year{y} / mo / d}.time_since_epoch() + hms(h, mi, s)};
}

date::year_month_day ymd(int y, unsigned m, unsigned d) { return date::year{y} / m / d; }

RaceCalendar calendar(date::year_month_day day, const char* zone, Duration first_gun = hms(7, 0, 0)) {
    return RaceCalendar(day, find_zone(zone), first_gun);
}

// --- parse_time_of_day ---------------------------------------------------------------------

TEST(ParseTimeOfDay, AcceptsHoursMinutesSeconds) {
    EXPECT_EQ(parse_time_of_day("07:00:00"), hms(7, 0, 0));
    EXPECT_EQ(parse_time_of_day("7:00:00"), hms(7, 0, 0));
    EXPECT_EQ(parse_time_of_day("00:00:00"), Duration{0});
    EXPECT_EQ(parse_time_of_day("23:59:59"), hms(23, 59, 59));
    EXPECT_EQ(parse_time_of_day("14:02:15"), hms(14, 2, 15));
}

TEST(ParseTimeOfDay, AcceptsFractionsOfOneToNineDigits) {
    EXPECT_EQ(parse_time_of_day("14:02:15.3"), hms(14, 2, 15, 300'000));
    EXPECT_EQ(parse_time_of_day("14:02:15.31"), hms(14, 2, 15, 310'000));
    EXPECT_EQ(parse_time_of_day("14:02:15.312"), hms(14, 2, 15, 312'000));
    EXPECT_EQ(parse_time_of_day("14:02:15.3124"), hms(14, 2, 15, 312'400));
    EXPECT_EQ(parse_time_of_day("14:02:15.31245"), hms(14, 2, 15, 312'450));
    EXPECT_EQ(parse_time_of_day("14:02:15.312456"), hms(14, 2, 15, 312'456));
    // Beyond microseconds the digits are accepted and truncated.
    EXPECT_EQ(parse_time_of_day("14:02:15.3124567"), hms(14, 2, 15, 312'456));
    EXPECT_EQ(parse_time_of_day("14:02:15.31245678"), hms(14, 2, 15, 312'456));
    EXPECT_EQ(parse_time_of_day("14:02:15.312456789"), hms(14, 2, 15, 312'456));
}

TEST(ParseTimeOfDay, AcceptsCommaAsDecimalSeparator) {
    EXPECT_EQ(parse_time_of_day("14:02:15,5"), hms(14, 2, 15, 500'000));
}

TEST(ParseTimeOfDay, RejectsOutOfRangeFields) {
    EXPECT_EQ(parse_time_of_day("25:61:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("24:00:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("12:60:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("12:00:60"), std::nullopt);
}

TEST(ParseTimeOfDay, RejectsMalformedText) {
    EXPECT_EQ(parse_time_of_day(""), std::nullopt);
    EXPECT_EQ(parse_time_of_day("7:0:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("7:00:0"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("12:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("123:00:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day(" 12:00:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("-12:00:00"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("ab:cd:ef"), std::nullopt);
}

TEST(ParseTimeOfDay, RejectsTrailingJunk) {
    EXPECT_EQ(parse_time_of_day("12:00:00x"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("12:00:00 "), std::nullopt);
    EXPECT_EQ(parse_time_of_day("12:00:00."), std::nullopt);
    EXPECT_EQ(parse_time_of_day("12:00:00.5x"), std::nullopt);
    EXPECT_EQ(parse_time_of_day("12:00:00:00"), std::nullopt);
}

TEST(ParseTimeOfDay, RejectsFractionsOfTenDigits) {
    EXPECT_EQ(parse_time_of_day("14:02:15.1234567890"), std::nullopt);
}

// --- parse_duration ------------------------------------------------------------------------

TEST(ParseDuration, AcceptsHoursMinutesSecondsWithAnyHours) {
    EXPECT_EQ(parse_duration("0:10:00"), minutes{10});
    EXPECT_EQ(parse_duration("00:10:00"), minutes{10});
    EXPECT_EQ(parse_duration("2:09:44.3"), hms(2, 9, 44, 300'000));
    EXPECT_EQ(parse_duration("36:00:00"), hours{36});
    EXPECT_EQ(parse_duration("100:00:01"), hms(100, 0, 1));
}

TEST(ParseDuration, AcceptsMinutesSeconds) {
    EXPECT_EQ(parse_duration("05:30"), hms(0, 5, 30));
    EXPECT_EQ(parse_duration("5:30"), hms(0, 5, 30));
    EXPECT_EQ(parse_duration("59:59.25"), hms(0, 59, 59, 250'000));
}

TEST(ParseDuration, AcceptsSign) {
    EXPECT_EQ(parse_duration("+0:00:01.5"), hms(0, 0, 1, 500'000));
    EXPECT_EQ(parse_duration("-0:00:02"), -seconds{2});
    EXPECT_EQ(parse_duration("-00:02.000001"), -hms(0, 0, 2, 1));
}

TEST(ParseDuration, AcceptsFractionsOfOneToNineDigits) {
    EXPECT_EQ(parse_duration("0:00:01.1"), hms(0, 0, 1, 100'000));
    EXPECT_EQ(parse_duration("0:00:01.123456789"), hms(0, 0, 1, 123'456));
    EXPECT_EQ(parse_duration("0:00:01.1234567890"), std::nullopt);
}

TEST(ParseDuration, RejectsMalformedText) {
    EXPECT_EQ(parse_duration(""), std::nullopt);
    EXPECT_EQ(parse_duration("-"), std::nullopt);
    EXPECT_EQ(parse_duration("+-0:01:00"), std::nullopt);
    EXPECT_EQ(parse_duration("10"), std::nullopt);
    EXPECT_EQ(parse_duration("1:60:00"), std::nullopt);
    EXPECT_EQ(parse_duration("1:00:60"), std::nullopt);
    EXPECT_EQ(parse_duration("60:00"), std::nullopt);
    EXPECT_EQ(parse_duration("1:0:00"), std::nullopt);
    EXPECT_EQ(parse_duration("0:10:00 "), std::nullopt);
    EXPECT_EQ(parse_duration("0:10:00x"), std::nullopt);
}

// --- parse_date ----------------------------------------------------------------------------

TEST(ParseDate, AcceptsCalendarDates) {
    EXPECT_EQ(parse_date("2014-04-12"), ymd(2014, 4, 12));
    EXPECT_EQ(parse_date("2016-02-29"), ymd(2016, 2, 29));
    EXPECT_EQ(format_date(ymd(2014, 4, 2)), "2014-04-02");
}

TEST(ParseDate, RejectsInvalidDatesAndFormats) {
    EXPECT_EQ(parse_date(""), std::nullopt);
    EXPECT_EQ(parse_date("2014-02-29"), std::nullopt);
    EXPECT_EQ(parse_date("2014-13-01"), std::nullopt);
    EXPECT_EQ(parse_date("2014-04-31"), std::nullopt);
    EXPECT_EQ(parse_date("2014-00-10"), std::nullopt);
    EXPECT_EQ(parse_date("2014-4-12"), std::nullopt);
    EXPECT_EQ(parse_date("14-04-12"), std::nullopt);
    EXPECT_EQ(parse_date("2014/04/12"), std::nullopt);
    EXPECT_EQ(parse_date("2014-04-12x"), std::nullopt);
    EXPECT_EQ(parse_date("2014-04-12T07:00"), std::nullopt);
}

// --- format_result_time --------------------------------------------------------------------

TEST(FormatResultTime, RoundsAnyFractionUpToTheNextSecond) {
    EXPECT_EQ(format_result_time(hms(2, 9, 44, 300'000)), "2:09:45");
    EXPECT_EQ(format_result_time(hms(2, 9, 44, 1)), "2:09:45");
    EXPECT_EQ(format_result_time(hms(2, 9, 44, 999'999)), "2:09:45");
    EXPECT_EQ(format_result_time(hms(0, 59, 59, 100'000)), "1:00:00");
}

TEST(FormatResultTime, LeavesExactSecondsUnchanged) {
    EXPECT_EQ(format_result_time(hms(2, 9, 44)), "2:09:44");
    EXPECT_EQ(format_result_time(Duration{0}), "0:00:00");
    EXPECT_EQ(format_result_time(hms(0, 17, 3)), "0:17:03");
    EXPECT_EQ(format_result_time(hms(27, 0, 5)), "27:00:05");
}

TEST(FormatResultTime, TenthsRoundUpToTheNextTenth) {
    EXPECT_EQ(format_result_time(hms(2, 9, 44, 300'000), Resolution::tenths), "2:09:44.3");
    EXPECT_EQ(format_result_time(hms(2, 9, 44, 310'000), Resolution::tenths), "2:09:44.4");
    EXPECT_EQ(format_result_time(hms(2, 9, 44, 900'001), Resolution::tenths), "2:09:45.0");
    EXPECT_EQ(format_result_time(hms(0, 0, 0, 1), Resolution::tenths), "0:00:00.1");
    EXPECT_EQ(format_result_time(hms(0, 5, 0), Resolution::tenths), "0:05:00.0");
}

TEST(FormatResultTime, NegativeGetsALeadingMinusAndTheSameRounding) {
    EXPECT_EQ(format_result_time(-hms(0, 0, 2, 300'000)), "-0:00:03");
    EXPECT_EQ(format_result_time(-hms(1, 2, 3)), "-1:02:03");
    EXPECT_EQ(format_result_time(-hms(0, 0, 2, 310'000), Resolution::tenths), "-0:00:02.4");
}

TEST(FormatDurationMs, TruncatesToMilliseconds) {
    EXPECT_EQ(format_duration_ms(hms(1, 2, 3, 456'999)), "1:02:03.456");
    EXPECT_EQ(format_duration_ms(-hms(0, 0, 1, 500'000)), "-0:00:01.500");
}

// --- RaceCalendar: zones -------------------------------------------------------------------

TEST(RaceCalendar, UnknownZoneNamesTheZone) {
    try {
        find_zone("America/Torronto");
        FAIL() << "expected timing::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'America/Torronto'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("IANA"), std::string::npos) << e.what();
    }
}

TEST(RaceCalendar, TorontoInSpringIsFourHoursBehindUtc) {
    EXPECT_EQ(calendar(ymd(2014, 4, 12), "America/Toronto").at_local(hms(7, 0, 0)),
              utc(2014, 4, 12, 11, 0));
}

TEST(RaceCalendar, TorontoInWinterIsFiveHoursBehindUtc) {
    EXPECT_EQ(calendar(ymd(2014, 1, 12), "America/Toronto").at_local(hms(7, 0, 0)),
              utc(2014, 1, 12, 12, 0));
}

TEST(RaceCalendar, LondonInSummerIsOneHourAheadOfUtc) {
    EXPECT_EQ(calendar(ymd(2014, 4, 12), "Europe/London").at_local(hms(7, 0, 0)),
              utc(2014, 4, 12, 6, 0));
    EXPECT_EQ(calendar(ymd(2014, 1, 12), "Europe/London").at_local(hms(7, 0, 0)),
              utc(2014, 1, 12, 7, 0));
}

TEST(RaceCalendar, UtcIsUnshifted) {
    EXPECT_EQ(calendar(ymd(2014, 4, 12), "UTC").at_local(hms(7, 0, 0, 250'000)),
              utc(2014, 4, 12, 7, 0) + 250ms);
}

TEST(RaceCalendar, FractionsAreKept) {
    EXPECT_EQ(calendar(ymd(2014, 4, 12), "America/Toronto").at_local(hms(8, 1, 2, 123'456)),
              utc(2014, 4, 12, 12, 1, 2) + 123'456us);
}

TEST(RaceCalendar, MidnightIsLocalMidnightOfTheRaceDate) {
    EXPECT_EQ(calendar(ymd(2014, 4, 12), "America/Toronto").midnight(), utc(2014, 4, 12, 4, 0));
    EXPECT_EQ(calendar(ymd(2014, 4, 12), "Europe/London").midnight(), utc(2014, 4, 11, 23, 0));
}

TEST(RaceCalendar, ExplicitDateIgnoresTheMidnightRule) {
    const auto cal = calendar(ymd(2014, 4, 12), "America/Toronto", hms(23, 0, 0));
    EXPECT_EQ(cal.at_local(ymd(2014, 4, 12), hms(0, 30, 0)), utc(2014, 4, 12, 4, 30));
    EXPECT_EQ(cal.at_local(ymd(2014, 4, 13), hms(0, 30, 0)), utc(2014, 4, 13, 4, 30));
}

// --- RaceCalendar: DST days (America/Toronto: 2014-03-09 02:00 EST → 03:00 EDT,
//     2014-11-02 02:00 EDT → 01:00 EST) -----------------------------------------------------

TEST(RaceCalendar, SpringForwardDayUsesTheOffsetInForceAtEachTime) {
    const auto cal = calendar(ymd(2014, 3, 9), "America/Toronto");
    EXPECT_EQ(cal.at_local(hms(1, 30, 0)), utc(2014, 3, 9, 6, 30));  // EST, -5
    EXPECT_EQ(cal.at_local(hms(3, 30, 0)), utc(2014, 3, 9, 7, 30));  // EDT, -4
    EXPECT_EQ(cal.at_local(hms(12, 0, 0)), utc(2014, 3, 9, 16, 0));
}

TEST(RaceCalendar, SkippedLocalTimeResolvesWithThePreChangeOffset) {
    const auto cal = calendar(ymd(2014, 3, 9), "America/Toronto");
    // 02:30 never happens on the wall clock; a device not yet adjusted is still on EST.
    EXPECT_EQ(cal.at_local(hms(2, 30, 0)), utc(2014, 3, 9, 7, 30));
    EXPECT_EQ(cal.at_local(hms(2, 0, 0)), utc(2014, 3, 9, 7, 0));
}

TEST(RaceCalendar, RepeatedLocalTimeTakesTheEarlierInstant) {
    const auto cal = calendar(ymd(2014, 11, 2), "America/Toronto");
    // 01:30 happens twice: 05:30 UTC (EDT) and 06:30 UTC (EST).
    EXPECT_EQ(cal.at_local(hms(1, 30, 0)), utc(2014, 11, 2, 5, 30));
    EXPECT_EQ(cal.at_local(hms(0, 59, 59)), utc(2014, 11, 2, 4, 59, 59));
    EXPECT_EQ(cal.at_local(hms(2, 0, 0)), utc(2014, 11, 2, 7, 0));  // EST after the change
}

TEST(RaceCalendar, LondonSpringForwardSkippedTime) {
    // 2014-03-30 01:00 GMT → 02:00 BST: 01:30 is read as GMT.
    const auto cal = calendar(ymd(2014, 3, 30), "Europe/London");
    EXPECT_EQ(cal.at_local(hms(1, 30, 0)), utc(2014, 3, 30, 1, 30));
    EXPECT_EQ(cal.at_local(hms(2, 30, 0)), utc(2014, 3, 30, 1, 30));
    EXPECT_EQ(cal.at_local(hms(0, 30, 0)), utc(2014, 3, 30, 0, 30));
}

// --- RaceCalendar: the midnight rule (more than 12 h before the first gun = next day) --------

TEST(RaceCalendar, MorningGunKeepsEveryTimeOnTheRaceDate) {
    const auto cal = calendar(ymd(2014, 4, 12), "America/Toronto", hms(7, 0, 0));
    // 12 h before 07:00 is 19:00 the day before: nothing on the race date is earlier.
    EXPECT_EQ(cal.at_local(hms(0, 0, 0)), utc(2014, 4, 12, 4, 0));
    EXPECT_EQ(cal.at_local(hms(0, 30, 0)), utc(2014, 4, 12, 4, 30));
    EXPECT_EQ(cal.at_local(hms(18, 0, 0)), utc(2014, 4, 12, 22, 0));
    EXPECT_EQ(cal.at_local(hms(18, 59, 59)), utc(2014, 4, 12, 22, 59, 59));
    EXPECT_EQ(cal.at_local(hms(23, 59, 59)), utc(2014, 4, 13, 3, 59, 59));
}

TEST(RaceCalendar, LateGunPutsSmallTimesOnTheNextDay) {
    const auto cal = calendar(ymd(2014, 4, 12), "America/Toronto", hms(23, 0, 0));
    EXPECT_EQ(cal.at_local(hms(0, 30, 0)), utc(2014, 4, 13, 4, 30));
    EXPECT_EQ(cal.at_local(hms(23, 0, 0)), utc(2014, 4, 13, 3, 0));
    EXPECT_EQ(cal.at_local(hms(22, 59, 0)), utc(2014, 4, 13, 2, 59));
}

TEST(RaceCalendar, MidnightRuleBoundaryIsExactlyTwelveHours) {
    const auto cal = calendar(ymd(2014, 4, 12), "America/Toronto", hms(23, 0, 0));
    // Exactly 12 h before the gun is not *more* than 12 h: same day.
    EXPECT_EQ(cal.at_local(hms(11, 0, 0)), utc(2014, 4, 12, 15, 0));
    EXPECT_EQ(cal.at_local(hms(11, 0, 0, 1)), utc(2014, 4, 12, 15, 0) + 1us);
    // One microsecond earlier is more than 12 h before: next day.
    EXPECT_EQ(cal.at_local(hms(10, 59, 59, 999'999)), utc(2014, 4, 13, 14, 59, 59) + 999'999us);
    EXPECT_EQ(cal.at_local(hms(10, 59, 59)), utc(2014, 4, 13, 14, 59, 59));
}

TEST(RaceCalendar, NoonGunBoundaryIsMidnight) {
    const auto cal = calendar(ymd(2014, 4, 12), "UTC", hms(12, 0, 0));
    EXPECT_EQ(cal.at_local(hms(0, 0, 0)), utc(2014, 4, 12, 0, 0));
    const auto later = calendar(ymd(2014, 4, 12), "UTC", hms(12, 0, 1));
    EXPECT_EQ(later.at_local(hms(0, 0, 0)), utc(2014, 4, 13, 0, 0));
    EXPECT_EQ(later.at_local(hms(0, 0, 1)), utc(2014, 4, 12, 0, 0, 1));
}

TEST(RaceCalendar, MidnightRuleOnTheSpringForwardDay) {
    // Gun 23:00 EDT = 03:00 UTC on the 10th; 12 h before = 15:00 UTC = 11:00 EDT.
    const auto cal = calendar(ymd(2014, 3, 9), "America/Toronto", hms(23, 0, 0));
    EXPECT_EQ(cal.at_local(hms(11, 0, 0)), utc(2014, 3, 9, 15, 0));
    EXPECT_EQ(cal.at_local(hms(10, 59, 59)), utc(2014, 3, 10, 14, 59, 59));
    EXPECT_EQ(cal.at_local(hms(1, 30, 0)), utc(2014, 3, 10, 5, 30));  // next day: EDT
}

// --- RaceCalendar: local_time --------------------------------------------------------------

TEST(RaceCalendar, LocalTimeRoundTrips) {
    for (const char* zone : {"America/Toronto", "Europe/London", "UTC", "Asia/Kolkata"}) {
        const auto cal = calendar(ymd(2014, 4, 12), zone);
        for (const char* text : {"00:00:00.000", "07:00:00.000", "12:34:56.789", "23:59:59.999"}) {
            const auto tod = parse_time_of_day(text);
            ASSERT_TRUE(tod) << text;
            EXPECT_EQ(cal.local_time(cal.at_local(*tod)), text) << zone;
        }
    }
}

TEST(RaceCalendar, LocalTimeTruncatesToMilliseconds) {
    const auto cal = calendar(ymd(2014, 4, 12), "America/Toronto");
    EXPECT_EQ(cal.local_time(utc(2014, 4, 12, 11, 0, 1) + 999'999us), "07:00:01.999");
}

TEST(RaceCalendar, LocalTimeShowsTheOffsetInForceOnDstDays) {
    const auto cal = calendar(ymd(2014, 11, 2), "America/Toronto");
    EXPECT_EQ(cal.local_time(utc(2014, 11, 2, 5, 30)), "01:30:00.000");
    EXPECT_EQ(cal.local_time(utc(2014, 11, 2, 6, 30)), "01:30:00.000");
    EXPECT_EQ(cal.local_time(utc(2014, 11, 2, 7, 0)), "02:00:00.000");
}

TEST(Instant, MicrosRoundTrip) {
    const auto t = utc(2014, 4, 12, 11, 0) + 123us;
    EXPECT_EQ(to_micros(t), 1'397'300'400'000'123);
    EXPECT_EQ(instant_from_micros(to_micros(t)), t);
}

}  // namespace
}  // namespace fl::timing
