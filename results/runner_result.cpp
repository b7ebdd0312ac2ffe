#include "results/runner_result.hpp"

#include "results/backyard.hpp"

namespace fl::results {
namespace {

constexpr double mm_per_km = 1e6;
constexpr double mm_per_mile = 1609344;  // exact

}  // namespace

std::optional<Duration> pace(Duration elapsed, double unit_mm, double distance_m) {
    if (distance_m <= 0) return std::nullopt;
    const double units = distance_m * 1000.0 / unit_mm;
    return Duration{static_cast<std::int64_t>(static_cast<double>(elapsed.count()) / units)};
}

std::shared_ptr<const RunnerResult> runner_result(const Entrant& who, const RunnerScore& s,
                                                  const EventLayout* event, const AgeGradeTable* ages,
                                                  int age_grade_edition) {
    auto x = std::make_shared<RunnerResult>();
    const auto& p = who.person;
    x->participant_id = p.id;
    x->bib = p.bib;
    x->name = p.name;
    x->gender = p.gender;
    x->age = who.age;
    x->category = who.category;
    x->category_explicit = who.category_explicit;
    x->team = p.team;
    x->event = p.event;
    x->status = s.status;
    x->dq_reason = s.dq_reason;
    x->declared_dnf = s.declared_dnf;
    x->on_course = s.status == Status::dnf && !s.declared_dnf;
    if (!event) return x;
    const auto& e = *event;
    const auto& w = e.waves[static_cast<std::size_t>(who.wave)];
    x->wave = w.name;
    x->gun = timing::instant_from_micros(w.gun);
    const auto from = s.chip.start.value_or(w.gun);
    if (s.chip.start) x->start_passing = timing::instant_from_micros(*s.chip.start);
    // A lap race's distance is its laps: distance_m is one lap's length.
    const bool laps = e.config->counts_laps();
    const double distance = laps ? e.config->distance_m * static_cast<double>(s.laps.size()) : e.config->distance_m;
    if (laps) {
        x->laps = static_cast<int>(s.laps.size());
        x->laps_complete = s.laps_complete;
        // A lap runs from the previous lap (the start); a backyard loop from when it started.
        const bool backyard = e.config->type == timing::EventType::backyard;
        const LoopRule loops{w.gun, e.config->interval.count(), 0};
        auto previous = from;
        for (std::size_t k = 0; k < s.laps.size(); ++k) {
            if (backyard) previous = loop_start(loops, k + 1);
            x->lap_times.push_back(Duration{s.laps[k].time - previous});
            previous = s.laps[k].time;
        }
    }
    if (s.finish) {
        x->finish = timing::instant_from_micros(*s.finish);
        x->finish_source = s.source;
        if (s.finish_known) x->finish_known = timing::instant_from_micros(*s.finish_known);
        x->manual_finish = s.source != FinishSource::chip;
        x->gun_time = Duration{*s.finish - w.gun};
        x->net_time = Duration{*s.finish - from};
        x->pace_per_km = pace(*x->net_time, mm_per_km, distance);
        x->pace_per_mile = pace(*x->net_time, mm_per_mile, distance);
        x->rank_time = e.config->rank_by == timing::RankBy::gun ? x->gun_time : x->net_time;
        x->over_cutoff = e.config->cutoff && *x->gun_time > *e.config->cutoff;
        if (ages && s.status == Status::finished && p.gender && who.age)
            x->age_grade = ages->grade(age_grade_edition, *p.gender, *who.age, distance, *x->net_time);
    }
    x->splits.resize(e.splits.size());
    for (std::size_t k = 0; k < e.splits.size(); ++k) {
        if (!s.chip.splits[k]) continue;
        auto& split = x->splits[k];
        split.at = timing::instant_from_micros(*s.chip.splits[k]);
        split.elapsed = Duration{*s.chip.splits[k] - from};
        if (const auto& d = e.splits[k].distance_m) {
            split.pace_per_km = pace(*split.elapsed, mm_per_km, *d);
            split.pace_per_mile = pace(*split.elapsed, mm_per_mile, *d);
        }
    }
    return x;
}

}  // namespace fl::results
