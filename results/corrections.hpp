#pragma once
// What the correction log says now: which corrections are in force (an undo takes its target
// out; undoing an undo puts it back), which entries are withdrawn (an undo naming an entry), and
// what they add up to, per read, chip, bib and gun.
// Pure: the same log gives the same state whatever order it was fed in.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "results/standings.hpp"
#include "timing/records.hpp"

namespace fl::results {

struct BibCorrections {
    // The latest add_finish / move_finish in force: an official's word on the finish.
    std::optional<Instant> finish;
    std::optional<Instant> finish_known;
    std::int64_t finish_id = 0;  // that correction's id: its place in the recording order
    std::optional<std::string> dq_reason;  // set when disqualified ("" when no reason given)
    bool dnf = false;
    bool prefer_manual = false;
    // edit_participant, (field, value) in force, in the order recorded: applied in that order,
    // so the latest edit wins (an age after a birthdate is the age) and an edit that cannot be
    // applied leaves the earlier ones standing.
    std::vector<std::pair<std::string, std::string>> edits;
    bool operator==(const BibCorrections&) const = default;
};

struct GunCorrection {
    std::int64_t id = 0;  // the correction's id: the latest wins
    std::int64_t event_id = 0;
    std::optional<std::int64_t> wave_id;  // none: the event's gun (each wave adds its offset)
    Instant time{};
    bool operator==(const GunCorrection&) const = default;
};

struct CorrectionsInForce {
    std::set<std::int64_t> ignored_reads;
    std::map<std::int64_t, std::string> read_to_bib;   // assign_read
    std::map<std::string, std::string> chip_to_bib;    // assign_chip
    std::map<std::string, BibCorrections> bibs;
    std::vector<GunCorrection> guns;                   // in force, by id
    std::vector<std::vector<std::string>> dead_heats;  // groups of bibs, by correction id
    std::set<std::int64_t> withdrawn_entries;          // entry ids an undo in force takes out
    std::vector<Issue> issues;                         // corrections that say too little

    bool operator==(const CorrectionsInForce&) const = default;
};

// `log` must be sorted by id.
CorrectionsInForce derive_corrections(std::span<const timing::Correction> log);

}  // namespace fl::results
