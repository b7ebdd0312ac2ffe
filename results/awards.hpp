#pragma once
// Awards from the standings: overall per gender, then per category `award_depth` deep, with
// the top `overall_excluded_from_groups` of each gender left out of category awards.
#include <string>
#include <vector>

#include "results/standings.hpp"

namespace fl::results {

struct AwardWinner {
    int position = 0;  // 1 = first; shared under a declared dead heat
    const Row* row = nullptr;  // points into the EventStandings passed in
};

struct AwardGroup {
    std::string name;   // "Overall M", "M35-39", "F50"
    bool overall = false;
    std::vector<AwardWinner> winners;
};

struct EventAwards {
    std::string event;
    std::vector<AwardGroup> groups;  // overall groups (M, F, X) first, then categories sorted
};

// The rule as the report states it, e.g. "the top 3 of each gender overall are excluded from
// category awards".
std::string exclusion_rule(const timing::CategoriesConfig& c);
EventAwards compute_awards(const EventStandings& e, const timing::CategoriesConfig& c);

}  // namespace fl::results
