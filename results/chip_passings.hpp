#pragma once
// What a runner's chip says (README, "How results are computed": *Passings*): the start is the
// last read at a start mat from the gun to the end of the start window (a runner who crossed twice
// started when they last crossed); a split is the first passing from the gun; the finish is the
// first passing that begins at or after gun + the event's minimum time. Of several points of one
// kind the latest start, the earliest split and the earliest finish count. A lap race keeps every
// read at its lap points from the gun: which of them are laps is results/lap_count's rule. Pure.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "results/course_layout.hpp"
#include "results/stored_read.hpp"

namespace fl::results {

struct ChipPassings {
    bool started = false;               // read at a point of the event at or after the gun
    std::optional<std::int64_t> start;  // µs
    std::vector<std::optional<std::int64_t>> splits;  // by split of the event, µs
    std::optional<StoredRead> finish;   // the finish passing's first read
    std::vector<StoredRead> laps;       // a lap race: every read at its lap points from the gun, by time
    bool operator==(const ChipPassings&) const = default;
};

// `reads`: the runner's reads by read_less; `dedup`: each timing point's window. Fills `out`
// (reused, so that scoring a runner does not allocate).
void read_passings(std::span<const StoredRead> reads, const EventLayout& event, std::int64_t gun,
                   std::span<const Duration> dedup, ChipPassings& out);

}  // namespace fl::results
