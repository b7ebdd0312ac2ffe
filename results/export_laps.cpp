#include <algorithm>

#include <fmt/format.h>

#include "results/display.hpp"
#include "results/error.hpp"
#include "results/exports.hpp"
#include "timing/csv.hpp"

namespace fl::results {
namespace {

std::string opt(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string{}; }

const EventStandings& the_lap_race(const Standings& s, const ExportFilter& f) {
    std::vector<const EventStandings*> laps;
    for (const auto* e : selected_events(s, f))
        if (e->counts_laps()) laps.push_back(e);
    if (laps.size() == 1) return *laps.front();
    if (laps.empty())
        throw Error(f.event.empty() ? std::string("the race has no lap race or backyard ultra: give an event type = \"laps\" "
                                                  "or \"backyard\" (README, Laps)")
                                    : fmt::format("event \"{}\" is not a lap race or a backyard ultra (type = \"laps\" or \"backyard\")",
                                                  f.event));
    std::vector<std::string> names;
    for (const auto* e : laps) names.push_back(e->name);
    throw Error(fmt::format("a laps CSV holds one lap race: choose one of {} with --event", fmt::join(names, ", ")));
}

}  // namespace

std::string to_laps_csv(const Standings& s, const ExportFilter& f) {
    const auto& e = the_lap_race(s, f);
    std::size_t most = 0;
    for (const auto& row : e.rows)
        if (row_selected(row, f)) most = std::max(most, row.runner->lap_times.size());
    std::string out = "place,bib,name,gender,age,category,laps,gun_time,net_time,gender_place,category_place,status,complete";
    for (std::size_t k = 1; k <= most; ++k) out += fmt::format(",lap_{}", k);
    out += "\n";
    for (const auto& row : e.rows) {
        if (!row_selected(row, f)) continue;
        const auto& r = *row.runner;
        const bool fin = r.status == Status::finished;
        // Typed text is neutralised against spreadsheet formulas, as in every CSV.
        std::vector<std::string> cells{
            opt(row.place),
            timing::csv_text_field(r.bib),
            timing::csv_text_field(r.name),
            r.gender ? std::string(1, timing::to_char(*r.gender)) : std::string{},
            opt(r.age),
            timing::csv_text_field(r.category),
            std::to_string(r.laps),
            fin ? show_time(r.gun_time, s.display) : std::string{},
            fin ? show_time(r.net_time, s.display) : std::string{},
            opt(row.gender_place),
            opt(row.category_place),
            std::string(to_string(r.status)),
            r.laps_complete ? "yes" : "",
        };
        for (std::size_t k = 0; k < most; ++k)
            cells.push_back(k < r.lap_times.size() ? show_time(r.lap_times[k], s.display) : std::string{});
        out += fmt::format("{}\n", fmt::join(cells, ","));
    }
    return out;
}

}  // namespace fl::results
