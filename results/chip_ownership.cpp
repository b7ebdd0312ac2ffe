#include "results/chip_ownership.hpp"

namespace fl::results {

ChipOwners own_chips(std::span<const std::vector<std::uint32_t>> listed,
                     std::span<const std::pair<std::uint32_t, std::int32_t>> assigned, std::size_t chips) {
    ChipOwners out;
    out.owner.assign(chips, -1);
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const auto runner = static_cast<std::int32_t>(i);
        for (const auto c : listed[i]) {
            auto& owner = out.owner[c];
            if (owner < 0) owner = runner;
            else if (owner != runner) out.double_listed.push_back({c, owner, runner});
        }
    }
    for (const auto& [c, runner] : assigned) out.owner[c] = runner;
    return out;
}

}  // namespace fl::results
