#include "tests/reference/reference_scorer.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "timing/participant_fields.hpp"

// Written for clarity, not speed: every question (whose read is this, which gun is in force, is
// this correction undone) is answered by looking at all the records again. Quadratic is fine for
// the few hundred rows of a test race.
//
// rules.md fixes times, rounding, crossing order, dead heats and status codes; README.md's
// "Results" section fixes passings, min_time, start_window, clocks, taps and scans, chip against
// manual, corrections and the recording-order tie-break. Where both are silent this scorer makes
// the engine's documented choice and says so ("silent:"), so that a disagreement is about a rule:
// - silent: several recorded guns for one wave: the one recorded last (entry created / read
//   received; on the same moment a device's read after an entry) is in force;
// - silent: a chip listed for two bibs counts for the first in bib order;
// - silent: a bib in two dead-heat declarations belongs to the later one;
// - silent: a manual finish is not held to min_time (README's passings rule is about reads);
// - silent: in a lap race a runner disqualified does not end the others' race by finishing first;
//   crossings at the same instant count in the order they reached us (then as recorded).
namespace fl::reference {
namespace {

using timing::CorrectionKind;
using timing::EntryKind;

template <class T>
std::vector<T> one_per_id(std::span<const T> rows) {
    std::vector<T> out;
    for (const auto& r : rows)
        if (std::none_of(out.begin(), out.end(), [&](const T& x) { return x.id == r.id; })) out.push_back(r);
    std::sort(out.begin(), out.end(), [](const T& a, const T& b) { return a.id < b.id; });
    return out;
}

// README: "the order the finishes were recorded": when the row reached the race file, then a
// read before an entry before a correction, then the row's id.
struct Recorded {
    Instant at{};
    int table = 0;  // 0 read, 1 entry, 2 correction
    std::int64_t id = 0;
    auto operator<=>(const Recorded&) const = default;
};

// ---- corrections ------------------------------------------------------------------------

// A correction is in force unless an undo in force, recorded after it, names it.
bool in_force(const std::vector<timing::Correction>& log, const timing::Correction& c) {
    for (const auto& u : log)
        if (u.kind == CorrectionKind::undo && u.target_id && *u.target_id == c.id && u.id > c.id &&
            in_force(log, u))
            return false;
    return true;
}

struct Corrections {
    std::set<std::int64_t> ignored_reads;
    std::map<std::int64_t, std::string> read_to_bib;
    std::map<std::string, std::string> chip_to_bib;
    struct Finish {
        Instant time;
        Recorded recorded;
    };
    std::map<std::string, Finish> finish;
    std::map<std::string, std::string> dq;
    std::set<std::string> dnf, prefer_manual;
    // bib → (field, value) in the order recorded: replayed in that order, the latest edit of a
    // field wins and an edit that is not valid changes nothing.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> edits;
    std::vector<timing::Correction> set_guns;
    std::map<std::string, std::int64_t> dead_heat_of;  // bib → the declaration naming it last
    std::set<std::int64_t> withdrawn_entries;
};

Corrections read_corrections(const std::vector<timing::Correction>& log) {
    Corrections out;
    for (const auto& c : log) {  // by id: a later correction overrides an earlier one
        if (!in_force(log, c)) continue;
        const bool bib = !c.bib.empty();
        switch (c.kind) {
        case CorrectionKind::ignore_read:
            if (c.read_id) out.ignored_reads.insert(*c.read_id);
            break;
        case CorrectionKind::assign_read:
            if (c.read_id && bib) out.read_to_bib[*c.read_id] = c.bib;
            break;
        case CorrectionKind::assign_chip:
            if (!c.chip.empty() && bib) out.chip_to_bib[c.chip] = c.bib;
            break;
        case CorrectionKind::add_finish:
        case CorrectionKind::move_finish:
            if (c.time && bib) out.finish[c.bib] = {*c.time, {c.created, 2, c.id}};
            break;
        case CorrectionKind::set_gun:
            if (c.time && c.event_id) out.set_guns.push_back(c);
            break;
        case CorrectionKind::dq:
            if (bib) out.dq[c.bib] = c.reason.empty() ? c.data : c.reason;
            break;
        case CorrectionKind::dnf:
            if (bib) out.dnf.insert(c.bib);
            break;
        case CorrectionKind::prefer_manual:
            if (bib) out.prefer_manual.insert(c.bib);
            break;
        case CorrectionKind::dead_heat: {
            std::istringstream words(c.data);
            std::set<std::string> group;
            for (std::string b; words >> b;) group.insert(b);
            if (group.size() >= 2)
                for (const auto& b : group) out.dead_heat_of[b] = c.id;
            break;
        }
        case CorrectionKind::undo:
            if (c.entry_id) out.withdrawn_entries.insert(*c.entry_id);
            break;
        case CorrectionKind::edit_participant: {
            const auto eq = c.data.find('=');
            if (bib && eq != std::string::npos && timing::editable_field(c.data.substr(0, eq)))
                out.edits[c.bib].emplace_back(c.data.substr(0, eq), c.data.substr(eq + 1));
            break;
        }
        }
    }
    return out;
}

// ---- participants -------------------------------------------------------------------------

// "2" before "10": the race file's bib order.
bool bib_before(const std::string& a, const std::string& b) {
    return std::pair(a.size(), a) < std::pair(b.size(), b);
}

struct Runner {
    timing::Participant p;  // as edited
    const timing::EventConfig* event = nullptr;
    const timing::WaveConfig* wave = nullptr;  // nullptr: an event without waves
    std::optional<int> age;
    std::string category;
};

int whole_years(date::year_month_day born, date::year_month_day on) {
    int years = int(on.year()) - int(born.year());
    if (on.month() < born.month() || (on.month() == born.month() && on.day() < born.day())) --years;
    return years;
}

std::string category_of(const timing::Participant& p, std::optional<int> age,
                        const std::vector<int>& bounds) {
    if (!p.category.empty()) return p.category;
    if (!p.gender || !age || bounds.empty()) return {};
    std::size_t g = 0;  // the last group whose lower bound the age reaches (else the first)
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (*age >= bounds[i]) g = i;
    const char letter = timing::to_char(*p.gender);
    if (g + 1 == bounds.size()) return std::string(1, letter) + std::to_string(bounds[g]) + "+";
    return std::string(1, letter) + std::to_string(bounds[g]) + "-" + std::to_string(bounds[g + 1] - 1);
}

Runner make_runner(const timing::RaceConfig& config, timing::Participant p, const Corrections& cs) {
    if (auto it = cs.edits.find(p.bib); it != cs.edits.end()) {
        for (const auto& [field, value] : it->second) {  // an edit that is not valid changes nothing
            if (field == "name") p.name = value;
            else if (field == "team") p.team = value;
            else if (field == "category") p.category = value;
            else if (field == "wave") p.wave = value;
            else if (field == "gender") {
                if (value.empty()) p.gender.reset();
                else if (auto g = timing::parse_gender(value)) p.gender = g;
            } else if (field == "age") {
                if (auto a = timing::parse_age(value)) {
                    p.age = a;
                    p.birthdate.reset();
                }
            } else if (field == "birthdate") {
                if (auto d = timing::parse_birthdate(value, config.date)) p.birthdate = d;
            } else if (field == "event") {
                if (config.find_event(value)) p.event = value;
            }
        }
    }
    Runner r;
    r.p = std::move(p);
    r.event = config.find_event(r.p.event);
    if (r.event && !r.event->waves.empty()) {
        r.wave = &r.event->waves.front();  // no wave, or one the event lacks: the first start
        for (const auto& w : r.event->waves)
            if (w.name == r.p.wave) r.wave = &w;
    }
    if (r.p.birthdate) {
        const auto on = config.categories.age_on == timing::AgeOn::year_end
                            ? date::year_month_day{config.date.year(), date::December, date::day{31}}
                            : config.date;
        r.age = whole_years(*r.p.birthdate, on);
    } else {
        r.age = r.p.age;
    }
    r.category = category_of(r.p, r.age, config.categories.age_groups);
    return r;
}

// ---- reads and clocks ------------------------------------------------------------------------

Duration reader_offset(const timing::RaceConfig& config, std::span<const timing::ClockSync> syncs,
                       std::int64_t reader_id) {
    for (const auto& rd : config.readers)
        if (rd.id == reader_id && rd.clock_offset) return *rd.clock_offset;
    const timing::ClockSync* latest = nullptr;
    for (const auto& s : syncs)
        if (s.reader_id == reader_id &&
            (!latest || std::pair(s.measured, s.offset) > std::pair(latest->measured, latest->offset)))
            latest = &s;
    return latest ? latest->offset : Duration{0};
}

const timing::TimingPointConfig* point_of(const timing::RaceConfig& config, const timing::Read& r) {
    if (!r.timing_point_id || (r.flags & timing::read_flag_unknown_location)) return nullptr;
    for (const auto& p : config.timing_points)
        if (p.id == *r.timing_point_id) return &p;
    return nullptr;
}

// A read that can be scored: a good device time at a timing point of the race.
bool scorable(const timing::RaceConfig& config, const timing::Read& r) {
    return r.kind != timing::ReadKind::marker && r.device_time &&
           !(r.flags & (timing::read_flag_bad_time | timing::read_flag_impossible_time)) &&
           point_of(config, r);
}

// The role a timing point plays in an event, if the event uses it.
std::optional<timing::PointRole> role_in(const timing::EventConfig& e, const timing::TimingPointConfig& p) {
    if (!e.timing_points.empty() &&
        std::find(e.timing_points.begin(), e.timing_points.end(), p.name) == e.timing_points.end())
        return std::nullopt;
    if (p.role == timing::PointRole::lap && e.type != timing::EventType::laps && e.type != timing::EventType::backyard)
        return std::nullopt;  // only laps (loops) count there
    return p.role;
}

struct Scoring {
    const timing::RaceConfig& config;
    std::vector<Runner> runners;  // bib order, one per bib
    std::vector<timing::Read> reads;
    std::vector<timing::Entry> entries;
    std::vector<timing::Correction> log;
    std::span<const timing::ClockSync> syncs;
    Corrections cs;

    const Runner* runner_of(const std::string& bib) const {
        for (const auto& r : runners)
            if (r.p.bib == bib) return &r;
        return nullptr;
    }

    Instant true_time(const timing::Read& r) const {
        return *r.device_time + reader_offset(config, syncs, r.reader_id);
    }

    bool withdrawn(const timing::Entry& e) const { return cs.withdrawn_entries.count(e.id) > 0; }

    // Whose read it is: assign_read, else the chip's owner (assign_chip, else the first runner in
    // bib order listing the chip). A correction naming a bib nobody has changes nothing.
    const Runner* owner(const timing::Read& r) const {
        if (cs.ignored_reads.count(r.id)) return nullptr;
        if (auto it = cs.read_to_bib.find(r.id); it != cs.read_to_bib.end())
            if (const auto* who = runner_of(it->second)) return who;
        if (auto it = cs.chip_to_bib.find(r.chip); it != cs.chip_to_bib.end())
            if (const auto* who = runner_of(it->second)) return who;
        for (const auto& run : runners)
            if (std::find(run.p.chips.begin(), run.p.chips.end(), r.chip) != run.p.chips.end()) return &run;
        return nullptr;
    }

    // The gun in force for a wave: the latest set_gun correction for it or its event, else the
    // gun recorded last (a gun entry, or a device's gun read at the event's start point — its
    // finish when it has none), else the schedule. An event-wide gun starts each wave at its offset.
    Instant gun(const timing::EventConfig& e, const timing::WaveConfig* w) const {
        const auto wave_id = w ? w->id : 0;
        const auto offset = w ? w->offset : Duration{0};
        const timing::Correction* set = nullptr;
        for (const auto& c : cs.set_guns)
            if (*c.event_id == e.id && (!c.wave_id || *c.wave_id == wave_id) && (!set || c.id > set->id)) set = &c;
        if (set) return *set->time + (set->wave_id ? Duration{0} : offset);

        std::optional<std::pair<Recorded, Instant>> recorded;
        auto consider = [&](Recorded when, Instant at) {
            if (!recorded || when > recorded->first) recorded = {when, at};
        };
        // silent: see the top of the file (several recorded guns).
        for (const auto& en : entries)
            if (en.kind == EntryKind::gun && !withdrawn(en) && (!en.event_id || *en.event_id == e.id) &&
                (!en.wave_id || *en.wave_id == wave_id))
                consider({en.created, 0, en.id}, en.time + (en.wave_id ? Duration{0} : offset));
        bool has_start = false;
        for (const auto& p : config.timing_points)
            if (role_in(e, p) == timing::PointRole::start) has_start = true;
        for (const auto& r : reads) {
            if (r.kind != timing::ReadKind::gun || !scorable(config, r)) continue;
            const auto role = role_in(e, *point_of(config, r));
            if (role == timing::PointRole::start ||
                (!has_start && (role == timing::PointRole::finish || role == timing::PointRole::lap)))
                consider({r.receive_time, 1, r.id}, true_time(r) + offset);
        }
        if (recorded) return recorded->second;
        return config.calendar().at_local(e.start) + offset;
    }

    // Manual finishes of a bib: finish entries, and scans timed by the tap they pair with (the
    // n-th tap in force with the n-th scan in force; a scan without a tap keeps its own time).
    // The earliest counts.
    struct Manual {
        Instant time;
        Instant known;
        std::int64_t id;
        Recorded recorded;
        RefFinishFrom from;
    };
    std::vector<Manual> manual_times(const std::string& bib) const {
        std::vector<Manual> found;
        std::vector<const timing::Entry*> taps, scans;
        for (const auto& en : entries) {
            if (withdrawn(en)) continue;
            if (en.kind == EntryKind::tap) taps.push_back(&en);
            if (en.kind == EntryKind::scan) scans.push_back(&en);
            if (en.kind == EntryKind::finish && en.bib == bib)
                found.push_back({en.time, en.created, en.id, {en.created, 1, en.id}, RefFinishFrom::manual});
        }
        for (std::size_t n = 0; n < scans.size(); ++n) {
            const auto& s = *scans[n];
            if (s.bib != bib) continue;
            if (n < taps.size())
                found.push_back({taps[n]->time, std::max(s.created, taps[n]->created), s.id,
                                 {taps[n]->created, 1, taps[n]->id}, RefFinishFrom::scan});
            else
                found.push_back({s.time, s.created, s.id, {s.created, 1, s.id}, RefFinishFrom::scan});
        }
        return found;
    }
    std::optional<Manual> manual_finish(const std::string& bib) const {
        std::optional<Manual> best;
        for (const auto& m : manual_times(bib))
            if (!best || std::tie(m.time, m.known, m.id, m.recorded) < std::tie(best->time, best->known, best->id, best->recorded))
                best = m;
        return best;
    }

    // A lap race's candidate lap: a crossing of the lap line from any source.
    struct Lap {
        Instant time;
        Instant known;
        Recorded recorded;
        RefFinishFrom from;
    };
    struct Scored {
        RefRunner out;
        Recorded recorded;  // how the finish in use was recorded
        std::vector<Lap> laps;  // a lap race: the laps counted, before any leader's finish
    };

    // README "Laps and fixed-time races": a crossing is a lap when it comes min_lap_time after
    // the previous lap (the start for the first), up to `laps` laps and within time_limit of
    // the gun.
    std::vector<Lap> count_laps(const Runner& run, const std::vector<Lap>& crossings, Instant g, Instant from) const {
        const auto& e = *run.event;
        std::vector<Lap> out;
        auto previous = from;
        for (const auto& c : crossings) {
            if (e.time_limit && c.time > g + *e.time_limit) break;
            if (c.time - previous < e.min_lap_time) continue;
            out.push_back(c);
            previous = c.time;
            if (e.laps && static_cast<int>(out.size()) == *e.laps) break;
        }
        return out;
    }

    // README "Backyard ultras": loop k runs from gun + (k−1)·interval to gun + k·interval and is
    // finished by a crossing at least min_lap_time after it began and before the next began;
    // the first loop not finished ends the runner's race.
    std::vector<Lap> count_loops(const Runner& run, const std::vector<Lap>& crossings, Instant g) const {
        const auto& e = *run.event;
        std::vector<Lap> out;
        for (int k = 1;; ++k) {
            const auto begins = g + (k - 1) * e.interval;
            const Lap* done = nullptr;
            for (const auto& c : crossings)
                if (c.time >= begins + e.min_lap_time && c.time < begins + e.interval) {
                    done = &c;
                    break;
                }
            if (!done) return out;
            out.push_back(*done);
        }
    }

    // The finish a lap race uses (the last lap), the status and the times.
    void settle_laps(Scored& s, const Runner& run, bool started) const {
        auto& o = s.out;
        o.laps.clear();
        for (const auto& l : s.laps) o.laps.push_back(l.time);
        o.finish.reset();
        o.finish_from = RefFinishFrom::none;
        s.recorded = {};
        if (!s.laps.empty()) {
            o.finish = s.laps.back().time;
            o.finish_from = s.laps.back().from;
            s.recorded = s.laps.back().recorded;
        }
        decide(o, run, started || o.finish.has_value());
    }

    void decide(RefRunner& o, const Runner& run, bool started) const {
        if (auto it = cs.dq.find(run.p.bib); it != cs.dq.end()) o.status = RefStatus::dq;
        else if (cs.dnf.count(run.p.bib)) o.status = RefStatus::dnf;
        else if (o.finish) o.status = RefStatus::finished;
        else if (started) o.status = RefStatus::dnf;
        else o.status = RefStatus::dns;
        o.gun_time.reset();
        o.net_time.reset();
        o.over_cutoff = false;
        if (o.finish) {
            o.gun_time = *o.finish - o.gun;
            o.net_time = *o.finish - o.start.value_or(o.gun);
            o.over_cutoff = run.event->cutoff && *o.gun_time > *run.event->cutoff;  // "a finish after the cut-off"
        }
    }

    Scored score(const Runner& run) const {
        Scored s;
        auto& o = s.out;
        o.bib = run.p.bib;
        o.team = run.p.team;
        o.gender = run.p.gender;
        o.age = run.age;
        o.category = run.category;
        const auto& e = *run.event;
        o.wave = run.wave ? run.wave->name : "";
        const auto g = gun(e, run.wave);
        o.gun = g;

        struct Mine {
            Instant time;
            const timing::Read* read;
            const timing::TimingPointConfig* point;
            timing::PointRole role;
        };
        std::vector<Mine> mine;
        for (const auto& r : reads) {
            if (r.kind != timing::ReadKind::tag || !scorable(config, r) || owner(r) != &run) continue;
            const auto* p = point_of(config, r);
            if (auto role = role_in(e, *p)) mine.push_back({true_time(r), &r, p, *role});
        }
        std::sort(mine.begin(), mine.end(), [](const Mine& a, const Mine& b) {
            return std::pair(a.time, a.read->id) < std::pair(b.time, b.read->id);
        });

        bool started = false;
        for (const auto& m : mine) {
            if (m.time >= g) started = true;
            // Start: the last crossing of the start mat within the start window after the gun.
            if (m.role == timing::PointRole::start && m.time >= g && m.time <= g + e.start_window)
                o.start = m.time;
        }
        // Splits: the first passing at or after the gun.
        for (const auto& p : config.timing_points) {
            if (role_in(e, p) != timing::PointRole::split) continue;
            std::optional<Instant> passing_began;
            for (const auto& m : mine) {
                if (m.point != &p) continue;
                if (passing_began && m.time <= *passing_began + p.dedup_window) continue;
                passing_began = m.time;
                if (m.time >= g) {
                    o.splits[p.name] = m.time;
                    break;
                }
            }
        }
        // Chip finish: the first passing at a finish point that begins at or after gun + min_time.
        // A passing is a read and every read of the runner at that point within the point's
        // de-duplication window after it.
        std::optional<Mine> chip;
        for (const auto& p : config.timing_points) {
            if (role_in(e, p) != timing::PointRole::finish) continue;
            std::optional<Instant> passing_began;
            for (const auto& m : mine) {
                if (m.point != &p) continue;
                if (passing_began && m.time <= *passing_began + p.dedup_window) continue;
                passing_began = m.time;
                if (m.time >= g + e.min_time) {
                    if (!chip || m.time < chip->time) chip = m;
                    break;
                }
            }
        }
        if (e.type == timing::EventType::laps || e.type == timing::EventType::backyard) {
            // Every crossing of the lap line is a candidate: chip reads at its lap and finish
            // points from the gun, finish entries, scans and a finish correction.
            std::vector<Lap> crossings;
            for (const auto& m : mine)
                if ((m.role == timing::PointRole::lap || m.role == timing::PointRole::finish) && m.time >= g)
                    crossings.push_back({m.time, m.read->receive_time, {m.read->receive_time, 0, m.read->id}, RefFinishFrom::chip});
            for (const auto& m : manual_times(run.p.bib)) crossings.push_back({m.time, m.known, m.recorded, m.from});
            if (auto it = cs.finish.find(run.p.bib); it != cs.finish.end())
                crossings.push_back({it->second.time, it->second.recorded.at, it->second.recorded, RefFinishFrom::correction});
            std::sort(crossings.begin(), crossings.end(), [](const Lap& a, const Lap& b) {
                return std::tie(a.time, a.known, a.recorded) < std::tie(b.time, b.known, b.recorded);
            });
            s.laps = e.type == timing::EventType::backyard ? count_loops(run, crossings, g)
                                                           : count_laps(run, crossings, g, o.start.value_or(g));
            settle_laps(s, run, started);
            return s;
        }
        const auto manual = manual_finish(run.p.bib);

        if (auto it = cs.finish.find(run.p.bib); it != cs.finish.end()) {
            o.finish = it->second.time;
            o.finish_from = RefFinishFrom::correction;
            s.recorded = it->second.recorded;
        } else if (chip && !(manual && cs.prefer_manual.count(run.p.bib))) {
            o.finish = chip->time;
            o.finish_from = RefFinishFrom::chip;
            s.recorded = {chip->read->receive_time, 0, chip->read->id};
        } else if (manual) {
            o.finish = manual->time;
            o.finish_from = manual->from;
            s.recorded = manual->recorded;
        }

        decide(o, run, started);
        return s;
    }
};

std::optional<std::int64_t> dead_heat_of(const Corrections& cs, const std::string& bib) {
    auto it = cs.dead_heat_of.find(bib);
    if (it == cs.dead_heat_of.end()) return std::nullopt;
    return it->second;
}

}  // namespace

std::vector<RefEvent> score_race(const timing::RaceConfig& config,
                                 std::span<const timing::Participant> participants,
                                 const RefRecords& records) {
    Scoring sc{config, {}, one_per_id(records.reads), one_per_id(records.entries),
               one_per_id(records.corrections), records.clock_syncs, {}};
    sc.cs = read_corrections(sc.log);

    std::vector<timing::Participant> list(participants.begin(), participants.end());
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return bib_before(a.bib, b.bib); });
    for (auto& p : list)  // a bib listed twice: the first counts
        if (!sc.runner_of(p.bib)) sc.runners.push_back(make_runner(config, p, sc.cs));

    std::vector<RefEvent> out;
    for (const auto& e : config.events) {
        RefEvent ev;
        ev.name = e.name;
        ev.rank_by_net = e.rank_by == timing::RankBy::net;
        std::vector<std::pair<const Runner*, Scoring::Scored>> all;
        for (const auto& run : sc.runners)
            if (run.event == &e) all.emplace_back(&run, sc.score(run));
        if (e.type == timing::EventType::laps && e.laps && !e.lapped_continue) {
            // The first to complete the race's laps (disqualified runners aside) ends it: every
            // other runner's race ends with their first lap at or after that moment.
            std::optional<Instant> leader;
            for (const auto& [run, s] : all)
                if (static_cast<int>(s.laps.size()) == *e.laps && !sc.cs.dq.count(run->p.bib) &&
                    (!leader || s.laps.back().time < *leader))
                    leader = s.laps.back().time;
            if (leader)
                for (auto& [run, s] : all) {
                    auto over = std::find_if(s.laps.begin(), s.laps.end(), [&](const Scoring::Lap& l) { return l.time >= *leader; });
                    if (over == s.laps.end()) continue;
                    s.laps.erase(over + 1, s.laps.end());
                    sc.settle_laps(s, *run, true);
                }
        }
        std::vector<Scoring::Scored> finishers;
        for (auto& [run, s] : all) {
            if (s.out.status == RefStatus::finished) finishers.push_back(std::move(s));
            else ev.others.push_back(std::move(s.out));
        }
        // Places: by the event's time (unrounded), then who crossed first, then the order the
        // finishes were recorded.
        auto rank_time = [&](const RefRunner& r) {
            return e.rank_by == timing::RankBy::gun ? *r.gun_time : *r.net_time;
        };
        // A lap race ranks by laps first, most first (README "Laps and fixed-time races").
        std::stable_sort(finishers.begin(), finishers.end(), [&](const auto& a, const auto& b) {
            return std::tuple(-static_cast<int>(a.out.laps.size()), rank_time(a.out), *a.out.finish, a.recorded) <
                   std::tuple(-static_cast<int>(b.out.laps.size()), rank_time(b.out), *b.out.finish, b.recorded);
        });
        // A place is the position in its list, unless the runner before in that same list is in
        // the same declared dead heat: then the place is shared.
        auto place_in = [&](auto same_list, std::optional<int> RefRunner::*field, bool mark) {
            int count = 0;
            RefRunner* prev = nullptr;
            for (auto& f : finishers) {
                auto& r = f.out;
                if (!same_list(r)) continue;
                ++count;
                const auto heat = dead_heat_of(sc.cs, r.bib);
                if (prev && heat && heat == dead_heat_of(sc.cs, prev->bib)) {
                    r.*field = prev->*field;
                    if (mark) r.dead_heat = prev->dead_heat = true;
                } else {
                    r.*field = count;
                }
                prev = &r;
            }
        };
        place_in([](const RefRunner&) { return true; }, &RefRunner::place, true);
        for (auto gender : {timing::Gender::M, timing::Gender::F, timing::Gender::X})
            place_in([&](const RefRunner& r) { return sc.runner_of(r.bib)->p.gender == gender; },
                     &RefRunner::gender_place, false);
        std::set<std::string> categories;
        for (const auto& f : finishers)
            if (!f.out.category.empty()) categories.insert(f.out.category);
        for (const auto& c : categories)
            place_in([&](const RefRunner& r) { return r.category == c; }, &RefRunner::category_place, false);
        for (auto& f : finishers) ev.finishers.push_back(std::move(f.out));
        out.push_back(std::move(ev));
    }
    return out;
}

std::string_view to_string(RefStatus s) {
    switch (s) {
    case RefStatus::finished: return "FIN";
    case RefStatus::dnf: return "DNF";
    case RefStatus::dns: return "DNS";
    case RefStatus::dq: return "DQ";
    }
    return "?";
}

std::string_view to_string(RefFinishFrom f) {
    switch (f) {
    case RefFinishFrom::none: return "none";
    case RefFinishFrom::chip: return "chip";
    case RefFinishFrom::manual: return "manual";
    case RefFinishFrom::scan: return "scan";
    case RefFinishFrom::correction: return "correction";
    }
    return "?";
}

}  // namespace fl::reference
