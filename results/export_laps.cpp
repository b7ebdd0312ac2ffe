#include <algorithm>

#include <fmt/format.h>

#include "results/csv_row.hpp"
#include "results/display.hpp"
#include "results/error.hpp"
#include "results/exports.hpp"
#include "timing/csv.hpp"

namespace fl::results {
namespace {

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
        // The results CSV's cells (typed text neutralised the same way), the laps after category.
        auto cells = csv_row_cells(row, s.display);
        cells.insert(cells.begin() + static_cast<std::ptrdiff_t>(csv_cells_before_times), std::to_string(r.laps));
        cells.push_back(r.laps_complete ? "yes" : "");
        for (std::size_t k = 0; k < most; ++k)
            cells.push_back(k < r.lap_times.size() ? show_time(r.lap_times[k], s.display) : std::string{});
        out += fmt::format("{}\n", fmt::join(cells, ","));
    }
    return out;
}

}  // namespace fl::results
