#include "timing/dead_heat.hpp"

#include <algorithm>

namespace fl::timing {

std::vector<std::string> dead_heat_bibs(std::string_view data) {
    std::vector<std::string> out;
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    for (std::size_t i = 0; i < data.size();) {
        while (i < data.size() && space(data[i])) ++i;
        const auto start = i;
        while (i < data.size() && !space(data[i])) ++i;
        if (i > start) {
            std::string bib(data.substr(start, i - start));
            if (std::find(out.begin(), out.end(), bib) == out.end()) out.push_back(std::move(bib));
        }
    }
    return out;
}

}  // namespace fl::timing
