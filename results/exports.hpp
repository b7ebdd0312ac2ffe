#pragma once
// Exports of the standings: CSV, one self-contained HTML page, JSON, awards report. Each reads
// only the engine's Standings (no second scoring path) and is deterministic: the same
// standings give the same bytes.
#include <string>
#include <string_view>
#include <vector>

#include "results/standings.hpp"

namespace fl::results {

struct ExportFilter {
    std::string event;     // "" = every event (CSV: the only event; several need a choice)
    std::string category;  // "" = every category
};

// Throws results::Error when the event or category does not exist, naming the ones that do.
void check_filter(const Standings& s, const ExportFilter& f);
// The events the filter selects (checked), in config order.
std::vector<const EventStandings*> selected_events(const Standings& s, const ExportFilter& f);
bool row_selected(const Row& row, const ExportFilter& f);

// Header exactly "place,bib,name,gender,age,category,gun_time,net_time,gender_place,
// category_place,status", one column per split (its timing point name), then "age_grade" when
// age grading is on. Rows: finishers in place order, then DNF, DQ, DNS.
std::string to_csv(const Standings& s, const ExportFilter& f = {});
std::string to_html(const Standings& s, const ExportFilter& f = {});
// `with_version` = false leaves the snapshot version out (canonical form for comparisons).
std::string to_json(const Standings& s, const ExportFilter& f = {}, bool with_version = true);
std::string to_awards_report(const Standings& s, const ExportFilter& f = {});

}  // namespace fl::results
