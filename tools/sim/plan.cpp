#include "tools/sim/plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "tools/sim/error.hpp"
#include "tools/sim/plan_builder.hpp"
#include "tools/sim/random.hpp"
#include "timing/csv.hpp"
#include "tools/sim/roster.hpp"

namespace fl::sim {

using namespace std::chrono_literals;

Instant Plan::wave_gun(std::size_t event, std::optional<std::size_t> wave) const {
    const auto& waves = config.events.at(event).waves;
    return event_guns.at(event) + (wave && *wave < waves.size() ? waves[*wave].offset : Duration{0});
}

std::optional<std::uint16_t> Plan::point_index(std::string_view name) const {
    for (std::size_t i = 0; i < config.timing_points.size(); ++i)
        if (config.timing_points[i].name == name) return static_cast<std::uint16_t>(i);
    return std::nullopt;
}

namespace {

// Each chip of a crossing draws from its own stream, so a missed chip does not change the
// reads of the other.
Rng chip_rng(const Crossing& c, int chip) { return Rng(mix(c.seed, static_cast<std::uint64_t>(chip) + 1)); }

}  // namespace

int Plan::read_count(const Crossing& c, bool peak_only) const {
    int n = 0;
    for (int i = 0; i < c.chip_count; ++i) {
        if (!(c.read_mask & (1u << i))) continue;
        if (peak_only) {
            ++n;
            continue;
        }
        auto rng = chip_rng(c, i);
        n += static_cast<int>(rng.between(options.reads_min, options.reads_max));
    }
    return n;
}

void Plan::expand(const Crossing& c, std::vector<Read>& out, bool peak_only) const {
    const auto first = out.size();
    std::vector<int> offsets;
    for (int i = 0; i < c.chip_count; ++i) {
        if (!(c.read_mask & (1u << i))) continue;
        auto rng = chip_rng(c, i);
        const auto n = static_cast<int>(rng.between(options.reads_min, options.reads_max));
        const int span = c.span_ms;
        // The anchor read is the crossing's time: first at a finish or split, last at a start.
        offsets.assign(1, c.leads_up ? span : 0);
        // A decoder reports a chip at most once a millisecond: distinct offsets, unless the
        // window is too short to hold them all.
        const bool distinct = span + 1 >= n;
        while (static_cast<int>(offsets.size()) < n) {
            const auto o = static_cast<int>(rng.between(0, span));
            if (!distinct || std::find(offsets.begin(), offsets.end(), o) == offsets.end()) offsets.push_back(o);
        }
        std::sort(offsets.begin(), offsets.end());
        // The tag is strongest when it is over the middle of the mat.
        const double target = span * rng.uniform(0.3, 0.7);
        std::size_t peak = 0;
        for (std::size_t k = 1; k < offsets.size(); ++k)
            if (std::abs(offsets[k] - target) < std::abs(offsets[peak] - target)) peak = k;
        const int peak_rssi = static_cast<int>(rng.between(-60, -50));
        const int peak_hits = static_cast<int>(rng.between(20, 75));
        const double half = std::max(span / 2.0, 1.0);
        int total_hits = 0;
        const auto base = out.size();
        for (std::size_t k = 0; k < offsets.size(); ++k) {
            Read r;
            r.time = c.window_start() + std::chrono::milliseconds(offsets[k]);
            r.chip = c.chips[static_cast<std::size_t>(i)];
            r.point = c.point;
            r.antenna = static_cast<std::uint8_t>(rng.between(1, 4));
            const double distance = std::abs(offsets[k] - offsets[peak]) / half;
            if (k == peak) {
                r.rssi = static_cast<std::int8_t>(peak_rssi);
                r.hits = static_cast<std::uint8_t>(peak_hits);
                r.peak = true;
            } else {
                const double rssi = peak_rssi - 1 - 12 * distance - rng.uniform(0, 2);
                r.rssi = static_cast<std::int8_t>(std::max(-70, static_cast<int>(std::lround(rssi))));
                r.hits = static_cast<std::uint8_t>(std::max(
                    1L, std::lround(peak_hits * std::exp(-1.5 * distance) * rng.uniform(0.4, 0.9))));
            }
            total_hits += r.hits;
            out.push_back(r);
        }
        if (peak_only) {
            // One passing per chip at the crossing's time, carrying the strongest signal.
            Read r = out[base + peak];
            r.time = c.time;
            r.hits = static_cast<std::uint8_t>(std::min(total_hits, 255));
            out.resize(base);
            out.push_back(r);
        }
    }
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                     [](const Read& a, const Read& b) { return a.time < b.time; });
}

namespace detail {

std::vector<CoursePoint> course_of(const timing::RaceConfig& config, std::size_t event) {
    const auto& e = config.events.at(event);
    std::vector<CoursePoint> course;
    for (std::size_t i = 0; i < config.timing_points.size(); ++i) {
        const auto& p = config.timing_points[i];
        if (!e.timing_points.empty() &&
            std::find(e.timing_points.begin(), e.timing_points.end(), p.name) == e.timing_points.end())
            continue;
        CoursePoint cp{static_cast<std::uint16_t>(i), 0, p.role};
        if (p.role == timing::PointRole::finish) cp.distance_m = e.distance_m;
        if (p.role == timing::PointRole::split) {
            if (!p.distance_m || *p.distance_m >= e.distance_m || *p.distance_m <= 0) continue;
            cp.distance_m = *p.distance_m;
        }
        course.push_back(cp);
    }
    std::stable_sort(course.begin(), course.end(), [](const CoursePoint& a, const CoursePoint& b) {
        return std::pair(a.distance_m, static_cast<int>(a.role)) < std::pair(b.distance_m, static_cast<int>(b.role));
    });
    return course;
}

Instant to_hundredths(Instant t) {
    return std::chrono::floor<std::chrono::duration<std::int64_t, std::centi>>(t);
}

Duration start_delay(Rng& rng, std::size_t rank) {
    // About five runners a second cross a start line; the front is a couple of seconds back.
    const double seconds = 2.0 + static_cast<double>(rank) / 5.0 + rng.uniform(0, 2.0);
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

Plan plan_skeleton(const timing::RaceConfig& config, std::span<const timing::Participant> participants,
                   const PlanOptions& options) {
    if (config.events.empty()) throw Error("the race config has no events: add an [[events]] table");
    if (config.timing_points.size() > 0xFFFF) throw Error("too many timing points");
    if (options.reads_min < 1 || options.reads_max < options.reads_min || options.reads_max > 1000)
        throw Error(fmt::format("reads per crossing {}-{}: expected 1 <= min <= max <= 1000",
                                options.reads_min, options.reads_max));
    for (auto [name, value] : {std::pair{"missed", options.missed}, std::pair{"stray", options.stray},
                               std::pair{"dns", options.dns}, std::pair{"dnf", options.dnf}}) {
        if (!(value >= 0 && value <= 1))
            throw Error(fmt::format("{} = {}: expected a fraction from 0 to 1", name, value));
    }
    Plan plan;
    plan.config = config;
    plan.options = options;
    const auto calendar = config.calendar();
    Rng gun_rng(mix(options.seed, hash("guns")));
    for (const auto& e : config.events) {
        const auto delay = std::chrono::duration_cast<Duration>(options.gun_delay_max * gun_rng.uniform());
        plan.event_guns.push_back(to_hundredths(calendar.at_local(e.start) + delay));
    }
    std::map<std::string, std::string, std::less<>> chip_owner;
    std::set<std::string, std::less<>> bibs;
    for (const auto& p : participants) {
        auto fail = [&](const std::string& why) { return Error(fmt::format("bib {}: {}", p.bib, why)); };
        if (!bibs.insert(p.bib).second) throw fail("appears twice in the participants");
        PlannedRunner r;
        r.bib = p.bib;
        if (p.event.empty()) {
            if (config.events.size() != 1) throw fail("no event, and the race has several");
            r.event = 0;
        } else {
            const auto* e = config.find_event(p.event);
            if (!e) throw fail(fmt::format("unknown event '{}'", p.event));
            r.event = static_cast<std::size_t>(e - config.events.data());
        }
        const auto& waves = config.events[r.event].waves;
        if (!p.wave.empty()) {
            auto it = std::find_if(waves.begin(), waves.end(), [&](const auto& w) { return w.name == p.wave; });
            if (it == waves.end()) throw fail(fmt::format("unknown wave '{}'", p.wave));
            r.wave = static_cast<std::size_t>(it - waves.begin());
        } else if (!waves.empty()) {
            r.wave = 0;  // no wave: the event's first start
        }
        for (const auto& chip : p.chips) {
            if (r.chips.size() == 4) break;  // a crossing carries up to four chips
            if (auto [it, fresh] = chip_owner.emplace(chip, p.bib); !fresh)
                throw fail(fmt::format("chip '{}' is also bib {}'s", chip, it->second));
            r.chips.push_back(static_cast<std::uint32_t>(plan.chips.size()));
            plan.chips.push_back(chip);
        }
        plan.runners.push_back(std::move(r));
    }
    plan.runner_chips = static_cast<std::uint32_t>(plan.chips.size());
    return plan;
}

void add_crossing(Plan& plan, std::uint32_t runner, std::uint16_t point, Instant time) {
    const auto& r = plan.runners.at(runner);
    const auto& tp = plan.config.timing_points.at(point);
    Crossing c;
    c.time = time;
    c.runner = runner;
    c.point = point;
    c.leads_up = tp.role == timing::PointRole::start;
    c.seed = mix(plan.options.seed, hash(r.bib), point);
    Rng rng(mix(c.seed, hash("crossing")));
    // Reads of one passing must stay inside the point's de-duplication window.
    const auto dedup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(tp.dedup_window).count();
    const auto hi = std::min<std::int64_t>(2500, dedup_ms * 8 / 10);
    c.span_ms = static_cast<std::uint16_t>(std::max<std::int64_t>(0, rng.between(std::min<std::int64_t>(300, hi), hi)));
    c.chip_count = static_cast<std::uint8_t>(r.chips.size());
    for (std::size_t i = 0; i < r.chips.size(); ++i) {
        c.chips[i] = r.chips[i];
        if (!rng.chance(plan.options.missed)) c.read_mask |= static_cast<std::uint8_t>(1u << i);
    }
    plan.crossings.push_back(c);
}

void finish_plan(Plan& plan) {
    Rng rng(mix(plan.options.seed, hash("stray")));
    Instant last = plan.event_guns.empty() ? Instant{} : *std::max_element(plan.event_guns.begin(), plan.event_guns.end());
    for (const auto& c : plan.crossings) last = std::max(last, c.time);
    const auto first = plan.event_guns.empty() ? last : *std::min_element(plan.event_guns.begin(), plan.event_guns.end());

    // Stray tags: last year's chips in spectators' pockets, a marshal's tag; a few tags seen
    // several times.
    const auto strays = static_cast<std::size_t>(std::llround(plan.options.stray * static_cast<double>(plan.crossings.size())));
    if (strays > 0 && !plan.config.timing_points.empty()) {
        const auto tags = std::max<std::size_t>(1, strays / 3);
        const auto base = static_cast<std::uint32_t>(plan.chips.size());
        for (std::size_t i = 0; i < tags; ++i) plan.chips.push_back(fmt::format("S{:06}", rng.between(0, 999999)));
        // Distinct codes: a duplicate would be one tag, not two.
        std::set<std::string> seen;
        for (auto i = base; i < plan.chips.size(); ++i)
            while (!seen.insert(plan.chips[i]).second) plan.chips[i] = fmt::format("S{:06}", rng.between(0, 999999));
        for (std::size_t i = 0; i < strays; ++i) {
            Crossing c;
            c.point = static_cast<std::uint16_t>(rng.between(0, static_cast<std::int64_t>(plan.config.timing_points.size()) - 1));
            const auto& tp = plan.config.timing_points[c.point];
            c.leads_up = tp.role == timing::PointRole::start;
            // From just after the first gun (no read before it) to the last crossing.
            const auto window = std::max<std::int64_t>(0, (last - first - 5s).count());
            c.time = to_hundredths(first + 5s + Duration{rng.between(0, window)});
            const auto dedup_ms = std::chrono::duration_cast<std::chrono::milliseconds>(tp.dedup_window).count();
            c.span_ms = static_cast<std::uint16_t>(std::clamp<std::int64_t>(dedup_ms * 8 / 10, 0, 1500));
            c.chip_count = 1;
            c.chips[0] = base + static_cast<std::uint32_t>(rng.between(0, static_cast<std::int64_t>(tags) - 1));
            c.read_mask = 1;
            c.seed = mix(plan.options.seed, hash("stray crossing"), i);
            plan.crossings.push_back(c);
        }
    }
    std::stable_sort(plan.crossings.begin(), plan.crossings.end(), [](const Crossing& a, const Crossing& b) {
        return a.window_start() < b.window_start();
    });

    // A device gun read sets the gun of every event starting at that point, so mark a gun
    // only where the events starting there all share it.
    std::map<std::uint16_t, std::vector<std::size_t>> starting_at;
    for (std::size_t e = 0; e < plan.config.events.size(); ++e)
        for (const auto& cp : course_of(plan.config, e))
            if (cp.role == timing::PointRole::start) starting_at[cp.point].push_back(e);
    plan.guns.clear();
    for (const auto& [point, events] : starting_at) {
        const auto gun = plan.event_guns[events.front()];
        if (std::all_of(events.begin(), events.end(), [&](auto e) { return plan.event_guns[e] == gun; }))
            plan.guns.push_back(GunShot{events.front(), point, gun});
    }
    std::stable_sort(plan.guns.begin(), plan.guns.end(), [](const auto& a, const auto& b) { return a.time < b.time; });

    plan.begin = first;
    plan.end = first;
    for (const auto& c : plan.crossings) plan.end = std::max(plan.end, c.window_end());
    for (const auto& g : plan.guns) plan.end = std::max(plan.end, g.time);
}

}  // namespace detail

Plan build_plan(const timing::RaceConfig& config, std::span<const timing::Participant> participants,
                const PlanOptions& options) {
    auto plan = detail::plan_skeleton(config, participants, options);
    std::vector<std::vector<detail::CoursePoint>> courses;
    for (std::size_t e = 0; e < config.events.size(); ++e) courses.push_back(detail::course_of(config, e));

    struct Profile {
        double t5k = 0;       // seconds for 5 km on a good day
        double seeding = 0;   // where they line up: roughly by pace
    };
    std::vector<Profile> profiles(plan.runners.size());
    for (std::size_t i = 0; i < plan.runners.size(); ++i) {
        auto& r = plan.runners[i];
        Rng rng(mix(options.seed, hash(r.bib), hash("runner")));
        const double o = rng.uniform();
        r.outcome = o < options.dns ? Outcome::dns : o < options.dns + options.dnf ? Outcome::dnf : Outcome::finished;
        const auto& p = participants[i];
        const int age = assumed_age(p, config.date);
        double factor = 1.0;
        if (p.gender == timing::Gender::F) factor *= 1.10;
        if (p.gender == timing::Gender::X) factor *= 1.05;
        if (age < 18) factor *= 1.0 + 0.03 * (18 - age);
        if (age > 35) factor *= 1.0 + 0.01 * (age - 35);
        // Log-normal around 28 min for 5 km: most between 20 and 45 min, walkers up to an
        // hour. Drawn again when outside 15-60 min (clamping would stack runners on the limit).
        double t5k = 0;
        for (int attempt = 0; attempt < 100 && !(t5k >= 15.0 * 60 && t5k <= 60.0 * 60); ++attempt)
            t5k = std::exp(std::log(28.0 * 60) + 0.25 * rng.normal()) * factor;
        profiles[i].t5k = std::clamp(t5k, 15.0 * 60, 60.0 * 60);
        profiles[i].seeding = profiles[i].t5k * std::exp(0.2 * rng.normal());
    }

    // Line-up order per wave, then the start-line crossing.
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::uint32_t>> lineups;
    for (std::uint32_t i = 0; i < plan.runners.size(); ++i)
        lineups[{plan.runners[i].event, plan.runners[i].wave.value_or(0)}].push_back(i);
    for (auto& [key, ids] : lineups) {
        std::stable_sort(ids.begin(), ids.end(), [&](auto a, auto b) { return profiles[a].seeding < profiles[b].seeding; });
        for (std::size_t rank = 0; rank < ids.size(); ++rank) {
            auto& r = plan.runners[ids[rank]];
            Rng rng(mix(options.seed, hash(r.bib), hash("start")));
            r.start = detail::to_hundredths(plan.wave_gun(r.event, r.wave) + detail::start_delay(rng, rank));
        }
    }

    for (std::uint32_t i = 0; i < plan.runners.size(); ++i) {
        auto& r = plan.runners[i];
        if (r.outcome == Outcome::dns) continue;
        const auto& event = config.events[r.event];
        const auto& course = courses[r.event];
        Rng rng(mix(options.seed, hash(r.bib), hash("course")));
        // Riegel: time grows with distance to the power 1.06.
        const double total = profiles[i].t5k * std::pow(event.distance_m / 5000.0, 1.06);
        // Segment paces vary a little and fade towards the end; scaled to the total.
        std::vector<double> marks{0};
        for (const auto& cp : course)
            if (cp.distance_m > marks.back()) marks.push_back(cp.distance_m);
        if (marks.back() < event.distance_m) marks.push_back(event.distance_m);
        std::vector<double> cumulative{0};
        for (std::size_t k = 1; k < marks.size(); ++k) {
            const double length = marks[k] - marks[k - 1];
            const double pace = std::exp(0.03 * rng.normal()) * (1.0 + 0.04 * marks[k] / event.distance_m);
            cumulative.push_back(cumulative.back() + length * pace);
        }
        auto at = [&](double distance) {
            const auto k = static_cast<std::size_t>(std::lower_bound(marks.begin(), marks.end(), distance) - marks.begin());
            const double seconds = total * cumulative[std::min(k, cumulative.size() - 1)] / cumulative.back();
            return detail::to_hundredths(r.start + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds)));
        };
        // A DNF runner passes some of the points before the finish, then stops.
        std::size_t reach = course.size();
        if (r.outcome == Outcome::dnf) {
            const auto before_finish = static_cast<std::size_t>(std::count_if(course.begin(), course.end(), [](const auto& cp) {
                return cp.role != timing::PointRole::finish;
            }));
            reach = before_finish == 0 ? 0 : static_cast<std::size_t>(rng.between(1, static_cast<std::int64_t>(before_finish)));
        } else {
            r.finish = at(event.distance_m);
        }
        for (std::size_t k = 0; k < std::min(reach, course.size()); ++k) {
            const auto& cp = course[k];
            const auto t = cp.role == timing::PointRole::start ? r.start : at(cp.distance_m);
            detail::add_crossing(plan, i, cp.point, t);
        }
    }
    detail::finish_plan(plan);
    return plan;
}

std::string truth_csv(const Plan& plan) {
    const auto calendar = plan.config.calendar();
    // Points where every chip of the runner went unread: results cannot see that crossing.
    std::vector<std::string> missed(plan.runners.size());
    for (const auto& c : plan.crossings) {
        if (c.runner == no_runner || c.read_mask != 0) continue;
        auto& m = missed[c.runner];
        m += (m.empty() ? "" : ";") + plan.config.timing_points[c.point].name;
    }
    std::string out = "bib,event,wave,status,start,finish,net_time,missed\n";
    for (std::size_t i = 0; i < plan.runners.size(); ++i) {
        const auto& r = plan.runners[i];
        const auto& event = plan.config.events[r.event];
        const bool started = r.outcome != Outcome::dns;
        out += fmt::format("{},{},{},{},{},{},{},{}\n", timing::csv_field(r.bib), timing::csv_field(event.name),
                           r.wave ? timing::csv_field(event.waves[*r.wave].name) : "",
                           r.outcome == Outcome::finished ? "FIN" : r.outcome == Outcome::dnf ? "DNF" : "DNS",
                           started ? calendar.local_time(r.start) : "", r.finish ? calendar.local_time(*r.finish) : "",
                           r.finish ? timing::format_duration_ms(*r.net()) : "", timing::csv_field(missed[i]));
    }
    return out;
}

}  // namespace fl::sim
