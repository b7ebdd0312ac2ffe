#pragma once
// The one rule that keeps a peer from flooding the log: per source (a listener or reader and
// the peer's address, whatever its port), a burst of `burst` lines, then one per `every`.
// Lines over the limit are counted, and the next line let through says how many were held
// back and over how long. The table of sources is bounded: a peer with many addresses shares
// one overflow source instead of growing it.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/rate_cell.hpp"

namespace fl::ingest {

// A peer's address without its port: "127.0.0.1:51234" -> "127.0.0.1", "[::1]:4001" -> "[::1]".
// What a reconnecting client keeps, so what limits are counted by.
std::string_view peer_host(std::string_view peer);

class LogLimiter {
public:
    using Clock = std::chrono::steady_clock;
    struct Rule {
        int burst = 10;
        Clock::duration every = std::chrono::seconds{1};
        std::size_t max_sources = 1024;
    };
    struct Verdict {
        bool pass = true;
        // With pass: lines of this source suppressed since the last one let through, and
        // the time since the first of them.
        std::int64_t suppressed = 0;
        Clock::duration over{};
    };
    // A source that was held back and has gone quiet: its count is still owed.
    struct Owed {
        std::string source;
        std::int64_t suppressed;
        Clock::duration over;
    };

    LogLimiter() = default;
    explicit LogLimiter(Rule rule) : rule_(rule) {}

    Verdict admit(std::string_view source, Clock::time_point now);
    // Sources whose suppressed lines were never reported (a summary at the end); clears them.
    std::vector<Owed> owed(Clock::time_point now);

    // "marshal 127.0.0.1:51234" -> "marshal 127.0.0.1"; a name with no peer address is its
    // own source.
    static std::string_view source_of(std::string_view who);

private:
    struct Bucket {
        RateCell rate;
        std::int64_t suppressed = 0;
        Clock::time_point first_suppressed{};
    };
    Bucket& bucket(std::string_view source, Clock::time_point now);

    Rule rule_;
    std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace fl::ingest
