#include "ingest/log.hpp"

#include <cstdio>

#include <date/tz.h>

namespace fl::ingest {

Log::Log(const date::time_zone* zone, Sink sink, timing::Clock clock)
    : zone_(zone), sink_(std::move(sink)), clock_(clock) {}

void Log::line(std::string_view who, std::string_view what) {
    const auto now = std::chrono::floor<std::chrono::milliseconds>(clock_.now());
    std::string stamp;
    if (zone_) {
        stamp = date::format("%F %T", zone_->to_local(now));
    } else {
        stamp = date::format("%F %TZ", now);
    }
    auto text = who.empty() ? fmt::format("{} {}", stamp, what) : fmt::format("{} {}: {}", stamp, who, what);
    std::lock_guard lock(mutex_);
    if (sink_) {
        sink_(text);
    } else {
        text.push_back('\n');
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
    }
}

}  // namespace fl::ingest
