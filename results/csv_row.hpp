#pragma once
// One runner's cells as the results CSV writes them (README "Export formats", `csv`):
// place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status.
// Shared by the results CSV and the laps CSV, which inserts its laps after category.
#include <cstddef>
#include <string>
#include <vector>

#include "results/standings.hpp"

namespace fl::results {

// Typed text (bib, name, category) is neutralised against spreadsheet formulas; the rest is
// formatted here and never starts with = + @.
std::vector<std::string> csv_row_cells(const Row& row, timing::Resolution display);
// Where the laps CSV puts its laps column: after category.
inline constexpr std::size_t csv_cells_before_times = 6;

}  // namespace fl::results
