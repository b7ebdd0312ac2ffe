#pragma once
// Age on the reference date and the computed category name ("M35-39", "F0-14", "M80+").
#include <optional>
#include <string>
#include <vector>

#include "timing/config.hpp"
#include "timing/records.hpp"

namespace fl::results {

// Whole years from `born` to `on`.
int age_at(date::year_month_day born, date::year_month_day on);

// The runner's age: from the birth date on race day or on 31 December of the race year
// (per `age_on`); else the age as given (taken to be the age on that date).
std::optional<int> runner_age(const timing::Participant& p, date::year_month_day race_date,
                              timing::AgeOn age_on);

// Gender letter + age group from ascending lower bounds: [0, 15, 20, ..., 80] gives "M0-14",
// "M15-19", ..., "M80+". Ages below the first bound fall in the first group. "" when the gender
// or the age is unknown, or there are no groups.
std::string category_name(std::optional<timing::Gender> g, std::optional<int> age,
                          const std::vector<int>& lower_bounds);

}  // namespace fl::results
