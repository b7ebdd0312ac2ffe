#include "gui/column_widths.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>

#include "gui/board_model.hpp"
#include "results/display.hpp"

namespace fl::gui {

ResultColumns measure_result_columns(const results::EventStandings& e, timing::Resolution display,
                                     const std::function<float(std::string_view)>& width) {
    ResultColumns w{width("Place"), width("Bib"), width("Category"), width("Time"), width("/km")};
    const auto widen = [&](float& column, std::string_view t) { column = std::max(column, width(t)); };
    // Texts built per distinct value, not per row: a 50,000-runner table is measured in a few
    // hundred calls, once per snapshot of the event.
    std::map<std::string_view, int> category_place;  // the highest place shown per category
    std::optional<timing::Duration> slowest, slowest_pace;
    std::set<std::string_view> statuses;  // "on course", "DNF", ...
    int most_places = 0;
    for (const auto& row : e.rows) {
        const auto& r = *row.runner;
        widen(w.bib, r.bib);
        auto& p = category_place[r.category];
        p = std::max(p, row.category_place.value_or(0));
        most_places = std::max({most_places, row.place.value_or(0), row.gender_place.value_or(0)});
        if (r.status == results::Status::finished && r.rank_time &&
            (!slowest || *r.rank_time > *slowest))
            slowest = r.rank_time;
        if (r.pace_per_km && (!slowest_pace || *r.pace_per_km > *slowest_pace)) slowest_pace = r.pace_per_km;
        if (r.status != results::Status::finished) statuses.insert(status_text(r));
    }
    // Digits are the same width in the board's fonts (tabular figures), so the largest number
    // is the widest; a dead heat adds its "=".
    widen(w.place, fmt::format("={}", most_places));
    for (const auto& [category, place] : category_place)
        widen(w.category, place > 0 ? fmt::format("{} ({})", category, place) : std::string(category));
    for (const auto s : statuses) widen(w.time, s);
    if (slowest) widen(w.time, results::show_time(*slowest, display));
    if (slowest_pace) widen(w.pace, results::show_pace(*slowest_pace));
    return w;
}

}  // namespace fl::gui
