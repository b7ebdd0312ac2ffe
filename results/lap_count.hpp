#pragma once
// Lap races (README "Laps and fixed-time races"; issue 17): which crossings of a runner's lap
// line count as laps. A crossing counts when it is at least min_lap_time after the runner's
// previous lap (their start for the first: crossing the line at the start is no lap), until the
// race's number of laps, within its time limit, and — for a lapped runner when the leader has
// finished — up to and including their first crossing at or after the leader's finish. Pure.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "results/recorded.hpp"
#include "results/standings.hpp"

namespace fl::results {

// One crossing of the lap line: a chip read, a marshal's entry or scan, or a finish correction.
struct LapCrossing {
    std::int64_t time = 0;   // µs
    std::int64_t known = 0;  // when it reached us, µs
    Recorded recorded;
    FinishSource source = FinishSource::chip;
    auto operator<=>(const LapCrossing&) const = default;
};

struct LapRule {
    std::int64_t from = 0;                 // the runner's start (start mat, else the gun), µs
    std::int64_t min_lap = 0;              // µs
    std::optional<int> laps;               // the race ends at this many laps
    std::optional<std::int64_t> until;     // gun + time_limit: later crossings do not count
    std::optional<std::int64_t> race_over; // the leader's finish: a lapped runner's last lap
};

// `sorted`: the crossings by time (then as recorded). Fills `out` with the laps counted.
void count_laps(std::span<const LapCrossing> sorted, const LapRule& rule, std::vector<LapCrossing>& out);

// Their race is over: the laps of the race, or a lap at or after the leader's finish.
bool laps_complete(std::span<const LapCrossing> counted, const LapRule& rule);

}  // namespace fl::results
