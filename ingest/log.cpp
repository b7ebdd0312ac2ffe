#include "ingest/log.hpp"

#include <cmath>
#include <cstdio>

#include <date/tz.h>

namespace fl::ingest {

Log::Log(const date::time_zone* zone, Sink sink, timing::Clock clock)
    : zone_(zone), sink_(std::move(sink)), clock_(clock) {}

Log::~Log() { flush_suppressed(); }

namespace {
std::string held_back(std::int64_t n, LogLimiter::Clock::duration over) {
    return fmt::format("{} similar line(s) suppressed in the last {:.0f} s", n,
                       std::ceil(std::chrono::duration<double>(over).count()));
}
}  // namespace

void Log::line(std::string_view who, std::string_view what) {
    const auto source = LogLimiter::source_of(who);
    if (source == who) return write(who, what);  // no peer address: the service's own line
    limited_line(source, who, what);
}

void Log::limited_line(std::string_view who, std::string_view what) { limited_line(who, who, what); }

void Log::limited_line(std::string_view source, std::string_view who, std::string_view what) {
    std::unique_lock lock(mutex_);
    const auto verdict = limiter_.admit(source, LogLimiter::Clock::now());
    lock.unlock();
    if (!verdict.pass) return;
    if (verdict.suppressed == 0) return write(who, what);
    write(who, fmt::format("{} ({})", what, held_back(verdict.suppressed, verdict.over)));
}

void Log::flush_suppressed() {
    std::unique_lock lock(mutex_);
    const auto owed = limiter_.owed(LogLimiter::Clock::now());
    lock.unlock();
    for (const auto& o : owed) write(o.source, held_back(o.suppressed, o.over));
}

void Log::write(std::string_view who, std::string_view what) {
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
