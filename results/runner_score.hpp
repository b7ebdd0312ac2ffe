#pragma once
// Scoring one runner from their own records (README: *Manual entries*, *Status*; rules.md:
// "Status codes"): the passings their chip gives, their manual finish, and the corrections
// naming their bib. Places depend on the other runners and are not here (results/places). Pure.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "results/chip_passings.hpp"
#include "results/corrections.hpp"
#include "results/lap_count.hpp"
#include "results/manual_finish.hpp"
#include "results/recorded.hpp"
#include "results/standings.hpp"

namespace fl::results {

struct RunnerScore {
    Status status = Status::dns;
    std::int64_t gun = 0;  // the wave's gun in force, µs: times depend on it
    ChipPassings chip;
    std::optional<std::int64_t> manual_finish;  // µs
    FinishSource manual_source = FinishSource::none;
    bool started = false;  // the chip saw them after the gun, or they finished
    bool declared_dnf = false;
    std::string dq_reason;
    // The finish that counts.
    std::optional<std::int64_t> finish, finish_known;  // µs
    Recorded recorded;
    FinishSource source = FinishSource::none;
    // A lap race: the laps counted (the finish that counts is the last), whether their race is
    // over, and when they completed the race's laps counted without the leader's finish (what
    // the leader's finish is worked out from).
    std::vector<LapCrossing> laps;
    bool laps_complete = false;
    std::optional<std::int64_t> last_lap_uncut;

    bool operator==(const RunnerScore&) const = default;
    // A chip finish and a manual finish both: listed for a marshal to check.
    bool conflict() const { return chip.finish && manual_finish; }
};

// The finish that counts: an official's add_finish / move_finish; else the chip's, unless a
// prefer_manual correction stands and there is a manual finish; else the manual finish.
void choose_finish(RunnerScore& score, const std::optional<ManualFinish>& manual,
                   const BibCorrections* corrections);

// DQ (a disqualify correction), DNF (declared), finished (a finish counts), DNF (started and
// not finished: on course until declared), else DNS.
void decide_status(RunnerScore& score, const BibCorrections* corrections);

// Everything above for one runner of `event` starting in its wave `wave` (the gun in force);
// `scans`: the bib's paired scans, earliest first. `event` null: a runner the config has no event for (DNS, no times). In a lap race every
// crossing (chip read at a lap point, finish entry, scan, finish correction) is a candidate lap
// (results/lap_count), and the last lap counted is the finish. `out` is reused.
void score_runner(const EventLayout* event, std::size_t wave, std::span<const StoredRead> reads,
                  std::span<const Duration> dedup, std::span<const ManualTime> finishes,
                  std::span<const ManualTime> scans, const BibCorrections* corrections,
                  RunnerScore& out);

}  // namespace fl::results
