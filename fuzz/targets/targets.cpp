#include "fuzz/targets/targets.hpp"

#include <array>

namespace fl::fuzz {

std::span<const Target> all_targets() {
    static constexpr std::array<Target, 8> targets{{
        {"chronotrack", fuzz_chronotrack},
        {"raceresult", fuzz_raceresult},
        {"mylaps", fuzz_mylaps},
        {"bibscan", fuzz_bibscan},
        {"marshal", fuzz_marshal},
        {"participants", fuzz_participants},
        {"config", fuzz_config},
        {"relay", fuzz_relay},
    }};
    return targets;
}

}  // namespace fl::fuzz
