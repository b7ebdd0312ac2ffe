#pragma once
// Backyard ultras (README "Backyard ultras"; issue 17): a loop starts every `interval` from the
// gun and must be finished before the next one starts. A runner's loops are the loops they
// finished in time, one after another from the first: a loop without a crossing of the line in
// its hour (at least min_lap_time after the loop started: the corral at the start is no finish)
// puts them out, and nothing after counts. The last runner to complete a loop alone wins. Pure.
#include <cstdint>
#include <span>
#include <vector>

#include "results/lap_count.hpp"

namespace fl::results {

struct LoopRule {
    std::int64_t gun = 0;       // µs: the first loop starts
    std::int64_t interval = 0;  // µs
    std::int64_t min_loop = 0;  // µs
};

// `sorted`: the runner's crossings by time. Fills `out` with the crossing that finished each
// loop, loop 1 first.
void count_loops(std::span<const LapCrossing> sorted, const LoopRule& rule, std::vector<LapCrossing>& out);

// When loop `k` (1-based) starts, µs.
inline std::int64_t loop_start(const LoopRule& rule, std::size_t k) {
    return rule.gun + static_cast<std::int64_t>(k - 1) * rule.interval;
}

// The loop under way at `now`: its number (1 from the gun; 0 before it) and the time left in it.
struct LoopClock {
    int loop = 0;
    Duration left{0};
};
LoopClock loop_clock(Instant gun, Duration interval, Instant now);

// Still in at `now`: every loop that has closed finished in time (loops >= the loop under way
// − 1), and neither disqualified nor declared out (a DNF correction).
bool still_in(const RunnerResult& r, const LoopClock& clock);

// The winner: the last one to complete a loop alone — the one runner with the most loops, once
// the loop after their last has started (so nobody else can still finish their last loop).
// nullptr while that is not settled (or when the last loop was finished by several: no winner).
const Row* backyard_winner(const EventStandings& e, const LoopClock& clock);

}  // namespace fl::results
