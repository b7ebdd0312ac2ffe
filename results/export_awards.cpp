#include <fmt/format.h>

#include "results/awards.hpp"
#include "results/display.hpp"
#include "results/exports.hpp"
#include "timing/text_encoding.hpp"

namespace fl::results {

std::string to_awards_report(const Standings& s, const ExportFilter& f) {
    const auto events = selected_events(s, f);
    const auto& c = s.categories;
    std::string out = fmt::format("{} — awards\n", s.race);
    out += fmt::format("Rule: top {} per gender overall and per category; {}.\n",
                       c.award_depth, exclusion_rule(c));
    for (const auto* e : events) {
        const auto awards = compute_awards(*e, c);
        out += fmt::format("\n== {} ({} time) ==\n", e->name, timing::to_string(e->rank_by));
        bool any = false;
        for (const auto& g : awards.groups) {
            if (!f.category.empty() && !g.overall && g.name != f.category) continue;
            any = true;
            out += fmt::format("\n{}\n", g.name);
            for (const auto& w : g.winners) {
                const auto& r = *w.row->runner;
                const auto time = e->rank_by == timing::RankBy::gun ? r.gun_time : r.net_time;
                out += fmt::format("  {:>2}. {:<8} {:<30} {:>9}  (place {}{})\n", w.position, r.bib, r.name,
                                   show_time(time, s.display), *w.row->place,
                                   w.row->dead_heat ? ", dead heat" : "");
            }
        }
        if (!any) out += "\n(no finishers yet)\n";
    }
    // A race file written before text was checked may hold bytes that are not UTF-8.
    return timing::valid_utf8(out);
}

}  // namespace fl::results
