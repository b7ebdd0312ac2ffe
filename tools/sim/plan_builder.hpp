#pragma once
// The steps build_plan() and the Boston replay share. Internal to the simulator library.
#include <span>
#include <vector>

#include "tools/sim/plan.hpp"
#include "tools/sim/random.hpp"

namespace fl::sim::detail {

// A timing point on an event's course, at its distance from the start line.
struct CoursePoint {
    std::uint16_t point = 0;
    double distance_m = 0;
    timing::PointRole role = timing::PointRole::finish;
};
// The points an event's runners pass, in course order: its start points, the splits short of
// its distance, its finish points.
std::vector<CoursePoint> course_of(const timing::RaceConfig& config, std::size_t event);

// Runners (event, wave, chips) and event guns; no crossings yet. Throws sim::Error for a
// participant the config cannot place.
Plan plan_skeleton(const timing::RaceConfig& config, std::span<const timing::Participant> participants,
                   const PlanOptions& options);

// Whole 10 ms, so every protocol's time format (hundredths at worst) carries it exactly.
Instant to_hundredths(Instant t);

// When the runner at `rank` in a wave (0 = the front) reaches the start line after the gun:
// seconds at the front, minutes at the back of a big wave.
Duration start_delay(Rng& rng, std::size_t rank);

// Adds a runner's crossing with its missed chips, read spread and expansion seed.
void add_crossing(Plan& plan, std::uint32_t runner, std::uint16_t point, Instant time);

// Adds the stray-tag crossings and gun markers, orders everything and sets begin/end.
void finish_plan(Plan& plan);

}  // namespace fl::sim::detail
