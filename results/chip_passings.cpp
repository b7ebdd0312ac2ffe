#include "results/chip_passings.hpp"

#include <algorithm>
#include <tuple>

#include "results/passings.hpp"

namespace fl::results {

void read_passings(std::span<const StoredRead> reads, const EventLayout& event, std::int64_t gun,
                   std::span<const Duration> dedup, ChipPassings& out) {
    out.started = false;
    out.start.reset();
    out.splits.assign(event.splits.size(), std::nullopt);
    out.finish.reset();
    out.laps.clear();
    std::size_t lap_points = 0;
    const auto min_finish = gun + event.config->min_time.count();
    const auto start_end = gun + event.config->start_window.count();
    for (std::size_t i = 0; i < reads.size();) {
        const auto p = reads[i].point;
        std::size_t j = i;
        while (j < reads.size() && reads[j].point == p) ++j;
        const auto at_point = reads.subspan(i, j - i);
        i = j;
        const auto use = event.use_of(p);
        if (use == PointUse::none) continue;
        if (at_point.back().time >= gun) out.started = true;
        const auto window = dedup[p].count();
        switch (use) {
        case PointUse::start:
            if (auto k = last_read_between(at_point, gun, start_end))
                if (!out.start || at_point[*k].time > *out.start) out.start = at_point[*k].time;
            break;
        case PointUse::split:
            if (auto k = first_passing_from(at_point, gun, window)) {
                auto& slot = out.splits[static_cast<std::size_t>(event.split_of[p])];
                if (!slot || at_point[*k].time < *slot) slot = at_point[*k].time;
            }
            break;
        case PointUse::finish:
            if (auto k = first_passing_from(at_point, min_finish, window))
                if (!out.finish || at_point[*k].time < out.finish->time) out.finish = at_point[*k];
            break;
        case PointUse::lap:
            ++lap_points;
            for (const auto& r : at_point)
                if (r.time >= gun) out.laps.push_back(r);
            break;
        case PointUse::none:
            break;
        }
    }
    if (lap_points > 1)
        std::sort(out.laps.begin(), out.laps.end(),
                  [](const StoredRead& a, const StoredRead& b) { return std::tie(a.time, a.id) < std::tie(b.time, b.id); });
}

}  // namespace fl::results
