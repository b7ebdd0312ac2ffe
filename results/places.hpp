#pragma once
// Places (README: *Places*; rules.md: "Equal times"): a finisher's place is their position in the
// ranking (overall, or among their gender or category), shared only within a declared dead heat:
// the runners a dead_heat correction groups, adjacent in the ranking, take the place of the first
// of them; the runner after a heat of two in 3rd place is 5th. Pure.
#include <cstdint>

namespace fl::results {

class PlaceCounter {
public:
    struct Placed {
        int place;
        bool shared;  // with the runner before (a dead heat)
    };
    // The next finisher in ranking order; `dead_heat`: their dead-heat group, -1 for none.
    Placed next(std::int32_t dead_heat) {
        ++count_;
        const bool shares = count_ > 1 && dead_heat >= 0 && last_heat_ == dead_heat;
        if (!shares) place_ = count_;
        last_heat_ = dead_heat;
        return {place_, shares};
    }

private:
    std::int32_t last_heat_ = -1;
    int place_ = 0;
    int count_ = 0;
};

}  // namespace fl::results
