#pragma once
// A tag read as scoring keeps it: no text, the time already corrected by its reader's clock
// offset. Kept per chip, sorted by (point, time, id): a runner's reads at one point are one run.
#include <cstdint>
#include <tuple>
#include <vector>

namespace fl::results {

struct StoredRead {
    std::int64_t time;     // device time + clock offset, µs
    std::int64_t receive;  // µs
    std::int64_t id;
    std::uint16_t reader;  // reader index
    std::uint16_t point;   // timing point index
    bool operator==(const StoredRead&) const = default;
};

inline bool read_less(const StoredRead& a, const StoredRead& b) {
    return std::tie(a.point, a.time, a.id) < std::tie(b.point, b.time, b.id);
}

struct ChipReads {
    std::vector<StoredRead> reads;  // by read_less
    std::int32_t owner = -1;        // runner index, -1: nobody wears it
};

}  // namespace fl::results
