#include "gui/reader_health.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace fl::gui {

std::string_view to_string(ReaderHealth h) {
    switch (h) {
        case ReaderHealth::ok: return "ok";
        case ReaderHealth::idle: return "idle";
        case ReaderHealth::waiting: return "waiting";
        case ReaderHealth::quiet: return "QUIET";
        case ReaderHealth::offline: return "OFFLINE";
    }
    return "";
}

ReaderHealth reader_health(const ingest::ReaderStatus& r, timing::Instant now, bool race_running,
                           timing::Duration quiet_after,
                           std::optional<timing::Instant> reads_from) {
    if (!r.connected()) return race_running ? ReaderHealth::offline : ReaderHealth::idle;
    if (!race_running || !reads_from) return ReaderHealth::ok;
    if (now < *reads_from) return ReaderHealth::waiting;
    const auto since = r.last_read ? std::max(*r.last_read, *reads_from) : *reads_from;
    return now - since > quiet_after ? ReaderHealth::quiet : ReaderHealth::ok;
}

namespace {

std::vector<std::string_view> points_fed_by(const timing::ReaderConfig& reader) {
    std::vector<std::string_view> points;
    if (!reader.timing_point.empty()) points.push_back(reader.timing_point);
    for (const auto& [location, point] : reader.locations) points.push_back(point);
    return points;
}

// The least time from the gun to a finish or split point in `e`; nothing when the event does
// not pass it (not in its timing points, or a split beyond its distance).
std::optional<timing::Duration> least_time_to(const timing::EventConfig& e,
                                              const timing::TimingPointConfig& p) {
    if (!e.timing_points.empty() &&
        std::find(e.timing_points.begin(), e.timing_points.end(), p.name) == e.timing_points.end())
        return std::nullopt;
    const bool finish = p.role == timing::PointRole::finish;
    if (!finish && p.distance_m && *p.distance_m > e.distance_m) return std::nullopt;
    const double metres = finish ? e.distance_m : p.distance_m.value_or(0.0);
    const double share = finish ? 1.0 : (e.distance_m > 0 ? metres / e.distance_m : 0.0);
    const auto by_rule =
        std::chrono::duration_cast<timing::Duration>(e.min_time * share);
    const auto by_pace =
        std::chrono::duration_cast<timing::Duration>(fastest_per_km * (metres / 1000.0));
    return std::max(by_rule, by_pace);
}

}  // namespace

std::optional<timing::Instant> reads_expected_from(const timing::RaceConfig& race,
                                                   const results::Standings& standings,
                                                   std::string_view name) {
    const auto* reader = race.find_reader(name);
    if (!reader) return timing::Instant{};
    std::optional<timing::Instant> first;
    bool expected = false;
    for (const auto point : points_fed_by(*reader)) {
        const auto* p = race.find_point(point);
        if (!p) return timing::Instant{};
        if (p->role == timing::PointRole::start) continue;
        expected = true;
        if (p->role == timing::PointRole::split && !p->distance_m) return timing::Instant{};
        for (const auto& e : race.events) {
            const auto least = least_time_to(e, *p);
            const auto* es = standings.find_event(e.name);
            if (!least || !es || es->waves.empty()) continue;
            const auto gun = std::min_element(es->waves.begin(), es->waves.end(),
                                              [](const auto& a, const auto& b) { return a.gun < b.gun; })
                                 ->gun;
            if (!first || gun + *least < *first) first = gun + *least;
        }
    }
    if (!expected) return std::nullopt;
    return first.value_or(timing::Instant{});
}

std::string ago(const std::optional<timing::Instant>& then, timing::Instant now) {
    if (!then) return "never";
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(now - *then).count();
    if (s < 0) return "just now";
    if (s < 120) return fmt::format("{} s", s);
    if (s < 2 * 3600) return fmt::format("{} min", s / 60);
    return fmt::format("{} h", s / 3600);
}

}  // namespace fl::gui
