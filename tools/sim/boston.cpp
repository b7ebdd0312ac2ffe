#include "tools/sim/boston.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "timing/csv.hpp"
#include "timing/text.hpp"
#include "tools/sim/error.hpp"
#include "tools/sim/names.hpp"
#include "tools/sim/plan_builder.hpp"
#include "tools/sim/random.hpp"

namespace fl::sim {
namespace {

// "split_5k" → 5000, "split_half" → 21097.5; nullopt for other columns.
std::optional<double> split_distance(std::string_view column) {
    if (!column.starts_with("split_")) return std::nullopt;
    column.remove_prefix(6);
    if (column == "half") return 21097.5;
    if (!column.ends_with("k")) return std::nullopt;
    column.remove_suffix(1);
    double km = 0;
    auto [p, ec] = std::from_chars(column.data(), column.data() + column.size(), km);
    if (ec != std::errc{} || p != column.data() + column.size() || km <= 0) return std::nullopt;
    return km * 1000;
}

// Elite bibs with a letter ("F3") line up first, then by number: the seeding order.
std::pair<int, long> bib_order(std::string_view bib) {
    const bool lettered = !bib.empty() && !std::isdigit(static_cast<unsigned char>(bib.front()));
    long number = 0;
    for (char c : bib)
        if (std::isdigit(static_cast<unsigned char>(c))) number = number * 10 + (c - '0');
    return {lettered ? 0 : 1, number};
}

}  // namespace

std::vector<ResultRow> parse_results_csv(std::string_view text, std::string_view source) {
    const auto records = timing::parse_csv(text, source);
    if (records.empty()) throw Error(fmt::format("{}: the file is empty; expected a header row with bib", source));
    const auto& header = records.front();
    std::optional<std::size_t> bib, age, gender, official;
    std::vector<std::pair<std::size_t, double>> splits;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const auto name = timing::ascii_lower(timing::trim(header.fields[i]));
        if (name == "bib") bib = i;
        else if (name == "age") age = i;
        else if (name == "gender") gender = i;
        else if (name == "official_time") official = i;
        else if (auto d = split_distance(name)) splits.emplace_back(i, *d);
    }
    if (!bib) throw Error(fmt::format("{}:{}: no 'bib' column in the header row", source, header.line));
    if (!official && splits.empty())
        throw Error(fmt::format("{}:{}: no official_time or split_<N>k columns: nothing to replay", source, header.line));

    std::vector<ResultRow> rows;
    rows.reserve(records.size());
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& rec = records[r];
        auto fail = [&](const std::string& why) { return Error(fmt::format("{}:{}: {}", source, rec.line, why)); };
        if (rec.fields.size() != header.fields.size())
            throw fail(fmt::format("{} fields, but the header has {}", rec.fields.size(), header.fields.size()));
        auto time = [&](std::size_t col) -> std::optional<Duration> {
            const auto text = timing::trim(rec.fields[col]);
            if (text.empty() || text == "-") return std::nullopt;
            auto d = timing::parse_duration(text);
            if (!d || *d <= Duration{0})
                throw fail(fmt::format("'{}' in column {}: expected a time H:MM:SS or '-'", text, timing::trim(header.fields[col])));
            return d;
        };
        ResultRow row;
        row.line = rec.line;
        row.bib = timing::trim(rec.fields[*bib]);
        if (row.bib.empty()) throw fail("missing bib");
        if (age) {
            const auto a = timing::trim(rec.fields[*age]);
            int v = 0;
            auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
            if (!a.empty() && ec == std::errc{} && p == a.data() + a.size() && v >= 0 && v <= 120) row.age = v;
        }
        if (gender) row.gender = timing::parse_gender(timing::trim(rec.fields[*gender]));
        for (const auto& [col, distance] : splits)
            if (auto t = time(col)) row.splits.emplace_back(distance, *t);
        std::sort(row.splits.begin(), row.splits.end());
        if (official) row.official = time(*official);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<timing::Participant> replay_participants(const timing::RaceConfig& config,
                                                     std::span<const ResultRow> rows,
                                                     const RosterOptions& options,
                                                     std::string_view event_name) {
    if (config.events.empty()) throw Error("the race config has no events: add an [[events]] table");
    const timing::EventConfig* event = nullptr;
    if (!event_name.empty()) {
        event = config.find_event(event_name);
        if (!event) throw Error(fmt::format("no event '{}' in the race config", event_name));
    } else {
        event = &*std::max_element(config.events.begin(), config.events.end(),
                                   [](const auto& a, const auto& b) { return a.distance_m < b.distance_m; });
    }
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return bib_order(rows[a].bib) < bib_order(rows[b].bib); });
    std::vector<timing::Participant> out(rows.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& row = rows[order[k]];
        auto& p = out[order[k]];
        Rng rng(mix(options.seed, hash(row.bib), hash("replay")));
        p.bib = row.bib;
        p.gender = row.gender;
        p.age = row.age;
        const auto firsts = row.gender == timing::Gender::M ? male_first_names()
                          : row.gender == timing::Gender::F ? female_first_names()
                          : rng.chance(0.5)                 ? female_first_names()
                                                            : male_first_names();
        p.name = fmt::format("{} {}", rng.pick(firsts), rng.pick(last_names()));
        p.event = event->name;
        // Waves in bib order: bibs are given out by qualifying time.
        if (!event->waves.empty()) p.wave = event->waves[k * event->waves.size() / order.size()].name;
        if (rng.chance(options.team)) p.team = rng.pick(team_names());
        p.chips.push_back(fmt::format("C{:0>6}", row.bib));
        if (rng.chance(options.second_chip)) p.chips.push_back(fmt::format("D{:0>6}", row.bib));
    }
    return out;
}

Plan build_replay_plan(const timing::RaceConfig& config, std::span<const timing::Participant> participants,
                       std::span<const ResultRow> rows, const PlanOptions& options) {
    auto plan = detail::plan_skeleton(config, participants, options);
    std::map<std::string_view, std::uint32_t> by_bib;
    for (std::uint32_t i = 0; i < plan.runners.size(); ++i) by_bib.emplace(plan.runners[i].bib, i);
    std::vector<const ResultRow*> row_of(plan.runners.size(), nullptr);
    std::vector<std::string> unknown;
    for (const auto& row : rows) {
        auto it = by_bib.find(row.bib);
        if (it == by_bib.end()) {
            if (unknown.size() < 5) unknown.push_back(fmt::format("{} (line {})", row.bib, row.line));
            continue;
        }
        row_of[it->second] = &row;
    }
    if (!unknown.empty())
        throw Error(fmt::format("bibs in the results are not participants: {}{}; import the participants "
                                "written by --write-participants first",
                                fmt::join(unknown, ", "), unknown.size() == 5 ? ", ..." : ""));

    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::uint32_t>> lineups;
    for (std::uint32_t i = 0; i < plan.runners.size(); ++i) {
        auto& r = plan.runners[i];
        if (!row_of[i]) {
            r.outcome = Outcome::dns;
            continue;
        }
        r.outcome = row_of[i]->official ? Outcome::finished : Outcome::dnf;
        lineups[{r.event, r.wave.value_or(0)}].push_back(i);
    }
    for (auto& [key, ids] : lineups) {
        std::stable_sort(ids.begin(), ids.end(), [&](auto a, auto b) {
            return bib_order(plan.runners[a].bib) < bib_order(plan.runners[b].bib);
        });
        for (std::size_t rank = 0; rank < ids.size(); ++rank) {
            auto& r = plan.runners[ids[rank]];
            Rng rng(mix(options.seed, hash(r.bib), hash("start")));
            r.start = detail::to_hundredths(plan.wave_gun(r.event, r.wave) + detail::start_delay(rng, rank));
        }
    }

    std::vector<std::vector<detail::CoursePoint>> courses;
    for (std::size_t e = 0; e < config.events.size(); ++e) courses.push_back(detail::course_of(config, e));
    for (std::uint32_t i = 0; i < plan.runners.size(); ++i) {
        const auto* row = row_of[i];
        if (!row) continue;
        auto& r = plan.runners[i];
        if (row->official) r.finish = r.start + *row->official;
        for (const auto& cp : courses[r.event]) {
            std::optional<Instant> t;
            switch (cp.role) {
                case timing::PointRole::start: t = r.start; break;
                case timing::PointRole::finish: t = r.finish; break;
                case timing::PointRole::lap: break;  // Boston is no lap race
                case timing::PointRole::split:
                    for (const auto& [distance, at] : row->splits)
                        if (std::abs(distance - cp.distance_m) <= std::max(50.0, 0.005 * distance)) t = r.start + at;
                    break;
            }
            if (t) detail::add_crossing(plan, i, cp.point, *t);
        }
    }
    detail::finish_plan(plan);
    return plan;
}

}  // namespace fl::sim
