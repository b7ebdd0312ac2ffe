#pragma once
// Exports of the standings: CSV, one self-contained HTML page, JSON, awards report. Each reads
// only the engine's Standings (no second scoring path) and is deterministic: the same
// standings give the same bytes.
#include <string>
#include <string_view>
#include <vector>

#include "results/standings.hpp"
#include "results/team_scores.hpp"

namespace fl::results {

struct ExportFilter {
    // A constructor, not an aggregate: {event, category} stays a whole filter as fields are added.
    ExportFilter(std::string event_ = {}, std::string category_ = {}, std::string teams_ = {})
        : event(std::move(event_)), category(std::move(category_)), teams(std::move(teams_)) {}
    std::string event;     // "" = every event (CSV: the only event; several need a choice)
    std::string category;  // "" = every category
    std::string teams;     // "" = every [[teams]] table of the selected events (team CSV: the only one)
};

// Throws results::Error when the event or category does not exist, naming the ones that do.
void check_filter(const Standings& s, const ExportFilter& f);
// The events the filter selects (checked), in config order.
std::vector<const EventStandings*> selected_events(const Standings& s, const ExportFilter& f);
bool row_selected(const Row& row, const ExportFilter& f);
// The team tables of the selected events, or the one named by f.teams (checked), worked out.
std::vector<TeamStandings> selected_teams(const Standings& s, const ExportFilter& f);

// Header exactly "place,bib,name,gender,age,category,gun_time,net_time,gender_place,
// category_place,status", one column per split (its timing point name), then "age_grade" when
// age grading is on. Rows: finishers in place order, then DNF, DQ, DNS.
std::string to_csv(const Standings& s, const ExportFilter& f = {});
std::string to_html(const Standings& s, const ExportFilter& f = {});
// `with_version` = false leaves the snapshot version out (canonical form for comparisons).
std::string to_json(const Standings& s, const ExportFilter& f = {}, bool with_version = true);
// Header exactly "place,team,score,members": one [[teams]] table, its teams in place order,
// then the teams short of finishers, unplaced. `members`: the scorers then the displacers, each
// "Name (points or time)", a displacer's marked ", displacer"; a team short of finishers lists
// every finisher. Throws results::Error when the race has no [[teams]] or the choice is unclear.
std::string to_teams_csv(const Standings& s, const ExportFilter& f = {});
// Header exactly "place,bib,name,gender,age,category,laps,gun_time,net_time,gender_place,
// category_place,status,complete", then lap_1 ... lap_K (K: the most laps anyone has) holding
// each lap's time. One lap race (the only one, or f.event); its rows as the event table orders
// them. `complete` is "yes" when the runner's race is over. Throws results::Error without one.
std::string to_laps_csv(const Standings& s, const ExportFilter& f = {});
std::string to_awards_report(const Standings& s, const ExportFilter& f = {});

}  // namespace fl::results
