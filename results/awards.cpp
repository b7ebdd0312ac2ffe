#include "results/awards.hpp"

#include <map>

#include <fmt/format.h>

namespace fl::results {

std::string exclusion_rule(const timing::CategoriesConfig& c) {
    if (c.overall_excluded_from_groups <= 0)
        return "overall winners may also take category awards";
    if (c.overall_excluded_from_groups == 1)
        return "the winner of each gender overall is excluded from category awards";
    return fmt::format("the top {} of each gender overall are excluded from category awards",
                       c.overall_excluded_from_groups);
}

EventAwards compute_awards(const EventStandings& e, const timing::CategoriesConfig& c) {
    EventAwards out;
    out.event = e.name;
    const int depth = c.award_depth;
    // Positions follow the order of the table; a declared dead heat shares a position.
    auto add = [&](AwardGroup& g, const Row& row) {
        const bool shared =
            row.dead_heat && !g.winners.empty() && g.winners.back().row->place == row.place;
        const int position = shared ? g.winners.back().position : static_cast<int>(g.winners.size()) + 1;
        if (position <= depth) g.winners.push_back({position, &row});
    };
    if (depth <= 0) return out;
    for (auto gender : {timing::Gender::M, timing::Gender::F, timing::Gender::X}) {
        AwardGroup g{fmt::format("Overall {}", timing::to_char(gender)), true, {}};
        for (const auto& row : e.rows)
            if (row.place && row.runner->gender == gender) add(g, row);
        if (!g.winners.empty()) out.groups.push_back(std::move(g));
    }
    std::map<std::string, AwardGroup> groups;
    for (const auto& row : e.rows) {
        if (!row.place || row.runner->category.empty()) continue;
        if (c.overall_excluded_from_groups > 0 && row.gender_place &&
            *row.gender_place <= c.overall_excluded_from_groups)
            continue;
        auto& g = groups[row.runner->category];
        g.name = row.runner->category;
        add(g, row);
    }
    for (auto& [name, g] : groups) out.groups.push_back(std::move(g));
    return out;
}

}  // namespace fl::results
