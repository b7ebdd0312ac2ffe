#include "ingest/peer_budget.hpp"

#include <algorithm>

namespace fl::ingest {

PeerBudget::PeerBudget(Rate rate, std::size_t max_peers) : rate_(rate), max_peers_(max_peers) {}

std::chrono::steady_clock::duration PeerBudget::charge(const std::string& key, std::size_t n, Time now) {
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_peers_) {
            // The longest unused bucket has refilled the most: forgetting it costs least.
            const auto oldest = std::min_element(buckets_.begin(), buckets_.end(), [](const auto& a, const auto& b) {
                return a.second.at < b.second.at;
            });
            buckets_.erase(oldest);
        }
        it = buckets_.emplace(key, Bucket{rate_.burst, now}).first;
    }
    auto& b = it->second;
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    if (elapsed > 0) b.tokens = std::min(rate_.burst, b.tokens + elapsed * rate_.per_second);
    b.at = std::max(b.at, now);
    b.tokens -= static_cast<double>(n);
    if (b.tokens >= 0) return {};
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(-b.tokens / rate_.per_second));
}

std::chrono::steady_clock::duration PeerBudget::owed(const std::string& key, Time now) const {
    const auto it = buckets_.find(key);
    if (it == buckets_.end()) return {};
    const auto& b = it->second;
    const double elapsed = std::max(0.0, std::chrono::duration<double>(now - b.at).count());
    const double tokens = b.tokens + elapsed * rate_.per_second;
    if (tokens >= 0) return {};
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(-tokens / rate_.per_second));
}

}  // namespace fl::ingest
