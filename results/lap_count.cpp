#include "results/lap_count.hpp"

namespace fl::results {

void count_laps(std::span<const LapCrossing> sorted, const LapRule& rule, std::vector<LapCrossing>& out) {
    out.clear();
    auto previous = rule.from;
    for (const auto& c : sorted) {
        if (rule.until && c.time > *rule.until) break;
        // Reads of the same crossing, and the line crossed at the start, are no lap.
        if (c.time < previous + rule.min_lap) continue;
        out.push_back(c);
        previous = c.time;
        if (rule.laps && static_cast<int>(out.size()) >= *rule.laps) break;
        if (rule.race_over && c.time >= *rule.race_over) break;
    }
}

bool laps_complete(std::span<const LapCrossing> counted, const LapRule& rule) {
    if (counted.empty()) return false;
    if (rule.laps && static_cast<int>(counted.size()) >= *rule.laps) return true;
    return rule.race_over && counted.back().time >= *rule.race_over;
}

}  // namespace fl::results
