#pragma once
// Standings: immutable values the board, the marshal console and the exports read. The engine
// hands them out as std::shared_ptr<const Standings>; parts that did not change between two
// snapshots (an event's table, a runner's result, the race-wide lists) are shared, not copied.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timing/config.hpp"
#include "timing/records.hpp"
#include "timing/time.hpp"

namespace fl::results {

using timing::Duration;
using timing::Instant;

enum class Status { finished, dnf, dns, dq };
std::string_view to_string(Status s);  // "FIN", "DNF", "DNS", "DQ"

// Where a runner's finish came from.
enum class FinishSource { none, chip, manual, scan, correction };
std::string_view to_string(FinishSource s);  // "", "chip", "manual", "scan", "correction"

// Where a wave's gun came from: a set_gun correction, a recorded gun (gun entry or device gun
// read), or the schedule in the config.
enum class GunSource { scheduled, recorded, corrected };
std::string_view to_string(GunSource s);

struct WaveStart {
    std::string name;  // "" for an event without waves
    Instant gun{};
    GunSource source = GunSource::scheduled;
    bool recorded() const { return source != GunSource::scheduled; }
};

struct SplitPoint {
    std::string name;                 // the timing point's name
    std::optional<double> distance_m;
};

// One runner at one split point of their event (aligned with EventStandings::splits).
struct SplitTime {
    std::optional<Instant> at;             // the passing
    std::optional<Duration> elapsed;       // from the runner's start (own start, else the gun)
    std::optional<Duration> pace_per_km;   // average pace up to this point
    std::optional<Duration> pace_per_mile;
};

struct AgeGrade {
    double factor = 1;
    double open_standard_s = 0;  // open-class standard for the distance, seconds
    double age_standard_s = 0;   // open standard ÷ factor
    Duration graded_time{0};     // time × factor
    double percent = 0;          // open standard ÷ (time × factor) × 100
};

// Everything about one runner that does not depend on the others. Places live in Row.
struct RunnerResult {
    std::int64_t participant_id = 0;
    std::string bib;
    std::string name;
    std::optional<timing::Gender> gender;
    std::optional<int> age;        // on race day or 31 Dec, per [categories] age_on
    std::string category;          // explicit, or computed ("M35-39", "F0-14", "M80+"); "" = none
    bool category_explicit = false;
    std::string team;
    std::string event;
    std::string wave;

    Status status = Status::dns;
    std::string dq_reason;
    bool declared_dnf = false;     // a dnf correction (not merely no finish yet)
    bool on_course = false;        // started, no finish, not declared DNF or DQ

    Instant gun{};                         // the runner's wave gun
    std::optional<Instant> start_passing;  // own start-mat crossing
    std::optional<Instant> finish;         // the finish in use
    FinishSource finish_source = FinishSource::none;
    std::optional<Instant> finish_known;   // when that finish reached us (board highlight)
    std::optional<Duration> gun_time;      // finish − gun
    std::optional<Duration> net_time;      // finish − own start (gun time without a start)
    std::optional<Duration> pace_per_km;   // net time over the event distance
    std::optional<Duration> pace_per_mile;
    std::vector<SplitTime> splits;         // aligned with EventStandings::splits
    std::optional<AgeGrade> age_grade;     // when the config names a factor table

    bool manual_finish = false;  // the finish in use is not a chip read
    bool over_cutoff = false;    // gun time beyond the event's cutoff (still placed)

    // The time ranking uses for this runner's event (gun or net), when finished.
    std::optional<Duration> rank_time;

    // A lap race (README "Laps and fixed-time races"): the laps counted (finish, gun_time and
    // net_time are the last lap's), each lap's time (the first from their start), and whether
    // their race is over (the race's laps, or a lapped runner's lap after the leader finished).
    // A backyard ultra: the loops finished in time, each loop's time from when it started.
    int laps = 0;
    std::vector<Duration> lap_times;
    bool laps_complete = false;
};

// A line of an event table: finishers in place order, then DNF, DQ, DNS (each by bib).
struct Row {
    std::shared_ptr<const RunnerResult> runner;  // never null
    std::optional<int> place;           // overall in the event; only for finishers
    std::optional<int> gender_place;
    std::optional<int> category_place;
    bool dead_heat = false;             // shares a place by a judge's declaration
};

struct Counts {
    int entered = 0;
    int started = 0;    // anyone not DNS
    int finished = 0;   // status FIN
    int on_course = 0;  // started, no finish yet, not declared DNF
    int dnf = 0;        // status DNF (includes on_course)
    int dq = 0;
    int dns = 0;
};

struct EventStandings {
    std::int64_t id = 0;
    std::string name;
    double distance_m = 0;                 // a lap race: one lap's length (0: not given)
    timing::EventType type = timing::EventType::run;
    std::optional<int> laps;               // a lap race's number of laps
    std::optional<Duration> time_limit;    // a lap race's time limit
    Duration interval{0};                  // a backyard ultra's: a loop starts every interval
    // A lap race or a backyard ultra: its rows carry laps (a backyard's loops).
    bool counts_laps() const { return type == timing::EventType::laps || type == timing::EventType::backyard; }
    bool backyard() const { return type == timing::EventType::backyard; }
    timing::RankBy rank_by = timing::RankBy::gun;
    std::optional<Duration> cutoff;
    std::vector<WaveStart> waves;    // one entry named "" when the event has no waves
    std::vector<SplitPoint> splits;  // split points of the event, by distance
    Counts counts;
    std::vector<Row> rows;
    std::vector<std::string> categories;  // the categories present, sorted (filters)
};

struct UnassignedRead {  // a read of a chip nobody wears
    std::int64_t read_id = 0;
    std::string chip;
    std::string timing_point;
    Instant time{};       // device time + clock offset
    std::string reader;   // reader name, or "reader <id>" when it is not in the config
};

struct FlaggedRead {  // stored, never scored
    std::int64_t read_id = 0;
    std::string chip;
    std::string reader;
    std::optional<Instant> device_time;
    Instant receive_time{};
    std::string reason;  // "bad time", "impossible time", "unknown location"
};

struct UnpairedTap {  // a time-only tap with no bib scan to pair with
    std::int64_t entry_id = 0;
    Instant time{};
    std::string source;
};

struct UnknownBibEntry {  // a finish/scan for a bib that is not a participant
    std::int64_t entry_id = 0;
    timing::EntryKind kind = timing::EntryKind::finish;
    std::string bib;
    Instant time{};
    std::string source;
};

struct Conflict {  // a chip finish and a manual finish for the same bib
    std::string bib;
    std::string event;
    Instant chip_finish{};
    Instant manual_finish{};
    FinishSource winner = FinishSource::chip;  // chip, or manual/scan under prefer_manual
};

struct LatestFinisher {
    std::shared_ptr<const RunnerResult> runner;
    std::optional<int> place;
    Instant known{};  // when the finish reached us
};

struct RefusedRecord {  // a device record that could not be understood, stored as received
    std::int64_t refused_id = 0;
    std::string reader;   // reader name, or "reader <id>" when it is not in the config
    Instant received{};
    std::string raw;      // the bytes as received
    std::string reason;
};

// A correction or record that could not be applied, said for the person fixing it.
struct Issue {
    std::string what;
    bool operator==(const Issue&) const = default;
};

struct Standings {
    std::uint64_t version = 0;  // increases with every change the engine takes in
    std::string race;
    date::year_month_day date{};
    std::string timezone;  // IANA zone: clock times are shown in it
    timing::Resolution display = timing::Resolution::seconds;
    bool age_grading = false;
    timing::CategoriesConfig categories;
    std::vector<timing::TeamConfig> teams;  // [[teams]]: team results are worked out from the tables

    std::vector<std::shared_ptr<const EventStandings>> events;  // config order, never null
    std::shared_ptr<const std::vector<UnassignedRead>> unassigned_reads;
    std::shared_ptr<const std::vector<FlaggedRead>> flagged_reads;
    std::shared_ptr<const std::vector<UnpairedTap>> unpaired_taps;
    std::shared_ptr<const std::vector<UnknownBibEntry>> unknown_bibs;
    std::shared_ptr<const std::vector<Conflict>> conflicts;
    std::shared_ptr<const std::vector<LatestFinisher>> latest_finishers;  // newest first
    std::shared_ptr<const std::vector<Issue>> issues;
    std::shared_ptr<const std::vector<RefusedRecord>> refused;  // in the order received

    const EventStandings* find_event(std::string_view name) const;
    // The row of a bib in its event, or nullptr.
    const Row* find_bib(std::string_view bib) const;
};

}  // namespace fl::results
