#pragma once
// The gun in force for a wave (README: *Times*, *Corrections*): an official's set_gun correction
// wins (the latest for the wave or its event); else the latest gun recorded at the race (a gun
// entry for the wave, its event or every event, or a device's gun read at a start point, or at the
// finish of an event without a start point); else the schedule. An event-level gun starts each
// wave at its offset. Pure.
#include <compare>
#include <cstdint>
#include <optional>
#include <span>

#include "results/corrections.hpp"
#include "results/course_layout.hpp"

namespace fl::results {

enum class GunRecord : std::uint8_t { entry, read };  // in this order when known at once

struct RecordedGun {
    std::int64_t known = 0;  // when it reached the race file, µs
    GunRecord from = GunRecord::entry;
    std::int64_t id = 0;     // the entry or read id
    std::optional<std::int64_t> event_id, wave_id;  // entries: none = every event / each wave
    int point = -1;          // reads: the timing point index
    std::int64_t time = 0;   // µs: the entry's time, or the read's (device time + clock offset)
};

struct Gun {
    std::int64_t time = 0;  // µs
    GunSource source = GunSource::scheduled;
    bool operator==(const Gun&) const = default;
};

// `set_guns`: the set_gun corrections in force; `recorded`: the guns in force, any order.
Gun gun_in_force(const EventLayout& event, const WaveClock& wave, std::span<const GunCorrection> set_guns,
                 std::span<const RecordedGun> recorded);

}  // namespace fl::results
