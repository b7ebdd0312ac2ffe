#include <fmt/format.h>

#include "results/error.hpp"
#include "results/exports.hpp"
#include "timing/csv.hpp"

namespace fl::results {

std::string to_teams_csv(const Standings& s, const ExportFilter& f) {
    if (s.teams.empty())
        throw Error("the race config has no [[teams]] table: add one to score teams (README, Teams)");
    const auto tables = selected_teams(s, f);
    if (tables.size() != 1) {
        std::vector<std::string> names;
        for (const auto& t : tables) names.push_back(fmt::format("\"{}\"", t.config.name));
        throw Error(tables.empty() ? fmt::format("event \"{}\" has no [[teams]] table", f.event)
                                   : fmt::format("a team CSV holds one team table: choose one of {} with --teams",
                                                 fmt::join(names, ", ")));
    }
    const auto& table = tables.front();
    std::string out = "place,team,score,members\n";
    for (const auto& t : table.teams) {
        const auto members = listed_members(t, table.config, s.display);
        // Team and runner names are typed by participants: neutralised against formulas.
        out += fmt::format("{},{},{},{}\n", t.place ? std::to_string(*t.place) : std::string{},
                           timing::csv_text_field(t.team), score_text(t, s.display),
                           timing::csv_text_field(fmt::format("{}", fmt::join(members, "; "))));
    }
    return out;
}

}  // namespace fl::results
