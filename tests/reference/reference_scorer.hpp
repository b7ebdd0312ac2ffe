#pragma once
// A reference scorer for the tests: the race scored from scratch, slowly, straight from the rules
// (../shared/reference/rules.md and README.md's "Results" section), to check the engine against
// something that is not the engine. It shares no code with results/: it links fl_timing only and
// takes the domain types (config, participants, reads, entries, corrections, clock syncs) as the
// race file stores them. Its answers are plain values, one per runner.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "timing/config.hpp"
#include "timing/records.hpp"
#include "timing/time.hpp"

namespace fl::reference {

using timing::Duration;
using timing::Instant;

enum class RefStatus { finished, dnf, dns, dq };
enum class RefFinishFrom { none, chip, manual, scan, correction };

struct RefRunner {
    std::string bib;
    RefStatus status = RefStatus::dns;
    std::string wave;                      // the wave started with ("" = the event's only start)
    Instant gun{};                         // the gun in force for that wave
    std::optional<Instant> start;          // own start-mat crossing
    std::optional<Instant> finish;         // the finish used
    RefFinishFrom finish_from = RefFinishFrom::none;
    std::optional<Duration> gun_time;
    std::optional<Duration> net_time;
    bool over_cutoff = false;              // gun time beyond the event's cutoff (still placed)
    std::map<std::string, Instant> splits; // split point name → the passing there
    std::optional<int> age;
    std::string category;
    std::string team;                      // as edited
    std::optional<timing::Gender> gender;  // as edited
    std::optional<int> place;
    std::optional<int> gender_place;
    std::optional<int> category_place;
    bool dead_heat = false;                // shares its overall place by a declared dead heat
    std::vector<Instant> laps;             // a lap race: the crossings counted as laps
};

struct RefEvent {
    std::string name;
    bool rank_by_net = false;
    std::vector<RefRunner> finishers;  // in place order
    std::vector<RefRunner> others;     // everyone else entered in the event, in bib order
};

struct RefRecords {
    std::span<const timing::Read> reads;
    std::span<const timing::Entry> entries;
    std::span<const timing::Correction> corrections;
    std::span<const timing::ClockSync> clock_syncs;
};

// `config` must carry row ids (events, waves, timing points, readers) as the records name them.
// Records may come in any order and more than once (same id = same row).
std::vector<RefEvent> score_race(const timing::RaceConfig& config,
                                 std::span<const timing::Participant> participants,
                                 const RefRecords& records);

// Team results (README "Teams"), from the reference's own tables.
struct RefTeam {
    std::string key;                     // the team's name, lower case, single spaces
    std::optional<int> place;            // none: short of runners
    std::optional<int> points;           // places scoring
    std::optional<Duration> time;        // time and nth scoring
    std::vector<std::string> scorers;    // bibs, in finish order
    std::vector<std::string> displacers; // bibs, in finish order
};
std::vector<RefTeam> score_teams(const timing::TeamConfig& c, const RefEvent& event, timing::Resolution display);

std::string_view to_string(RefStatus s);
std::string_view to_string(RefFinishFrom f);

}  // namespace fl::reference
