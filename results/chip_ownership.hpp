#pragma once
// Who wears which chip: the chips listed with each participant (a chip listed for two bibs
// counts for the first in bib order, and is listed as an issue), then the assign_chip
// corrections in force, which win. Pure.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace fl::results {

struct ChipOwners {
    std::vector<std::int32_t> owner;  // by chip id: runner index, -1 for nobody
    // A chip listed for a second runner: (chip id, the runner it counts for, the other runner).
    struct DoubleListed {
        std::uint32_t chip;
        std::int32_t kept_by, listed_for;
    };
    std::vector<DoubleListed> double_listed;
};

// `listed`: each runner's chip ids, by runner index; `assigned`: (chip id, runner index) from
// assign_chip; `chips`: how many chip ids there are.
ChipOwners own_chips(std::span<const std::vector<std::uint32_t>> listed,
                     std::span<const std::pair<std::uint32_t, std::int32_t>> assigned, std::size_t chips);

}  // namespace fl::results
