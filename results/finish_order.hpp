#pragma once
// The two orders finishers are kept in: the ranking of an event (README: *Places*; rules.md:
// "Equal times") and the order finishes became known, for the board's latest finishers.
#include <compare>
#include <cstdint>

#include "results/recorded.hpp"
#include "results/runner_score.hpp"
#include "timing/config.hpp"

namespace fl::results {

// By the ranking time (gun or net, unrounded), then the crossing instant, then the order the
// finish was recorded in; the runner index only makes keys distinct. A lap race ranks by laps
// first (most first), then the same on the last lap (README "Laps and fixed-time races").
struct RankKey {
    std::int32_t fewer_laps;  // minus the laps: 0 outside lap races
    std::int64_t time;
    std::int64_t finish;
    Recorded recorded;
    std::uint32_t runner;
    auto operator<=>(const RankKey&) const = default;
};

// `score` of a finisher (score.finish set). Net time runs from the start mat read, else the gun.
inline RankKey rank_key(const RunnerScore& score, timing::RankBy rank_by, std::uint32_t runner) {
    const auto from = rank_by == timing::RankBy::gun ? score.gun : score.chip.start.value_or(score.gun);
    return {-static_cast<std::int32_t>(score.laps.size()), *score.finish - from, *score.finish, score.recorded, runner};
}

// Oldest known first, so that a live race appends; the board reads from the back (newest
// first; on ties the later finish instant, then the later recorded, first: the reverse of the
// places).
struct LatestKey {
    std::int64_t known;
    std::int64_t finish;
    Recorded recorded;
    std::uint32_t runner;
    auto operator<=>(const LatestKey&) const = default;
};

inline LatestKey latest_key(const RunnerScore& score, std::uint32_t runner) {
    return {score.finish_known.value_or(0), *score.finish, score.recorded, runner};
}

}  // namespace fl::results
