#pragma once
// One line per event, with a timestamp and the connection it concerns. Thread-safe: the io,
// journal and results threads all log. No peer can flood it: a line about a connection (its
// `who` names a peer address) passes the LogLimiter keyed by listener and address; so does a
// line logged with say_limited (what a device's data triggers elsewhere). The service's own
// lines (listening, commit failures, records NOT stored, stopped) are never held back.
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "ingest/log_limiter.hpp"
#include "timing/clock.hpp"
#include "timing/time.hpp"

namespace fl::ingest {

class Log {
public:
    using Sink = std::function<void(std::string_view line)>;
    // Lines go to `sink` (default: stderr). Timestamps are `clock`'s, local to the race's zone.
    explicit Log(const date::time_zone* zone, Sink sink = {}, timing::Clock clock = {});
    // Says how many lines were suppressed from sources that went quiet since.
    ~Log();
    Log(const Log&) = delete;
    Log& operator=(const Log&) = delete;

    // "2014-04-12 10:15:03.250 finish-mat 127.0.0.1:51234: connected"
    void line(std::string_view who, std::string_view what);
    // Rate-limited whatever `who` is (LogLimiter), keyed by `who`.
    void limited_line(std::string_view who, std::string_view what);
    // Lines suppressed and not yet reported, one summary line per source.
    void flush_suppressed();

    template <class... Args>
    void say(std::string_view who, fmt::format_string<Args...> f, Args&&... args) {
        line(who, fmt::format(f, std::forward<Args>(args)...));
    }
    template <class... Args>
    void say_limited(std::string_view who, fmt::format_string<Args...> f, Args&&... args) {
        limited_line(who, fmt::format(f, std::forward<Args>(args)...));
    }

private:
    void write(std::string_view who, std::string_view what);
    void limited_line(std::string_view source, std::string_view who, std::string_view what);

    const date::time_zone* zone_;
    Sink sink_;
    timing::Clock clock_;
    std::mutex mutex_;
    LogLimiter limiter_;  // under mutex_
};

}  // namespace fl::ingest
