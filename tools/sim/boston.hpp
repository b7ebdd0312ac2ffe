#pragma once
// Replaying a real race from its published results (the boston2017_results.csv layout: bib,
// age, gender, split_5k ... split_40k, split_half, official_time; '-' = no read), so a
// rehearsal can play the crossings of a real field. Net times come out exactly as published.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/sim/plan.hpp"
#include "tools/sim/roster.hpp"

namespace fl::sim {

struct ResultRow {
    int line = 0;
    std::string bib;
    std::optional<int> age;
    std::optional<timing::Gender> gender;
    std::vector<std::pair<double, Duration>> splits;  // distance in metres → net time there
    std::optional<Duration> official;                 // net time at the finish
};

// Columns are found by name: bib, age, gender (M/F/X), split_<N>k, split_half, official_time.
// Throws sim::Error naming source:line for a malformed time or a missing bib.
std::vector<ResultRow> parse_results_csv(std::string_view text, std::string_view source);

// Participants for the rows: their bib, age and gender, a generated name, the config's event
// (`event`, or the longest) and its waves filled in bib order, one or two chips each.
std::vector<timing::Participant> replay_participants(const timing::RaceConfig& config,
                                                     std::span<const ResultRow> rows,
                                                     const RosterOptions& options,
                                                     std::string_view event = {});

// A plan in which every row's runner crosses the start mat seconds to minutes after the wave's
// gun (by bib order), each split point at start + the row's split (matched by distance) and
// the finish at start + official time. Participants without a row do not start. Throws
// sim::Error when a row's bib is not a participant.
Plan build_replay_plan(const timing::RaceConfig& config, std::span<const timing::Participant> participants,
                       std::span<const ResultRow> rows, const PlanOptions& options);

}  // namespace fl::sim
