#include "results/display.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace fl::results {

std::string show_time(const std::optional<Duration>& d, timing::Resolution r) {
    return d ? timing::format_result_time(*d, r) : std::string{};
}

std::string show_pace(const std::optional<Duration>& d) {
    if (!d || d->count() < 0) return {};
    const auto s = (d->count() + 999'999) / 1'000'000;
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string show_percent(const std::optional<AgeGrade>& g) {
    return g ? fmt::format("{:.2f}", g->percent) : std::string{};
}

std::string show_clock(Instant t, const std::string& timezone) {
    const auto* zone = timing::find_zone(timezone);
    const auto local = date::make_zoned(zone, t).get_local_time();
    const auto day = date::floor<date::days>(local);
    const auto tod = std::chrono::duration_cast<std::chrono::milliseconds>(local - day);
    const auto ms = tod.count();
    return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms % 1000);
}

}  // namespace fl::results

namespace fl::results {

std::string course_text(const EventStandings& e) {
    if (!e.counts_laps()) return fmt::format("{} m", e.distance_m);
    std::vector<std::string> parts;
    if (e.backyard()) {
        parts.push_back(fmt::format("backyard ultra, a loop every {}", timing::format_result_time(e.interval)));
        if (e.distance_m > 0) parts.push_back(fmt::format("loops of {} m", e.distance_m));
        return fmt::format("{}", fmt::join(parts, ", "));
    }
    if (e.distance_m > 0) parts.push_back(fmt::format("laps of {} m", e.distance_m));
    if (e.laps) parts.push_back(fmt::format("{} laps", *e.laps));
    if (e.time_limit) parts.push_back(fmt::format("{} time limit", timing::format_result_time(*e.time_limit)));
    return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace fl::results
