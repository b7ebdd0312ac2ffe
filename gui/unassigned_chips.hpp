#pragma once
// Unassigned reads as a marshal wants them: one chip left by the finish mat reads hundreds of
// times, so the list shows one row per chip and timing point — how many reads, first and last,
// which readers — and the raw reads only on request.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "results/standings.hpp"

namespace fl::gui {

struct UnassignedChip {
    std::string chip;
    std::string timing_point;
    std::size_t reads = 0;
    timing::Instant first{}, last{};
    std::int64_t first_read = 0;       // the read id of the earliest read
    std::vector<std::string> readers;  // each reader once, in the order they first read it
};

// One group per (chip, timing point), in the order of their first read.
std::vector<UnassignedChip> group_unassigned(std::span<const results::UnassignedRead> reads);

// "finish-mat", "finish-mat, finish-mat-2".
std::string readers_text(const UnassignedChip& c);

}  // namespace fl::gui
