#include "results/course_layout.hpp"

#include <algorithm>

namespace fl::results {

void assign_missing_ids(timing::RaceConfig& config) {
    auto all_zero = [](const auto& v) {
        return std::all_of(v.begin(), v.end(), [](const auto& x) { return x.id == 0; });
    };
    if (all_zero(config.events)) {
        std::int64_t id = 0, wave_id = 0;
        bool waves_zero = true;
        for (const auto& e : config.events) waves_zero = waves_zero && all_zero(e.waves);
        for (auto& e : config.events) {
            e.id = ++id;
            if (waves_zero)
                for (auto& w : e.waves) w.id = ++wave_id;
        }
    }
    if (all_zero(config.timing_points)) {
        std::int64_t id = 0;
        for (auto& p : config.timing_points) p.id = ++id;
    }
    if (all_zero(config.readers)) {
        std::int64_t id = 0;
        for (auto& r : config.readers) r.id = ++id;
    }
}

namespace {

EventLayout lay_out(const timing::RaceConfig& config, const timing::EventConfig& ec,
                    const timing::RaceCalendar& calendar) {
    const auto npoints = config.timing_points.size();
    EventLayout e;
    e.config = &ec;
    const auto day_start = timing::to_micros(calendar.at_local(ec.start));
    if (ec.waves.empty()) {
        e.waves.push_back({0, "", Duration{0}, day_start, day_start, GunSource::scheduled});
    } else {
        for (const auto& w : ec.waves) {
            const auto t = day_start + w.offset.count();
            e.waves.push_back({w.id, w.name, w.offset, t, t, GunSource::scheduled});
        }
    }
    e.use.assign(npoints, PointUse::none);
    e.split_of.assign(npoints, -1);
    std::vector<std::size_t> split_points;
    for (std::size_t i = 0; i < npoints; ++i) {
        const auto& p = config.timing_points[i];
        // An event that lists its points uses those only; one that lists none uses every point.
        if (!ec.timing_points.empty() &&
            std::find(ec.timing_points.begin(), ec.timing_points.end(), p.name) == ec.timing_points.end())
            continue;
        switch (p.role) {
        case timing::PointRole::start:
            e.use[i] = PointUse::start;
            e.has_start_point = true;
            break;
        case timing::PointRole::split:
            e.use[i] = PointUse::split;
            split_points.push_back(i);
            break;
        case timing::PointRole::finish:
            // A lap race counts laps at its finish line too (README "Laps and fixed-time races").
            e.use[i] = ec.counts_laps() ? PointUse::lap : PointUse::finish;
            break;
        case timing::PointRole::lap:
            // Only a lap race counts laps: to any other event a lap mat is nothing.
            if (ec.counts_laps()) e.use[i] = PointUse::lap;
            break;
        }
    }
    std::stable_sort(split_points.begin(), split_points.end(), [&](auto a, auto b) {
        const auto& da = config.timing_points[a].distance_m;
        const auto& db = config.timing_points[b].distance_m;
        if (da && db) return *da < *db;
        return da.has_value() && !db.has_value();
    });
    for (std::size_t k = 0; k < split_points.size(); ++k) {
        const auto& p = config.timing_points[split_points[k]];
        e.split_of[split_points[k]] = static_cast<int>(k);
        e.splits.push_back({p.name, p.distance_m});
    }
    return e;
}

}  // namespace

std::vector<EventLayout> lay_out_events(const timing::RaceConfig& config,
                                        const timing::RaceCalendar& calendar) {
    std::vector<EventLayout> out;
    out.reserve(config.events.size());
    for (const auto& ec : config.events) out.push_back(lay_out(config, ec, calendar));
    return out;
}

}  // namespace fl::results
