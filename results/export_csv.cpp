#include <fmt/format.h>

#include "results/csv_row.hpp"
#include "results/display.hpp"
#include "results/error.hpp"
#include "results/exports.hpp"
#include "timing/csv.hpp"

namespace fl::results {
namespace {

std::string opt(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string{}; }

}  // namespace

std::vector<std::string> csv_row_cells(const Row& row, timing::Resolution display) {
    const auto& r = *row.runner;
    const bool fin = r.status == Status::finished;
    return {
        opt(row.place),
        timing::csv_text_field(r.bib),
        timing::csv_text_field(r.name),
        r.gender ? std::string(1, timing::to_char(*r.gender)) : std::string{},
        opt(r.age),
        timing::csv_text_field(r.category),
        fin ? show_time(r.gun_time, display) : std::string{},
        fin ? show_time(r.net_time, display) : std::string{},
        opt(row.gender_place),
        opt(row.category_place),
        std::string(to_string(r.status)),
    };
}

std::string to_csv(const Standings& s, const ExportFilter& f) {
    const auto events = selected_events(s, f);
    if (events.size() != 1) {
        std::vector<std::string> names;
        for (const auto* e : events) names.push_back(e->name);
        throw Error(fmt::format("a CSV holds one event: choose one of {} with --event",
                                fmt::join(names, ", ")));
    }
    const auto& e = *events.front();
    std::string out = "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status";
    for (const auto& sp : e.splits) {
        out += ',';
        out += timing::csv_text_field(sp.name);
    }
    if (s.age_grading) out += ",age_grade";
    out += "\n";
    for (const auto& row : e.rows) {
        if (!row_selected(row, f)) continue;
        const auto& r = *row.runner;
        const bool fin = r.status == Status::finished;
        // A negative split ("-0:00:03", read before the start mat) keeps its '-': it is ours.
        auto cells = csv_row_cells(row, s.display);
        for (const auto& sp : r.splits) cells.push_back(show_time(sp.elapsed, s.display));
        if (s.age_grading) cells.push_back(fin ? show_percent(r.age_grade) : std::string{});
        out += fmt::format("{}\n", fmt::join(cells, ","));
    }
    return out;
}

}  // namespace fl::results
