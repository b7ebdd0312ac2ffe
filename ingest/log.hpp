#pragma once
// One line per event, with a timestamp and the connection it concerns. Thread-safe: the io,
// journal and results threads all log.
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "timing/clock.hpp"
#include "timing/time.hpp"

namespace fl::ingest {

class Log {
public:
    using Sink = std::function<void(std::string_view line)>;
    // Lines go to `sink` (default: stderr). Timestamps are `clock`'s, local to the race's zone.
    explicit Log(const date::time_zone* zone, Sink sink = {}, timing::Clock clock = {});

    // "2014-04-12 10:15:03.250 finish-mat 127.0.0.1:51234: connected"
    void line(std::string_view who, std::string_view what);

    template <class... Args>
    void say(std::string_view who, fmt::format_string<Args...> f, Args&&... args) {
        line(who, fmt::format(f, std::forward<Args>(args)...));
    }

private:
    const date::time_zone* zone_;
    Sink sink_;
    timing::Clock clock_;
    std::mutex mutex_;
};

}  // namespace fl::ingest
