#include <set>

#include <fmt/format.h>

#include "results/error.hpp"
#include "results/exports.hpp"

namespace fl::results {

void check_filter(const Standings& s, const ExportFilter& f) {
    if (!f.event.empty() && !s.find_event(f.event)) {
        std::vector<std::string> names;
        for (const auto& e : s.events) names.push_back(e->name);
        throw Error(fmt::format("no event named \"{}\": the race has {}", f.event,
                                fmt::join(names, ", ")));
    }
    if (!f.category.empty()) {
        std::set<std::string> all;
        for (const auto& e : s.events)
            if (f.event.empty() || e->name == f.event) all.insert(e->categories.begin(), e->categories.end());
        if (!all.count(f.category))
            throw Error(fmt::format("no category \"{}\"{}: categories are {}", f.category,
                                    f.event.empty() ? "" : fmt::format(" in event \"{}\"", f.event),
                                    all.empty() ? std::string("(none)") : fmt::format("{}", fmt::join(all, ", "))));
    }
}

std::vector<const EventStandings*> selected_events(const Standings& s, const ExportFilter& f) {
    check_filter(s, f);
    std::vector<const EventStandings*> out;
    for (const auto& e : s.events)
        if (f.event.empty() || e->name == f.event) out.push_back(e.get());
    return out;
}

std::vector<TeamStandings> selected_teams(const Standings& s, const ExportFilter& f) {
    check_filter(s, f);
    std::vector<TeamStandings> out;
    std::vector<std::string> names;
    for (const auto& t : s.teams) {
        if (!f.event.empty() && t.event != f.event) continue;
        names.push_back(fmt::format("\"{}\"", t.name));
        if (!f.teams.empty() && t.name != f.teams) continue;
        if (const auto* e = s.find_event(t.event)) out.push_back(compute_teams(*e, t, s.display));
    }
    if (!f.teams.empty() && out.empty())
        throw Error(fmt::format("no [[teams]] named \"{}\"{}: {}", f.teams,
                                f.event.empty() ? "" : fmt::format(" in event \"{}\"", f.event),
                                names.empty() ? std::string("there are none") : fmt::format("the team tables are {}", fmt::join(names, ", "))));
    return out;
}

bool row_selected(const Row& row, const ExportFilter& f) {
    return f.category.empty() || row.runner->category == f.category;
}

}  // namespace fl::results
