#include "gui/board_model.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "timing/text.hpp"

namespace fl::gui {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// `needle` is already lower case (ASCII; other bytes compare as they are).
bool starts_with_lowered(std::string_view text, std::string_view needle) {
    if (needle.size() > text.size()) return false;
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (lower(text[i]) != needle[i]) return false;
    return true;
}

bool contains_lowered(std::string_view text, std::string_view needle) {
    if (needle.empty()) return true;
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i)
        if (lower(text[i]) == needle[0] && starts_with_lowered(text.substr(i), needle)) return true;
    return false;
}

bool matches_lowered(const results::RunnerResult& r, std::string_view needle) {
    return needle.empty() || starts_with_lowered(r.bib, needle) || contains_lowered(r.name, needle);
}

bool passes(const results::RunnerResult& r, const BoardFilter& f) {
    switch (f.kind) {
        case FilterKind::overall: return true;
        case FilterKind::gender: return r.gender == f.gender;
        case FilterKind::category: return r.category == f.category;
    }
    return false;
}

Instant first_gun(const results::EventStandings& e) {
    Instant gun = Instant::max();
    for (const auto& w : e.waves) gun = std::min(gun, w.gun);
    return e.waves.empty() ? Instant{} : gun;
}

}  // namespace

std::vector<BoardFilter> board_filters(const results::EventStandings& event) {
    std::vector<BoardFilter> out;
    out.push_back({FilterKind::overall, timing::Gender::F, {}, "Overall"});
    std::array<bool, 3> present{};
    for (const auto& row : event.rows)
        if (row.runner->gender) present[static_cast<std::size_t>(*row.runner->gender)] = true;
    static constexpr std::array<std::pair<timing::Gender, std::string_view>, 3> genders{
        {{timing::Gender::F, "Women"},
         {timing::Gender::M, "Men"},
         {timing::Gender::X, "Non-binary"}}};
    for (const auto& [g, label] : genders)
        if (present[static_cast<std::size_t>(g)])
            out.push_back({FilterKind::gender, g, {}, std::string(label)});
    for (const auto& c : event.categories)
        if (!c.empty()) out.push_back({FilterKind::category, timing::Gender::F, c, c});
    return out;
}

bool matches_search(const results::RunnerResult& r, std::string_view text) {
    return matches_lowered(r, timing::ascii_lower(timing::trim_blanks(text)));
}

std::vector<std::uint32_t> board_rows(const results::EventStandings& event,
                                      const BoardFilter& filter, std::string_view search) {
    std::vector<std::uint32_t> out;
    const auto needle = timing::ascii_lower(timing::trim_blanks(search));
    const bool searching = !needle.empty();
    for (std::size_t i = 0; i < event.rows.size(); ++i) {
        const auto& r = *event.rows[i].runner;
        // Finishers come first in a table: past them a spectator list has nothing more.
        if (!searching && r.status != results::Status::finished) break;
        if (!passes(r, filter)) continue;
        if (searching && !matches_lowered(r, needle)) continue;
        out.push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

std::optional<int> shown_place(const results::Row& row, FilterKind kind) {
    switch (kind) {
        case FilterKind::overall: return row.place;
        case FilterKind::gender: return row.gender_place;
        case FilterKind::category: return row.category_place;
    }
    return std::nullopt;
}

std::string_view status_text(const results::RunnerResult& r) {
    switch (r.status) {
        case results::Status::finished: return "";
        case results::Status::dq: return "DQ";
        case results::Status::dns: return "DNS";
        case results::Status::dnf: return r.on_course ? "on course" : "DNF";
    }
    return "";
}

bool highlighted(const results::RunnerResult& r, Instant now, Duration window) {
    return r.status == results::Status::finished && r.finish_known && *r.finish_known <= now &&
           now - *r.finish_known < window;
}

std::vector<RaceClock> race_clocks(const results::Standings& s, Instant now) {
    std::vector<RaceClock> out;
    for (const auto& e : s.events) {
        RaceClock c;
        c.event = e->name;
        c.counts = e->counts;
        c.gun = first_gun(*e);
        for (const auto& w : e->waves)
            if (w.gun == c.gun && w.recorded()) c.gun_recorded = true;
        c.started = !e->waves.empty() && now >= c.gun;
        c.elapsed = c.started ? now - c.gun : c.gun - now;
        if (e->backyard()) {
            const auto clock = results::loop_clock(c.gun, e->interval, now);
            c.loop = clock;
            for (const auto& row : e->rows) c.still_in += results::still_in(*row.runner, clock) ? 1 : 0;
            if (const auto* w = results::backyard_winner(*e, clock))
                c.winner = fmt::format("Winner: {}, {} loops", w->runner->name, w->runner->laps);
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<LatestLine> latest_lines(const results::Standings& s, Instant now, Duration window,
                                     std::size_t max_lines) {
    std::vector<LatestLine> out;
    if (!s.latest_finishers) return out;
    for (const auto& f : *s.latest_finishers) {
        if (out.size() >= max_lines) break;
        if (!f.runner) continue;
        out.push_back({f.runner, f.place, highlighted(*f.runner, now, window)});
    }
    return out;
}

FinishHistogram finish_histogram(const results::EventStandings& event, std::size_t max_bins) {
    FinishHistogram h;
    h.origin = first_gun(event);
    std::vector<std::int64_t> minutes;
    for (const auto& row : event.rows) {
        const auto& r = *row.runner;
        if (r.status != results::Status::finished) break;  // finishers come first
        if (!r.finish || *r.finish < h.origin) continue;
        minutes.push_back(
            std::chrono::duration_cast<std::chrono::minutes>(*r.finish - h.origin).count());
    }
    if (minutes.empty()) return h;
    const auto [lo, hi] = std::minmax_element(minutes.begin(), minutes.end());
    h.first_minute = *lo;
    max_bins = std::max<std::size_t>(max_bins, 1);
    const auto span = static_cast<std::size_t>(*hi - *lo) + 1;
    h.bin_minutes = static_cast<int>((span + max_bins - 1) / max_bins);
    const auto width = static_cast<std::size_t>(h.bin_minutes);
    h.counts.assign((span + width - 1) / width, 0.0f);
    for (const auto m : minutes)
        h.counts[static_cast<std::size_t>(m - h.first_minute) / width] += 1.0f;
    h.total = static_cast<int>(minutes.size());
    const auto peak = std::max_element(h.counts.begin(), h.counts.end());
    h.peak = static_cast<int>(*peak);
    h.peak_bin = static_cast<std::size_t>(peak - h.counts.begin());
    return h;
}

std::string format_clock(Duration d) {
    const bool negative = d.count() < 0;
    // Before the gun a countdown shows the seconds still to wait, so it reads -0:00:01 until
    // the gun rather than -0:00:00.
    auto s = negative ? (-d.count() + 999'999) / 1'000'000 : d.count() / 1'000'000;
    return fmt::format("{}{}:{:02}:{:02}", negative ? "-" : "", s / 3600, s / 60 % 60, s % 60);
}

}  // namespace fl::gui
