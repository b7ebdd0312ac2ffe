#pragma once
// How fast one peer address may make the service store what it cannot check: a flood of
// garbage (each line kept as a refused record for a person to retype) or of bib scanner lines
// (each one an entry) would fill the race file and the engine's memory. A token bucket per
// (reader, address): a burst, then a steady rate; past it no connection from that address is
// read again until the debt is paid — nothing is dropped, TCP flow control slows the sender. A real device stays
// far inside it (a scanner bridge's backlog drains at the rate); a flood is held to it.
// io thread only.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ingest/rate_cell.hpp"

namespace fl::ingest {

class PeerBudget {
public:
    struct Rate {
        std::size_t burst = 0;  // records at once
        double per_second = 0;  // records a second after that
    };
    using Time = std::chrono::steady_clock::time_point;

    // At most `max_peers` are remembered: when full, the one settled longest ago goes.
    explicit PeerBudget(Rate rate, std::size_t max_peers = 4096);

    // Charges `n` records to `key`'s bucket at `now`; how long to wait before reading more
    // from that peer (zero while it is within its budget).
    std::chrono::steady_clock::duration charge(const std::string& key, std::size_t n, Time now);
    // How long until `key` is out of debt at `now` (zero when it is, or unknown).
    std::chrono::steady_clock::duration owed(const std::string& key, Time now) const;
    std::size_t peers() const { return cells_.size(); }
    const Rate& rate() const { return rate_; }

private:
    Rate rate_;
    std::chrono::steady_clock::duration every_;  // one record's worth of time at the rate
    std::size_t max_peers_;
    std::unordered_map<std::string, RateCell> cells_;
};

// The budgets of the service: unreadable device records (stored as refused) and bib scanner
// lines, each per reader and peer address.
inline constexpr PeerBudget::Rate refused_budget{100, 1};
inline constexpr PeerBudget::Rate scan_budget{500, 20};

}  // namespace fl::ingest
