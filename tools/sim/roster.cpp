#include "tools/sim/roster.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "timing/csv.hpp"
#include "timing/text.hpp"
#include "tools/sim/error.hpp"
#include "tools/sim/names.hpp"
#include "tools/sim/random.hpp"

namespace fl::sim {
namespace {

// Relative share of each age from 10 to 85: a fun run is mostly 25-55, with kids and a
// thinning tail of older runners.
double age_weight(int age) {
    struct Band { int to; double weight; };
    static constexpr std::array bands{Band{14, 1.0}, Band{19, 1.5}, Band{24, 3.0}, Band{29, 4.5},
                                      Band{34, 5.0}, Band{39, 5.0}, Band{44, 4.5}, Band{49, 4.0},
                                      Band{54, 3.2}, Band{59, 2.4}, Band{64, 1.6}, Band{69, 1.0},
                                      Band{74, 0.5}, Band{79, 0.25}, Band{85, 0.1}};
    for (const auto& b : bands)
        if (age <= b.to) return b.weight;
    return 0;
}

int draw_age(Rng& rng) {
    static const auto cumulative = [] {
        std::array<double, 76> c{};
        double sum = 0;
        for (int a = 10; a <= 85; ++a) c[static_cast<std::size_t>(a - 10)] = sum += age_weight(a);
        return c;
    }();
    const double x = rng.uniform(0, cumulative.back());
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return 10 + static_cast<int>(std::min<std::ptrdiff_t>(it - cumulative.begin(), 75));
}

date::year_month_day same_day_in(date::year y, date::year_month_day d) {
    date::year_month_day r{y, d.month(), d.day()};
    return r.ok() ? r : date::year_month_day{date::year_month_day_last{y, date::month_day_last{d.month()}}};
}

// A birthdate that makes the runner exactly `age` on race day.
date::year_month_day draw_birthdate(Rng& rng, int age, date::year_month_day race_day) {
    const auto latest = date::sys_days{same_day_in(race_day.year() - date::years{age}, race_day)};
    const auto earliest =
        date::sys_days{same_day_in(race_day.year() - date::years{age + 1}, race_day)} + date::days{1};
    const auto span = (latest - earliest).count();
    return date::year_month_day{earliest + date::days{rng.between(0, span)}};
}

}  // namespace

int age_on(date::year_month_day birth, date::year_month_day day) {
    int age = static_cast<int>(day.year()) - static_cast<int>(birth.year());
    if (date::month_day{day.month(), day.day()} < date::month_day{birth.month(), birth.day()}) --age;
    return age;
}

int assumed_age(const timing::Participant& p, date::year_month_day race_day) {
    if (p.birthdate) return age_on(*p.birthdate, race_day);
    if (p.age) return *p.age;
    return 35;
}

std::vector<timing::Participant> generate_participants(const timing::RaceConfig& config,
                                                       const RosterOptions& options) {
    if (config.events.empty()) throw Error("the race config has no events: add an [[events]] table");
    if (options.count < 0) throw Error("the number of runners must not be negative");
    Rng rng(mix(options.seed, hash("roster")));
    struct Draft {
        timing::Participant p;
        std::size_t event = 0, wave = 0;
        int order = 0;
    };
    std::vector<Draft> drafts;
    drafts.reserve(static_cast<std::size_t>(options.count));
    for (int i = 0; i < options.count; ++i) {
        Draft d;
        d.order = i;
        auto& p = d.p;
        const double g = rng.uniform();
        p.gender = g < 0.52 ? timing::Gender::F : g < 0.99 ? timing::Gender::M : timing::Gender::X;
        const auto firsts = *p.gender == timing::Gender::F ? female_first_names()
                          : *p.gender == timing::Gender::M ? male_first_names()
                          : rng.chance(0.5)                ? female_first_names()
                                                           : male_first_names();
        p.name = fmt::format("{} {}", rng.pick(firsts), rng.pick(last_names()));
        p.birthdate = draw_birthdate(rng, draw_age(rng), config.date);
        d.event = static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(config.events.size()) - 1));
        const auto& event = config.events[d.event];
        if (!event.waves.empty()) {
            d.wave = static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(event.waves.size()) - 1));
            p.wave = event.waves[d.wave].name;
        }
        p.event = event.name;
        if (rng.chance(options.team)) p.team = rng.pick(team_names());
        if (rng.chance(options.explicit_category)) p.category = rng.chance(0.4) ? "Wheelchair" : "Stroller";
        p.chips.resize(rng.chance(options.second_chip) ? 2 : 1);
        drafts.push_back(std::move(d));
    }
    std::stable_sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) {
        return std::tie(a.event, a.wave, a.order) < std::tie(b.event, b.wave, b.order);
    });
    std::vector<timing::Participant> out;
    out.reserve(drafts.size());
    int bib = options.first_bib;
    for (auto& d : drafts) {
        d.p.bib = std::to_string(bib);
        // Chip codes are unique per bib: C = the bib tag, D = the shoe tag.
        d.p.chips[0] = fmt::format("C{:06}", bib);
        if (d.p.chips.size() > 1) d.p.chips[1] = fmt::format("D{:06}", bib);
        ++bib;
        out.push_back(std::move(d.p));
    }
    return out;
}

std::string participants_csv(std::span<const timing::Participant> participants) {
    std::string out = "bib,first_name,last_name,gender,birthdate,age,event,wave,team,category,chip\n";
    for (const auto& p : participants) {
        const auto space = p.name.find(' ');
        const std::string_view name = p.name;
        const auto first = name.substr(0, space);
        const auto last = space == std::string::npos ? std::string_view{} : name.substr(space + 1);
        std::string chips;
        for (const auto& c : p.chips) chips += (chips.empty() ? "" : ";") + c;
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", timing::csv_field(p.bib),
                           timing::csv_field(first), timing::csv_field(last),
                           p.gender ? std::string(1, timing::to_char(*p.gender)) : "",
                           p.birthdate ? timing::format_date(*p.birthdate) : "",
                           p.age && !p.birthdate ? std::to_string(*p.age) : "",
                           timing::csv_field(p.event), timing::csv_field(p.wave),
                           timing::csv_field(p.team), timing::csv_field(p.category),
                           timing::csv_field(chips));
    }
    return out;
}

std::vector<timing::Participant> parse_participants_csv(std::string_view text, std::string_view source,
                                                        const timing::RaceConfig& config) {
    const auto records = timing::parse_csv(text, source);
    if (records.empty())
        throw Error(fmt::format("{}: the file is empty; expected a header row starting with bib", source));
    std::map<std::string, std::size_t, std::less<>> col;
    const auto& header = records.front();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        auto name = timing::ascii_lower(timing::trim_blanks(header.fields[i]));
        if (name == "club") name = "team";
        col.emplace(std::move(name), i);
    }
    if (!col.count("bib"))
        throw Error(fmt::format("{}:{}: no 'bib' column in the header row", source, header.line));
    std::vector<timing::Participant> out;
    std::map<std::string, int, std::less<>> chip_line;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& rec = records[r];
        auto fail = [&](const std::string& why) {
            return Error(fmt::format("{}:{}: {}", source, rec.line, why));
        };
        if (rec.fields.size() != header.fields.size())
            throw fail(fmt::format("{} fields, but the header has {}", rec.fields.size(), header.fields.size()));
        auto get = [&](std::string_view c) -> std::string_view {
            auto it = col.find(c);
            return it == col.end() ? std::string_view{} : timing::trim_blanks(rec.fields[it->second]);
        };
        timing::Participant p;
        p.bib = get("bib");
        if (p.bib.empty()) throw fail("missing bib");
        p.name = get("name");
        if (p.name.empty()) {
            const auto first = get("first_name"), last = get("last_name");
            p.name = fmt::format("{}{}{}", first, first.empty() || last.empty() ? "" : " ", last);
        }
        if (auto g = get("gender"); !g.empty()) {
            p.gender = timing::parse_gender(g);
            if (!p.gender) throw fail(fmt::format("unknown gender '{}': expected M, F or X", g));
        }
        if (auto b = get("birthdate"); !b.empty()) {
            p.birthdate = timing::parse_date(b);
            if (!p.birthdate) throw fail(fmt::format("bad birthdate '{}': expected YYYY-MM-DD", b));
        }
        if (auto a = get("age"); !a.empty()) {
            int v = -1;
            auto [ptr, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
            if (ec != std::errc{} || ptr != a.data() + a.size() || v < 0 || v > 120)
                throw fail(fmt::format("bad age '{}': expected a whole number from 0 to 120", a));
            p.age = v;
        }
        p.event = get("event");
        if (p.event.empty()) {
            if (config.events.size() != 1) throw fail("missing event: this race has several events");
            p.event = config.events.front().name;
        }
        const auto* event = config.find_event(p.event);
        if (!event) throw fail(fmt::format("unknown event '{}'", p.event));
        p.wave = get("wave");
        if (!p.wave.empty() && std::none_of(event->waves.begin(), event->waves.end(),
                                            [&](const auto& w) { return w.name == p.wave; }))
            throw fail(fmt::format("unknown wave '{}' for event '{}'", p.wave, p.event));
        p.category = get("category");
        p.team = get("team");
        for (const auto listed : timing::split(get("chip"), ';')) {
            const auto chip = timing::trim_blanks(listed);
            if (chip.empty() || std::find(p.chips.begin(), p.chips.end(), chip) != p.chips.end()) continue;
            if (auto [it, fresh] = chip_line.emplace(chip, rec.line); !fresh)
                throw fail(fmt::format("chip '{}' is also on line {}", chip, it->second));
            p.chips.emplace_back(chip);
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace fl::sim
