#pragma once
// How times, paces and percentages are shown in every export: one place, so the CSV, HTML,
// JSON and awards report agree.
#include <optional>
#include <string>

#include "results/standings.hpp"

namespace fl::results {

// Result times round up (rules: any fraction counts as the next second or tenth); "" when absent.
std::string show_time(const std::optional<Duration>& d, timing::Resolution r);
// A pace per km or mile as "M:SS" (rounded up); "" when absent.
std::string show_pace(const std::optional<Duration>& d);
// An age-grade percentage with two decimals; "" when absent.
std::string show_percent(const std::optional<AgeGrade>& g);
// What the course is: "10000 m", or for a lap race "laps of 400 m, 10 laps" / "6:00:00 time
// limit" (the exports' and pages' event line).
std::string course_text(const EventStandings& e);
// A wall-clock instant in the race's zone, "HH:MM:SS.mmm".
std::string show_clock(Instant t, const std::string& timezone);

}  // namespace fl::results
