#pragma once
// Turns what a device said (chip, location, its clock) into a read ready to store: resolves
// the timing point from the reader's config, converts the device clock with the race
// calendar (no clock offset: scoring applies it) and flags times it cannot trust.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timing/config.hpp"
#include "timing/records.hpp"

namespace fl::ingest {

// A device time more than 24 h outside the race day is impossible (a wrong clock or date): such
// a read is stored and flagged, not scored. Also applied to reads relayed from a site.
bool within_race_days(const timing::RaceCalendar& calendar, timing::Instant t);

class ReadBuilder {
public:
    ReadBuilder(const timing::RaceConfig& race, const timing::ReaderConfig& reader);

    // A device time of day on the race day (midnight rule applies).
    timing::Instant at_time_of_day(timing::Duration tod) const;
    // A device time with its own date.
    timing::Instant at_date(date::year_month_day day, timing::Duration tod) const;

    struct Fields {
        timing::ReadKind kind = timing::ReadKind::tag;
        std::string chip;
        std::string location;
        std::optional<timing::Instant> device_time;  // nullopt: the time could not be read
        std::int64_t seq = 0;
        std::optional<double> rssi;
        std::optional<int> hits;
    };
    timing::NewRead make(Fields f, std::string_view raw, timing::Instant received) const;

    // An entry from a bib scanner or marshal console attached to this reader.
    std::string entry_source() const { return "reader " + reader_.name; }

    const timing::ReaderConfig& reader() const { return reader_; }
    const timing::RaceCalendar& calendar() const { return calendar_; }

private:
    std::optional<std::int64_t> point_for(std::string_view location, bool& unknown) const;

    const timing::RaceConfig& race_;
    const timing::ReaderConfig& reader_;
    timing::RaceCalendar calendar_;
    std::optional<std::int64_t> default_point_;
};

// Whether text holds a control character (CR, LF, NUL, ...) or bytes that are not UTF-8: a
// chip or location with one would break every line-based output and export that shows it, so
// such a record is malformed (kept raw, never scored).
bool has_control(std::string_view text);
// A whole decimal integer (optional leading '-'), else nullopt.
std::optional<std::int64_t> parse_int(std::string_view text);

}  // namespace fl::ingest
