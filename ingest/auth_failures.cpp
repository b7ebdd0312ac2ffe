#include "ingest/auth_failures.hpp"

#include <algorithm>

namespace fl::ingest {

std::optional<AuthFailures::Clock::duration> AuthFailures::blocked(std::string_view address,
                                                                   Clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto it = tries_.find(address);
    if (it == tries_.end()) return std::nullopt;
    if (expired(it->second, now)) {
        tries_.erase(it);
        return std::nullopt;
    }
    if (it->second.count < rule_.max_failures) return std::nullopt;
    return it->second.first + rule_.window - now;
}

void AuthFailures::failed(std::string_view address, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = tries_.find(address);
    if (it != tries_.end() && expired(it->second, now)) {
        it->second = {now, 0};
    } else if (it == tries_.end()) {
        if (tries_.size() >= rule_.max_addresses)
            std::erase_if(tries_, [&](const auto& kv) { return expired(kv.second, now); });
        if (tries_.size() >= rule_.max_addresses) {
            tries_.erase(std::min_element(tries_.begin(), tries_.end(), [](const auto& a, const auto& b) {
                return a.second.first < b.second.first;
            }));
        }
        it = tries_.emplace(std::string(address), Tries{now, 0}).first;
    }
    ++it->second.count;
}

void AuthFailures::succeeded(std::string_view address) {
    std::lock_guard lock(mutex_);
    if (const auto it = tries_.find(address); it != tries_.end()) tries_.erase(it);
}

std::size_t AuthFailures::tracked() const {
    std::lock_guard lock(mutex_);
    return tries_.size();
}

}  // namespace fl::ingest
