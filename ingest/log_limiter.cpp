#include "ingest/log_limiter.hpp"

#include <algorithm>
#include <cctype>

namespace fl::ingest {

namespace {
constexpr std::string_view overflow_source = "(other sources)";
}

std::string_view peer_host(std::string_view peer) {
    const auto colon = peer.rfind(':');
    if (colon == std::string_view::npos) return peer;
    const auto port = peer.substr(colon + 1);
    const bool digits = !port.empty() && std::all_of(port.begin(), port.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
    // "[::1]:4001" has its port after the bracket; a bare IPv6 address has none.
    const auto host = peer.substr(0, colon);
    const bool bare_v6 = host.find(':') != std::string_view::npos && !host.ends_with(']');
    return digits && !bare_v6 ? host : peer;
}

std::string_view LogLimiter::source_of(std::string_view who) {
    const auto space = who.rfind(' ');
    if (space == std::string_view::npos) return who;
    return who.substr(0, space + 1 + peer_host(who.substr(space + 1)).size());
}

LogLimiter::Bucket& LogLimiter::bucket(std::string_view source, Clock::time_point now) {
    if (auto it = buckets_.find(source); it != buckets_.end()) return it->second;
    if (buckets_.size() >= rule_.max_sources) {
        // Sources back to a full burst with nothing owed behave exactly like new ones.
        std::erase_if(buckets_, [&](const auto& kv) {
            return kv.second.rate.settled() <= now && kv.second.suppressed == 0 && kv.first != overflow_source;
        });
    }
    if (buckets_.size() >= rule_.max_sources) return buckets_[std::string(overflow_source)];
    return buckets_[std::string(source)];
}

LogLimiter::Verdict LogLimiter::admit(std::string_view source, Clock::time_point now) {
    auto& b = bucket(source, now);
    // One more line must fit the burst: what is owed with room for one is nothing.
    if (b.rate.owed(static_cast<std::size_t>(rule_.burst - 1), rule_.every, now) > Clock::duration::zero()) {
        if (b.suppressed++ == 0) b.first_suppressed = now;
        return {false, 0, {}};
    }
    b.rate.take(rule_.every, now);
    Verdict v{true, b.suppressed, b.suppressed ? now - b.first_suppressed : Clock::duration{}};
    b.suppressed = 0;
    return v;
}

std::vector<LogLimiter::Owed> LogLimiter::owed(Clock::time_point now) {
    std::vector<Owed> out;
    for (auto& [source, b] : buckets_) {
        if (!b.suppressed) continue;
        out.push_back({source, b.suppressed, now - b.first_suppressed});
        b.suppressed = 0;
    }
    return out;
}

}  // namespace fl::ingest
