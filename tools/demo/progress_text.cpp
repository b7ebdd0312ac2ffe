#include "tools/demo/progress_text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "results/display.hpp"

namespace fl::demo {

std::string grouped(std::int64_t n) {
    // The magnitude as unsigned: -n overflows for the smallest int64.
    const auto magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    const auto digits = std::to_string(magnitude);
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string progress_bar(int done, int total, int width) {
    width = std::max(width, 1);
    const double share = total > 0 ? std::clamp(static_cast<double>(done) / total, 0.0, 1.0) : 1.0;
    const int full = static_cast<int>(std::floor(share * width));
    std::string bar = "[";
    bar.append(static_cast<std::size_t>(full), '#');
    bar.append(static_cast<std::size_t>(width - full), '.');
    return bar + "]";
}

std::string progress_line(const Figures& f, int bar_width) {
    const auto seconds = static_cast<std::int64_t>(f.elapsed_s);
    return fmt::format("{} {}/{} finished | {} reads/s | {} stored | race clock {} | {}:{:02}",
                       progress_bar(f.finished, f.expected, bar_width), grouped(f.finished), grouped(f.expected),
                       grouped(static_cast<std::int64_t>(std::lround(f.reads_per_second))), grouped(f.records),
                       f.race_clock, seconds / 60, seconds % 60);
}

std::string top_table(const results::Standings& s, std::size_t n) {
    std::string out;
    for (const auto& e : s.events) {
        out += fmt::format("Top {} of {} ({} time): {} finished, {} on course\n", n, e->name,
                           e->rank_by == timing::RankBy::net ? "net" : "gun", grouped(e->counts.finished),
                           grouped(e->counts.on_course));
        std::size_t shown = 0;
        for (const auto& row : e->rows) {
            if (shown == n || !row.place) break;
            const auto& r = *row.runner;
            const auto gender = r.gender ? std::string(1, timing::to_char(*r.gender)) : std::string("-");
            out += fmt::format("  {:>3}. {:>5}  {:<28} {:<2} {:<8} {:>8}\n", *row.place, r.bib, r.name, gender,
                               r.category.empty() ? "-" : r.category, results::show_time(r.rank_time, s.display));
            ++shown;
        }
        if (shown == 0) out += "  (no finishers yet)\n";
    }
    return out;
}

}  // namespace fl::demo
