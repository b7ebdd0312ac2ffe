#pragma once
// From the reads of one runner at one timing point (sorted by time) to the passing a rule
// asks for. Reads of one chip closer than the point's de-duplication window to the first read
// of a passing belong to that passing; a passing's time is its first read.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace fl::results {

struct ReadTime {
    std::int64_t time;     // true time, µs (device time + clock offset)
    std::int64_t receive;  // when we received it, µs
};

// The first passing that begins at or after `from` (a passing that began earlier is ignored
// whole, duplicates included): finishes (from = gun + min_time) and splits (from = gun).
// Returns the index of its first read.
template <class R>
std::optional<std::size_t> first_passing_from(std::span<const R> sorted, std::int64_t from,
                                              std::int64_t dedup_window_us) {
    std::size_t i = 0;
    while (i < sorted.size()) {
        const auto begin = sorted[i].time;
        if (begin >= from) return i;
        // Skip the rest of this passing.
        while (i < sorted.size() && sorted[i].time <= begin + dedup_window_us) ++i;
    }
    return std::nullopt;
}

// The last read in [lo, hi]: the start mat, where a runner who crossed twice starts when they
// last crossed. Returns its index.
template <class R>
std::optional<std::size_t> last_read_between(std::span<const R> sorted, std::int64_t lo,
                                             std::int64_t hi) {
    for (std::size_t i = sorted.size(); i-- > 0;) {
        if (sorted[i].time > hi) continue;
        if (sorted[i].time >= lo) return i;
        return std::nullopt;
    }
    return std::nullopt;
}

// The number of passings (clusters) among sorted reads.
template <class R>
std::size_t count_passings(std::span<const R> sorted, std::int64_t dedup_window_us) {
    std::size_t n = 0;
    std::size_t i = 0;
    while (i < sorted.size()) {
        const auto begin = sorted[i].time;
        ++n;
        while (i < sorted.size() && sorted[i].time <= begin + dedup_window_us) ++i;
    }
    return n;
}

}  // namespace fl::results
