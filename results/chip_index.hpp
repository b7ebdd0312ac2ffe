#pragma once
// Chip text → dense id, for the read hot path: open addressing, chips of up to 20 bytes kept
// inline in the slot so that a lookup usually costs one cache line (an unordered_map node
// costs two or three).
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fl::results {

class ChipIndex {
public:
    // The id of `chip`, adding it (as names.size()) when new; `names` holds every chip by id.
    std::uint32_t intern(std::string_view chip, std::vector<std::string>& names) {
        if ((names.size() + 1) * 2 > slots_.size()) grow(names);
        const auto h = hash(chip);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            auto& s = slots_[i];
            if (s.id == 0) {
                s.hash = h;
                s.id = static_cast<std::uint32_t>(names.size()) + 1;
                s.len = static_cast<std::uint32_t>(chip.size());
                if (chip.size() <= inline_size) std::memcpy(s.text, chip.data(), chip.size());
                names.emplace_back(chip);
                return s.id - 1;
            }
            if (s.hash == h && s.len == chip.size() &&
                (chip.size() <= inline_size ? std::memcmp(s.text, chip.data(), chip.size()) == 0
                                            : names[s.id - 1] == chip))
                return s.id - 1;
        }
    }
    void clear() {
        slots_.clear();
        mask_ = 0;
    }

private:
    static constexpr std::size_t inline_size = 20;
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t id = 0;  // id + 1; 0 = empty
        std::uint32_t len = 0;
        char text[inline_size];
    };
    static std::uint64_t hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

    void grow(const std::vector<std::string>& names) {
        std::size_t size = slots_.empty() ? 1024 : slots_.size() * 2;
        while (names.size() * 2 + 2 > size) size *= 2;
        slots_.assign(size, Slot{});
        mask_ = size - 1;
        for (std::size_t id = 0; id < names.size(); ++id) {
            const auto& chip = names[id];
            const auto h = hash(chip);
            std::size_t i = h & mask_;
            while (slots_[i].id != 0) i = (i + 1) & mask_;
            auto& s = slots_[i];
            s.hash = h;
            s.id = static_cast<std::uint32_t>(id) + 1;
            s.len = static_cast<std::uint32_t>(chip.size());
            if (chip.size() <= inline_size) std::memcpy(s.text, chip.data(), chip.size());
        }
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

}  // namespace fl::results
