#pragma once
// The race config laid out for scoring: per event, its waves (with the gun in force), what
// each timing point is to it, and its splits in course order.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/standings.hpp"
#include "timing/config.hpp"
#include "timing/time.hpp"

namespace fl::results {

// What a timing point is to one event (a point an event does not list is nothing to it).
enum class PointUse : std::uint8_t { none, start, split, finish, lap };

struct WaveClock {
    std::int64_t id = 0;
    std::string name;  // "" for an event without waves
    Duration offset{0};
    std::int64_t scheduled = 0;  // µs
    std::int64_t gun = 0;        // µs, the gun in force (results/gun_in_force)
    GunSource source = GunSource::scheduled;
};

struct EventLayout {
    const timing::EventConfig* config = nullptr;  // in the RaceConfig it was laid out from
    std::vector<WaveClock> waves;                 // never empty: an event without waves has one
    std::vector<PointUse> use;                    // by timing point index
    std::vector<int> split_of;                    // by timing point index: split index or -1
    bool has_start_point = false;
    std::vector<SplitPoint> splits;               // by distance; points without one last
    // A lap race of `laps` laps where lapped runners stop on the leader's lap: when the first
    // runner completed the last lap (µs), worked out from every runner's laps (LiveRace).
    std::optional<std::int64_t> leader_finish;

    PointUse use_of(std::size_t point) const { return point < use.size() ? use[point] : PointUse::none; }
};

// A config that was never stored (every id 0, as in tests) gets ids 1, 2, ... in config order
// for events, waves, timing points and readers.
void assign_missing_ids(timing::RaceConfig& config);

// One layout per event of `config`, in config order; each points into `config`.
std::vector<EventLayout> lay_out_events(const timing::RaceConfig& config,
                                        const timing::RaceCalendar& calendar);

}  // namespace fl::results
