#include "timing/time.hpp"

#include <charconv>

#include <date/tz.h>
#include <fmt/format.h>

#include "timing/error.hpp"

namespace fl::timing {
namespace {

using namespace std::chrono;

// Reads exactly `min..max` digits at `pos`; advances pos.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t min,
                               std::size_t max) {
    std::size_t end = pos;
    while (end < s.size() && end - pos < max && s[end] >= '0' && s[end] <= '9') ++end;
    if (end - pos < min) return std::nullopt;
    int value = 0;
    std::from_chars(s.data() + pos, s.data() + end, value);
    pos = end;
    return value;
}

// ".f…" after the seconds: up to 9 digits accepted, kept to microseconds (truncated).
std::optional<Duration> read_fraction(std::string_view s, std::size_t& pos) {
    if (pos == s.size()) return Duration{0};
    if (s[pos] != '.' && s[pos] != ',') return std::nullopt;
    ++pos;
    std::int64_t us = 0;
    std::size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 6) us = us * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
    }
    if (digits == 0 || digits > 9 || pos != s.size()) return std::nullopt;
    for (auto d = digits; d < 6; ++d) us *= 10;
    return Duration{us};
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// Rounds a non-negative duration up to a multiple of `unit`.
Duration ceil_to(Duration d, Duration unit) {
    auto q = d.count() / unit.count();
    if (d.count() % unit.count() != 0) ++q;
    return Duration{q * unit.count()};
}

}  // namespace

std::optional<Duration> parse_time_of_day(std::string_view s) {
    std::size_t pos = 0;
    auto h = read_digits(s, pos, 1, 2);
    if (!h || !expect(s, pos, ':')) return std::nullopt;
    auto m = read_digits(s, pos, 2, 2);
    if (!m || !expect(s, pos, ':')) return std::nullopt;
    auto sec = read_digits(s, pos, 2, 2);
    if (!sec) return std::nullopt;
    auto frac = read_fraction(s, pos);
    if (!frac || *h > 23 || *m > 59 || *sec > 59) return std::nullopt;
    return hours{*h} + minutes{*m} + seconds{*sec} + *frac;
}

std::optional<Duration> parse_duration(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    std::size_t pos = 0;
    auto first = read_digits(s, pos, 1, 6);
    if (!first || !expect(s, pos, ':')) return std::nullopt;
    auto second = read_digits(s, pos, 2, 2);
    if (!second) return std::nullopt;
    Duration total{};
    if (expect(s, pos, ':')) {  // H:MM:SS
        auto third = read_digits(s, pos, 2, 2);
        if (!third || *second > 59 || *third > 59) return std::nullopt;
        total = hours{*first} + minutes{*second} + seconds{*third};
    } else {  // MM:SS
        if (*first > 59 || *second > 59) return std::nullopt;
        total = minutes{*first} + seconds{*second};
    }
    auto frac = read_fraction(s, pos);
    if (!frac) return std::nullopt;
    total += *frac;
    return negative ? -total : total;
}

std::optional<date::year_month_day> parse_date(std::string_view s) {
    std::size_t pos = 0;
    auto y = read_digits(s, pos, 4, 4);
    if (!y || !expect(s, pos, '-')) return std::nullopt;
    auto m = read_digits(s, pos, 2, 2);
    if (!m || !expect(s, pos, '-')) return std::nullopt;
    auto d = read_digits(s, pos, 2, 2);
    if (!d || pos != s.size()) return std::nullopt;
    date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*m)},
                             date::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

std::string format_date(date::year_month_day d) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                       static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

std::string format_result_time(Duration d, Resolution r) {
    const char* sign = d.count() < 0 ? "-" : "";
    if (d.count() < 0) d = -d;
    if (r == Resolution::tenths) {
        auto t = ceil_to(d, milliseconds{100});
        auto tenths = t.count() / 100'000;
        return fmt::format("{}{}:{:02}:{:02}.{}", sign, tenths / 36'000, tenths / 600 % 60,
                           tenths / 10 % 60, tenths % 10);
    }
    auto s = ceil_to(d, seconds{1}).count() / 1'000'000;
    return fmt::format("{}{}:{:02}:{:02}", sign, s / 3600, s / 60 % 60, s % 60);
}

std::string format_duration_ms(Duration d) {
    const char* sign = d.count() < 0 ? "-" : "";
    auto ms = (d.count() < 0 ? -d.count() : d.count()) / 1000;
    return fmt::format("{}{}:{:02}:{:02}.{:03}", sign, ms / 3'600'000, ms / 60'000 % 60,
                       ms / 1000 % 60, ms % 1000);
}

const date::time_zone* find_zone(std::string_view name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        throw Error(fmt::format("unknown time zone '{}': expected an IANA name such as "
                                "\"America/Toronto\" or \"Europe/London\"",
                                name));
    }
}

RaceCalendar::RaceCalendar(date::year_month_day race_date, const date::time_zone* zone,
                           Duration first_gun_time_of_day)
    : date_(race_date), zone_(zone), first_gun_(first_gun_time_of_day) {}

Instant RaceCalendar::at_local(date::year_month_day day, Duration tod) const {
    const date::local_time<Duration> local{date::local_days{day}.time_since_epoch() + tod};
    // Skipped (spring-forward) and repeated (fall-back) local times both resolve with the
    // offset in force before the change: a device clock that has not been adjusted yet.
    const auto info = zone_->get_info(floor<seconds>(local));
    return Instant{local.time_since_epoch() - duration_cast<Duration>(info.first.offset)};
}

Instant RaceCalendar::at_local(Duration tod) const {
    const auto t = at_local(date_, tod);
    if (t < at_local(date_, first_gun_) - hours{12}) {
        return at_local(date::year_month_day{date::sys_days{date_} + date::days{1}}, tod);
    }
    return t;
}

std::string RaceCalendar::local_time(Instant t) const {
    const auto local = zone_->to_local(t);
    const auto day = floor<date::days>(local);
    const auto ms = duration_cast<milliseconds>(local - day).count();
    return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60,
                       ms / 1000 % 60, ms % 1000);
}

Instant RaceCalendar::now() { return time_point_cast<Duration>(system_clock::now()); }

Instant RaceCalendar::midnight() const { return at_local(date_, Duration{0}); }

}  // namespace fl::timing
