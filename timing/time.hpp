#pragma once
// Every instant is int64 microseconds since the Unix epoch (UTC); every duration is
// microseconds. All parsing and formatting of times lives here.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

namespace date { class time_zone; }

namespace fl::timing {

using Duration = std::chrono::microseconds;
using Instant = std::chrono::sys_time<Duration>;

inline std::int64_t to_micros(Instant t) { return t.time_since_epoch().count(); }
inline Instant instant_from_micros(std::int64_t us) { return Instant{Duration{us}}; }

// "HH:MM:SS" with an optional fraction ("14:02:15.31", "7:00:00.123456"); hours 0-23,
// minutes and seconds 0-59. nullopt for anything else ("25:61:00", "", "12:00").
std::optional<Duration> parse_time_of_day(std::string_view text);

// A length of time: "H:MM:SS[.f]" with any number of hours, or "MM:SS[.f]". A leading
// '+' or '-' is allowed (clock offsets). nullopt when malformed.
std::optional<Duration> parse_duration(std::string_view text);

// "YYYY-MM-DD" → a valid calendar date, else nullopt.
std::optional<date::year_month_day> parse_date(std::string_view text);
std::string format_date(date::year_month_day d);

enum class Resolution { seconds, tenths };

// Race-result display: rounds *up* to the next whole second (or tenth) when there is any
// fraction, as road-race rules require (2:09:44.3 → 2:09:45). "H:MM:SS" / "H:MM:SS.t".
// Negative durations get a leading '-'.
std::string format_result_time(Duration d, Resolution r = Resolution::seconds);

// Exact clock display of a duration, truncated to milliseconds: "H:MM:SS.mmm".
std::string format_duration_ms(Duration d);

// Looks a zone up in the system tz database; throws timing::Error naming the zone.
const date::time_zone* find_zone(std::string_view name);

// The race's calendar: its date and IANA zone turn device-local times of day into instants.
class RaceCalendar {
public:
    RaceCalendar(date::year_month_day race_date, const date::time_zone* zone,
                 Duration first_gun_time_of_day);

    // A local time of day on the race date. A reader whose clock has passed midnight sends
    // small times: any time more than 12 h before the first gun belongs to the next day.
    // Local times skipped by a DST change are read with the offset in force before it;
    // repeated ones take the earlier instant.
    Instant at_local(Duration time_of_day) const;
    // A local time on an explicit date (devices that send their own date).
    Instant at_local(date::year_month_day day, Duration time_of_day) const;

    // The instant as local "HH:MM:SS.mmm" in the race zone.
    std::string local_time(Instant t) const;
    // The current instant (wall clock).
    static Instant now();

    Instant midnight() const;  // local 00:00 of the race date
    date::year_month_day race_date() const { return date_; }
    const date::time_zone* zone() const { return zone_; }

private:
    date::year_month_day date_;
    const date::time_zone* zone_;
    Duration first_gun_;
};

}  // namespace fl::timing
