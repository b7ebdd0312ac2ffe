#pragma once
// The property tests' random races: seeded streams of reads (duplicates, resends of a crossing,
// bad and impossible times, unknown points, device guns, markers), entries (finishes, scans,
// taps, guns), corrections of every kind (undos of corrections and of entries) and clock syncs,
// for the 24 runners of race_toml. The same seed gives the same stream.
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "results/engine.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {

using namespace std::chrono_literals;
using timing::CorrectionKind;
using timing::EntryKind;

using Record = std::variant<timing::Read, timing::Entry, timing::Correction, timing::ClockSync>;

// run: the two point-to-point events of race_toml. laps: the same events as lap races (README
// "Laps and fixed-time races"): the 10K 4 laps of at least 5 minutes, lapped runners stopping on
// the leader's lap; the 5K laps of at least 4 minutes for 45 minutes. backyard: the 10K a
// backyard ultra of 20-minute loops (at least 5 minutes each), the 5K 3 laps that lapped runners
// run whole (lapped_continue).
enum class Format { run, laps, backyard };

class Stream {
public:
    // `grain`: every time and delay is a multiple of it. The default (1 ms) makes equal times
    // rare; a coarse grain (a minute) makes them common, as hand timing to the second does, so that
    // the tie-break rules (crossing order, then recording order) are exercised.
    explicit Stream(std::uint64_t seed, std::chrono::milliseconds grain = std::chrono::milliseconds{1},
                    Format format = Format::run)
        : config_(make_config(format)), laps_(format != Format::run), grain_(grain.count()), rng_(seed),
          calendar_(config_.calendar()) {
        for (int i = 1; i <= 24; ++i) participants_.push_back(make_person(i));
    }

    std::vector<timing::Participant> participants_;
    int entry_undos = 0;  // UNDO E<id> generated so far (the guard test checks there are some)
    timing::RaceConfig config_;

    static timing::RaceConfig make_config(Format format) {
        auto c = timing::parse_config(race_toml, "property");
        if (format == Format::laps) {
            auto& ten = c.events[0];
            ten.type = timing::EventType::laps;
            ten.laps = 4;
            ten.min_lap_time = 5min;
            auto& five = c.events[1];
            five.type = timing::EventType::laps;
            five.time_limit = 45min;
            five.min_lap_time = 4min;
        }
        if (format == Format::backyard) {
            auto& ten = c.events[0];
            ten.type = timing::EventType::backyard;
            ten.interval = 20min;
            ten.min_lap_time = 5min;
            auto& five = c.events[1];
            five.type = timing::EventType::laps;
            five.laps = 3;
            five.min_lap_time = 4min;
            five.lapped_continue = true;
        }
        // Team tables of every kind (README "Teams"), scored by both from the same tables.
        auto team = [](std::string name, std::string event, timing::TeamScoring scoring, int size) {
            timing::TeamConfig t;
            t.name = std::move(name);
            t.event = std::move(event);
            t.scoring = scoring;
            t.size = size;
            return t;
        };
        c.teams.push_back(team("10K XC", "10K", timing::TeamScoring::places, 3));
        c.teams.back().displacers = 1;
        c.teams.push_back(team("10K clubs", "10K", timing::TeamScoring::places, 2));
        c.teams.push_back(team("10K mixed", "10K", timing::TeamScoring::time, 3));
        c.teams.back().min_women = 1;
        c.teams.back().min_men = 1;
        c.teams.push_back(team("5K nth", "5K", timing::TeamScoring::nth, 2));
        return Engine(c, {}).config();  // the ids the engine gives an unstored config
    }

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

    timing::Participant make_person(int i) {
        timing::Participant p;
        p.id = i;
        p.bib = std::to_string(i);
        p.name = fmt::format("Runner {}", i);
        const int g = pick(0, 6);
        if (g < 3) p.gender = timing::Gender::M;
        else if (g < 6) p.gender = timing::Gender::F;
        else if (chance(0.5)) p.gender = timing::Gender::X;
        if (chance(0.7)) p.birthdate = date::year_month_day{date::year{pick(1940, 2012)}, date::month{unsigned(pick(1, 12))}, date::day{unsigned(pick(1, 28))}};
        else if (chance(0.8)) p.age = pick(8, 85);
        p.event = i % 4 == 0 ? "5K" : "10K";
        if (p.event == "10K") p.wave = i % 3 == 0 ? "B" : (i % 3 == 1 ? "A" : "");
        p.chips = {fmt::format("C{}", i)};
        if (i % 7 == 0) p.chips.push_back(fmt::format("D{}", i));
        if (i % 11 == 0) p.category = "ELITE";
        // Spellings of two clubs, and no team (not drawn from the stream: the races stay the same).
        static const char* const teams[] = {"Harriers", " harriers  ", "Road Club", "road  CLUB", "individual", ""};
        p.team = teams[(i * 7) % 6];
        return p;
    }

    // A random delay in [lo, hi] ms, rounded down to the grain.
    std::chrono::milliseconds ms(std::int64_t lo, std::int64_t hi) {
        const auto v = std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
        const auto floor = v >= 0 ? v / grain_ : -((-v + grain_ - 1) / grain_);
        return std::chrono::milliseconds(floor * grain_);
    }

    timing::Instant time_near(int min_lo, int min_hi) {
        const auto base = calendar_.at_local(std::chrono::hours(9));
        return base + ms(std::int64_t{min_lo} * 60'000, std::int64_t{min_hi} * 60'000);
    }
    std::string any_bib() { return chance(0.05) ? "404" : std::to_string(pick(1, 26)); }
    std::string any_chip() {
        const int k = pick(0, 99);
        if (k < 80) return fmt::format("C{}", pick(1, 26));
        if (k < 85) return fmt::format("D{}", 7 * pick(1, 3));
        return fmt::format("U{}", pick(0, 4));
    }

    timing::Read new_read() {
        timing::Read r;
        r.id = ++read_id_;
        r.device_seq = r.id;
        if (!reads_.empty() && chance(0.15)) {  // a second read of an earlier crossing
            const auto& prev = reads_[static_cast<std::size_t>(pick(0, static_cast<int>(reads_.size()) - 1))];
            r.chip = prev.chip;
            r.timing_point_id = prev.timing_point_id;
            r.reader_id = prev.reader_id;
            r.device_time = prev.device_time ? *prev.device_time + ms(-3000, 7000)
                                             : calendar_.now();
        } else {
            r.chip = any_chip();
            // A lap race's runners cross the line again and again.
            const int point = laps_ && chance(0.5) ? 3 : pick(1, 3);
            r.timing_point_id = point;
            r.reader_id = point == 3 && chance(0.3) ? rd_backup : point;
            r.device_time = time_near(-6, 100);
        }
        r.receive_time = *r.device_time + ms(0, 120'000);
        const int odd = pick(0, 99);
        if (odd < 2) {
            r.device_time.reset();
            r.flags = timing::read_flag_bad_time;
        } else if (odd < 3) {
            r.flags = timing::read_flag_impossible_time;
        } else if (odd < 4) {
            r.timing_point_id = 99;
        } else if (odd < 6) {
            r.kind = timing::ReadKind::gun;
            r.chip.clear();
            r.timing_point_id = pt_start;
            r.device_time = time_near(-1, 2);
        } else if (odd < 7) {
            r.kind = timing::ReadKind::marker;
        }
        reads_.push_back(r);
        return r;
    }

    timing::Entry new_entry() {
        timing::Entry e;
        e.id = ++entry_id_;
        e.source = chance(0.5) ? "marshal" : "scanner";
        e.time = time_near(10, 80);
        e.created = e.time + ms(0, 90'000);
        const int k = pick(0, 9);
        if (k < 3) {
            e.kind = EntryKind::finish;
            e.bib = any_bib();
        } else if (k < 6) {
            e.kind = EntryKind::scan;
            e.bib = any_bib();
        } else if (k < 9) {
            e.kind = EntryKind::tap;
        } else {
            e.kind = EntryKind::gun;
            e.time = time_near(-1, 3);
            if (chance(0.8)) e.event_id = pick(1, 2);
            if (e.event_id == ev10k && chance(0.5)) e.wave_id = pick(1, 2);
        }
        return e;
    }

    timing::Correction new_correction() {
        timing::Correction c;
        c.id = ++correction_id_;
        c.who = "prop";
        c.created = time_near(30, 120);
        auto read_ref = [&] { return chance(0.9) && read_id_ > 0 ? pick(1, static_cast<int>(read_id_)) : static_cast<int>(read_id_) + pick(1, 5); };
        switch (pick(0, 12)) {
        case 0: c.kind = CorrectionKind::ignore_read; c.read_id = read_ref(); break;
        case 1: c.kind = CorrectionKind::assign_read; c.read_id = read_ref(); c.bib = any_bib(); break;
        case 2: c.kind = CorrectionKind::assign_chip; c.chip = any_chip(); c.bib = any_bib(); break;
        case 3: c.kind = CorrectionKind::add_finish; c.bib = any_bib(); c.time = time_near(15, 70); break;
        case 4: c.kind = CorrectionKind::move_finish; c.bib = any_bib(); c.time = time_near(15, 70); break;
        case 5:
            c.kind = CorrectionKind::set_gun;
            c.event_id = pick(1, 2);
            if (c.event_id == ev10k && chance(0.5)) c.wave_id = pick(1, 2);
            c.time = time_near(-2, 2);
            break;
        case 6: c.kind = CorrectionKind::dq; c.bib = any_bib(); c.reason = "rule 144"; break;
        case 7: c.kind = CorrectionKind::dnf; c.bib = any_bib(); break;
        case 8: c.kind = CorrectionKind::dead_heat; c.data = fmt::format("{} {}", any_bib(), any_bib()); break;
        case 9: c.kind = CorrectionKind::prefer_manual; c.bib = any_bib(); break;
        case 10:
        case 11:
            c.kind = CorrectionKind::undo;
            if (entry_id_ > 0 && chance(0.4)) {
                // UNDO E<id>: withdraw an entry (sometimes one not stored yet).
                c.entry_id = pick(1, static_cast<int>(entry_id_) + 2);
                ++entry_undos;
            } else {
                c.target_id = correction_id_ > 1 ? pick(1, static_cast<int>(correction_id_) - 1) : 1;
            }
            break;
        default: {
            c.kind = CorrectionKind::edit_participant;
            c.bib = any_bib();
            static const char* edits[] = {"gender=F", "gender=M", "gender=Q", "age=47", "age=x",
                                          "birthdate=1970-01-01", "category=VIP", "category=",
                                          "event=5K", "event=10K", "event=Marathon", "wave=B",
                                          "wave=A", "wave=Z", "name=Renamed", "team=Club"};
            c.data = edits[pick(0, 15)];
        }
        }
        return c;
    }

    timing::ClockSync new_sync() {
        return {pick(1, 4), time_near(-60, 60), ms(-3000, 3000)};
    }

    Record next() {
        const int k = pick(0, 99);
        if (k < 60) return new_read();
        if (k < 78) return new_entry();
        if (k < 96) return new_correction();
        return new_sync();
    }

private:
    bool laps_;
    std::int64_t grain_;
    std::mt19937_64 rng_;
    timing::RaceCalendar calendar_;
    std::vector<timing::Read> reads_;
    std::int64_t read_id_ = 0, entry_id_ = 0, correction_id_ = 0;
};

// How the stream's rows reach an engine, as they reach a service: each step either an import
// between two rows (one step in a hundred: a new runner wearing a chip seen before, one gone)
// or the stream's next row — one in ten held back to arrive up to 20 steps late, out of id order.
class Arrivals {
public:
    explicit Arrivals(Stream& stream) : stream_(stream), participants_(stream.participants_) {}

    // The rows arriving at `step` (an import is given to `engine` instead).
    std::vector<Record> at(int step, Engine& engine) {
        std::vector<Record> now;
        if (stream_.chance(0.01)) {
            participants_.push_back(stream_.make_person(static_cast<int>(participants_.size()) + 1));
            participants_.back().chips = {fmt::format("U{}", stream_.pick(0, 4))};
            participants_.erase(participants_.begin() + stream_.pick(0, static_cast<int>(participants_.size()) - 2));
            engine.set_participants(participants_);
        } else {
            auto r = stream_.next();
            if (stream_.chance(0.1)) held_.emplace_back(step + stream_.pick(1, 20), std::move(r));
            else now.push_back(std::move(r));
        }
        while (!held_.empty() && held_.front().first <= step) {
            now.push_back(std::move(held_.front().second));
            held_.pop_front();
        }
        return now;
    }
    const std::vector<timing::Participant>& participants() const { return participants_; }

private:
    Stream& stream_;
    std::vector<timing::Participant> participants_;
    std::deque<std::pair<int, Record>> held_;
};

inline void feed(Engine& e, const Record& r) {
    std::visit([&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, timing::Read>) e.add_read(x);
        else if constexpr (std::is_same_v<T, timing::Entry>) e.add_entry(x);
        else if constexpr (std::is_same_v<T, timing::Correction>) e.add_correction(x);
        else e.add_clock_sync(x);
    }, r);
}

}  // namespace fl::results::test
