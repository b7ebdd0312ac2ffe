#include "gui/unassigned_chips.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include <fmt/format.h>

namespace fl::gui {

std::vector<UnassignedChip> group_unassigned(std::span<const results::UnassignedRead> reads) {
    std::vector<UnassignedChip> groups;
    std::map<std::pair<std::string_view, std::string_view>, std::size_t> index;
    for (const auto& r : reads) {
        const auto [it, fresh] = index.try_emplace({r.chip, r.timing_point}, groups.size());
        if (fresh) groups.push_back({r.chip, r.timing_point, 0, r.time, r.time, r.read_id, {}});
        auto& g = groups[it->second];
        ++g.reads;
        // The list comes in read order, but a reader's offset can put a later read earlier.
        if (std::tie(r.time, r.read_id) < std::tie(g.first, g.first_read)) {
            g.first = r.time;
            g.first_read = r.read_id;
        }
        g.last = std::max(g.last, r.time);
        if (std::find(g.readers.begin(), g.readers.end(), r.reader) == g.readers.end())
            g.readers.push_back(r.reader);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first, a.first_read) < std::tie(b.first, b.first_read);
    });
    return groups;
}

std::string readers_text(const UnassignedChip& c) { return fmt::format("{}", fmt::join(c.readers, ", ")); }

}  // namespace fl::gui
