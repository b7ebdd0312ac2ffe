#include "results/runner_score.hpp"

#include <algorithm>
#include <vector>

#include "results/backyard.hpp"

namespace fl::results {

void choose_finish(RunnerScore& s, const std::optional<ManualFinish>& manual, const BibCorrections* corr) {
    s.finish.reset();
    s.finish_known.reset();
    s.recorded = {};
    s.source = FinishSource::none;
    if (corr && corr->finish) {
        s.finish = timing::to_micros(*corr->finish);
        s.finish_known = timing::to_micros(*corr->finish_known);
        s.recorded = {*s.finish_known, RecordTable::correction, corr->finish_id};
        s.source = FinishSource::correction;
    } else if (s.chip.finish && !(manual && corr && corr->prefer_manual)) {
        const auto& read = *s.chip.finish;
        s.finish = read.time;
        s.finish_known = read.receive;
        s.recorded = {read.receive, RecordTable::read, read.id};
        s.source = FinishSource::chip;
    } else if (manual) {
        s.finish = manual->time.time;
        s.finish_known = manual->time.known;
        s.recorded = manual->time.recorded;
        s.source = manual->source;
    }
}

void decide_status(RunnerScore& s, const BibCorrections* corr) {
    s.declared_dnf = false;
    s.dq_reason.clear();
    if (corr && corr->dq_reason) {
        s.status = Status::dq;
        s.dq_reason = *corr->dq_reason;
    } else if (corr && corr->dnf) {
        s.status = Status::dnf;
        s.declared_dnf = true;
    } else if (s.finish) {
        s.status = Status::finished;
    } else if (s.started) {
        s.status = Status::dnf;
    } else {
        s.status = Status::dns;
    }
}

namespace {

void count_lap_race(const EventLayout& event, std::span<const LapCrossing> crossings, RunnerScore& out);
void settle_last_lap(RunnerScore& out, const BibCorrections* corrections);

// A lap race or a backyard ultra: the runner's crossings of the lap line, from every source, by
// time, and the laps (loops) they make.
void score_laps(const EventLayout& event, std::span<const ManualTime> finishes, std::span<const ManualTime> scans,
                const BibCorrections* corrections, RunnerScore& out) {
    const auto& c = *event.config;
    std::vector<LapCrossing> crossings;
    crossings.reserve(out.chip.laps.size() + finishes.size() + scans.size() + 1);
    for (const auto& r : out.chip.laps)
        crossings.push_back({r.time, r.receive, {r.receive, RecordTable::read, r.id}, FinishSource::chip});
    for (const auto& m : finishes) crossings.push_back({m.time, m.known, m.recorded, FinishSource::manual});
    for (const auto& m : scans) crossings.push_back({m.time, m.known, m.recorded, FinishSource::scan});
    if (corrections && corrections->finish)
        crossings.push_back({timing::to_micros(*corrections->finish), timing::to_micros(*corrections->finish_known),
                             {timing::to_micros(*corrections->finish_known), RecordTable::correction, corrections->finish_id},
                             FinishSource::correction});
    std::sort(crossings.begin(), crossings.end());
    out.last_lap_uncut.reset();
    if (c.type == timing::EventType::backyard) {
        // Out when a loop is not finished in its interval: whether they are still in depends on
        // the clock (results/backyard: loop_clock, still_in), not on the records.
        count_loops(crossings, {out.gun, c.interval.count(), c.min_lap_time.count()}, out.laps);
        out.laps_complete = false;
    } else {
        count_lap_race(event, crossings, out);
    }
    settle_last_lap(out, corrections);
}

// A lap race's laps, and when the race's laps were completed before any leader's finish.
void count_lap_race(const EventLayout& event, std::span<const LapCrossing> crossings, RunnerScore& out) {
    const auto& c = *event.config;
    LapRule rule;
    rule.from = out.chip.start.value_or(out.gun);
    rule.min_lap = c.min_lap_time.count();
    rule.laps = c.laps;
    if (c.time_limit) rule.until = out.gun + c.time_limit->count();
    count_laps(crossings, rule, out.laps);
    if (c.laps && static_cast<int>(out.laps.size()) == *c.laps) out.last_lap_uncut = out.laps.back().time;
    if (event.leader_finish && !c.lapped_continue) {
        rule.race_over = event.leader_finish;
        count_laps(crossings, rule, out.laps);
    }
    out.laps_complete = laps_complete(out.laps, rule);
}

// The last lap counted is the finish; every crossing is a lap: no chip-against-manual conflict.
void settle_last_lap(RunnerScore& out, const BibCorrections* corrections) {
    out.finish.reset();
    out.finish_known.reset();
    out.recorded = {};
    out.source = FinishSource::none;
    out.manual_finish.reset();
    out.manual_source = FinishSource::none;
    if (!out.laps.empty()) {
        const auto& last = out.laps.back();
        out.finish = last.time;
        out.finish_known = last.known;
        out.recorded = last.recorded;
        out.source = last.source;
    }
    out.started = out.chip.started || out.finish.has_value();
    decide_status(out, corrections);
}

}  // namespace

void score_runner(const EventLayout* event, std::size_t wave, std::span<const StoredRead> reads,
                  std::span<const Duration> dedup, std::span<const ManualTime> finishes,
                  std::span<const ManualTime> scans, const BibCorrections* corrections,
                  RunnerScore& out) {
    if (!event) {
        out = RunnerScore{};
        return;
    }
    out.gun = event->waves[wave].gun;
    read_passings(reads, *event, out.gun, dedup, out.chip);
    if (event->config->counts_laps()) {
        score_laps(*event, finishes, scans, corrections, out);
        return;
    }
    out.laps.clear();
    out.laps_complete = false;
    out.last_lap_uncut.reset();
    const auto manual = earliest_manual_finish(finishes, scans.empty() ? std::nullopt : std::optional(scans.front()));
    out.manual_finish.reset();
    out.manual_source = FinishSource::none;
    if (manual) {
        out.manual_finish = manual->time.time;
        out.manual_source = manual->source;
    }
    choose_finish(out, manual, corrections);
    out.started = out.chip.started || out.finish.has_value();
    decide_status(out, corrections);
}

}  // namespace fl::results
