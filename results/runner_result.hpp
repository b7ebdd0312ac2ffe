#pragma once
// A runner's result as the standings show it (rules.md: "Times", "Age grading"; README: *Times*,
// *Splits*, *Age grading*): gun time from the wave's gun, net time from their start (the start
// mat, else the gun), the ranking time the event ranks by, paces per km and per mile, splits,
// the cutoff, and the age grade of a finisher. Pure.
#include <memory>
#include <optional>

#include "results/age_grade.hpp"
#include "results/course_layout.hpp"
#include "results/entrant.hpp"
#include "results/runner_score.hpp"
#include "results/standings.hpp"

namespace fl::results {

// Average time per unit of distance (`unit_mm`: 1,000,000 for a km); none without a distance.
std::optional<Duration> pace(Duration elapsed, double unit_mm, double distance_m);

// `event`: the entrant's event (null when the config lacks it); `ages`: null without age grading.
std::shared_ptr<const RunnerResult> runner_result(const Entrant& who, const RunnerScore& score,
                                                  const EventLayout* event, const AgeGradeTable* ages,
                                                  int age_grade_edition);

}  // namespace fl::results
