#include "gui/reader_health.hpp"

#include <fmt/format.h>

namespace fl::gui {

std::string_view to_string(ReaderHealth h) {
    switch (h) {
        case ReaderHealth::ok: return "ok";
        case ReaderHealth::idle: return "idle";
        case ReaderHealth::quiet: return "QUIET";
        case ReaderHealth::offline: return "OFFLINE";
    }
    return "";
}

ReaderHealth reader_health(const ingest::ReaderStatus& r, timing::Instant now, bool race_running,
                           timing::Duration quiet_after, bool start_only) {
    if (!r.connected()) return race_running ? ReaderHealth::offline : ReaderHealth::idle;
    if (!race_running || start_only) return ReaderHealth::ok;
    if (!r.last_read || now - *r.last_read > quiet_after) return ReaderHealth::quiet;
    return ReaderHealth::ok;
}

bool start_only_reader(const timing::RaceConfig& race, std::string_view name) {
    const auto* reader = race.find_reader(name);
    if (!reader) return false;
    auto is_start = [&](const std::string& point) {
        const auto* p = race.find_point(point);
        return p && p->role == timing::PointRole::start;
    };
    bool any = false;
    if (!reader->timing_point.empty()) {
        if (!is_start(reader->timing_point)) return false;
        any = true;
    }
    for (const auto& [location, point] : reader->locations) {
        if (!is_start(point)) return false;
        any = true;
    }
    return any;
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
