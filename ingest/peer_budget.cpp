#include "ingest/peer_budget.hpp"

#include <algorithm>

namespace fl::ingest {

PeerBudget::PeerBudget(Rate rate, std::size_t max_peers)
    : rate_(rate),
      every_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(1.0 / rate.per_second))),
      max_peers_(max_peers) {}

std::chrono::steady_clock::duration PeerBudget::charge(const std::string& key, std::size_t n, Time now) {
    auto it = cells_.find(key);
    if (it == cells_.end()) {
        if (cells_.size() >= max_peers_) {
            // The peer settled longest ago owes nothing and is least likely back: forget it.
            cells_.erase(std::min_element(cells_.begin(), cells_.end(), [](const auto& a, const auto& b) {
                return a.second.settled() < b.second.settled();
            }));
        }
        it = cells_.emplace(key, RateCell{}).first;
    }
    it->second.take(every_, now, n);
    return it->second.owed(rate_.burst, every_, now);
}

std::chrono::steady_clock::duration PeerBudget::owed(const std::string& key, Time now) const {
    const auto it = cells_.find(key);
    return it == cells_.end() ? std::chrono::steady_clock::duration{} : it->second.owed(rate_.burst, every_, now);
}

}  // namespace fl::ingest
