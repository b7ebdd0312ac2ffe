#pragma once
// Row id → small index. Race-file ids of points and readers are small and dense: a plain
// table, with a map behind it for anything else.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace fl::results {

class IdIndex {
public:
    void set(std::int64_t id, std::uint16_t index) {
        if (id >= 0 && id < dense_limit) {
            if (dense_.size() <= static_cast<std::size_t>(id)) dense_.resize(static_cast<std::size_t>(id) + 1, none);
            dense_[static_cast<std::size_t>(id)] = index;
        } else {
            sparse_[id] = index;
        }
    }
    std::optional<std::uint16_t> find(std::int64_t id) const {
        if (id >= 0 && static_cast<std::size_t>(id) < dense_.size()) {
            const auto v = dense_[static_cast<std::size_t>(id)];
            if (v != none) return v;
            return std::nullopt;
        }
        auto it = sparse_.find(id);
        if (it == sparse_.end()) return std::nullopt;
        return it->second;
    }

private:
    static constexpr std::int64_t dense_limit = 4096;
    static constexpr std::uint16_t none = 0xffff;
    std::vector<std::uint16_t> dense_;
    std::unordered_map<std::int64_t, std::uint16_t> sparse_;
};

}  // namespace fl::results
