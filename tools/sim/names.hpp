#pragma once
// Name lists for generated runners: first names from many languages, so a generated field
// looks like a real city fun run (and exercises UTF-8 end to end).
#include <span>
#include <string_view>

namespace fl::sim {

std::span<const std::string_view> female_first_names();
std::span<const std::string_view> male_first_names();
std::span<const std::string_view> last_names();  // may contain spaces ("van der Berg")
std::span<const std::string_view> team_names();

}  // namespace fl::sim
