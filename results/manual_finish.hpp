#pragma once
// A bib's manual finish (README: *Manual entries*): the earliest of its finish entries and its
// scan (timed by the tap it pairs with); on equal times the one known first, then the lower entry
// id. Pure.
#include <optional>
#include <span>

#include "results/recorded.hpp"
#include "results/standings.hpp"

namespace fl::results {

struct ManualFinish {
    ManualTime time;
    FinishSource source = FinishSource::manual;  // manual or scan
};

// `finishes`: the bib's finish entries in force, any order; `scan`: its paired scan, if any.
std::optional<ManualFinish> earliest_manual_finish(std::span<const ManualTime> finishes,
                                                   const std::optional<ManualTime>& scan);

}  // namespace fl::results
