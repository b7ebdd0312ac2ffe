#pragma once
// The data of a dead_heat correction: bibs separated by spaces. One reading of it for the
// journal writer (which checks each bib is a participant before storing) and for scoring.
#include <string>
#include <string_view>
#include <vector>

namespace fl::timing {

// The bibs in the order given, each once; any ASCII whitespace separates them.
std::vector<std::string> dead_heat_bibs(std::string_view data);

}  // namespace fl::timing
