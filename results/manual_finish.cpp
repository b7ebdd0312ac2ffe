#include "results/manual_finish.hpp"

namespace fl::results {

std::optional<ManualFinish> earliest_manual_finish(std::span<const ManualTime> finishes,
                                                   const std::optional<ManualTime>& scan) {
    std::optional<ManualFinish> best;
    for (const auto& m : finishes)
        if (!best || m < best->time) best = ManualFinish{m, FinishSource::manual};
    if (scan && (!best || *scan < best->time)) best = ManualFinish{*scan, FinishSource::scan};
    return best;
}

}  // namespace fl::results
