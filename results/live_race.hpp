#pragma once
// Inside the Engine: the race as fed so far, what changed since the last update, and the
// derived state kept so that one read re-scores one runner, not the race. The rules it applies
// live in their own files (runner_score, gun_in_force, tap_scan_pairing, places, ...); this
// class only decides what to apply them to. A full re-score runs the same path with every
// runner marked.
#include <map>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "results/age_grade.hpp"
#include "results/chip_index.hpp"
#include "results/corrections.hpp"
#include "results/course_layout.hpp"
#include "results/engine.hpp"
#include "results/entrant.hpp"
#include "results/entries_book.hpp"
#include "results/event_table.hpp"
#include "results/finish_order.hpp"
#include "results/id_index.hpp"
#include "results/ordered_list.hpp"
#include "results/result_blocks.hpp"
#include "results/runner_score.hpp"
#include "results/standings.hpp"
#include "results/stored_read.hpp"
#include "timing/config.hpp"
#include "timing/records.hpp"

namespace fl::results {

class LiveRace {
public:
    LiveRace(timing::RaceConfig config, std::vector<timing::Participant> participants,
             std::shared_ptr<const AgeGradeTable> ages);

    void add_read(const timing::Read& r);
    void add_entry(const timing::Entry& e);
    void add_correction(const timing::Correction& c);
    void add_clock_sync(const timing::ClockSync& s);
    void add_refused(const timing::Refused& r);
    void name_readers(const std::map<std::int64_t, std::string>& names);
    bool knows_reader(std::int64_t id) const { return reader_index_.find(id) || reader_names_.contains(id); }
    void set_participants(std::vector<timing::Participant> participants);

    void update();
    std::shared_ptr<const Standings> snapshot();
    // Everything from the stored rows, reusing nothing derived.
    void rescore();

    std::uint64_t version() const { return version_; }
    FedIds fed() const { return fed_; }
    std::size_t reads_stored() const { return reads_stored_; }
    const timing::RaceConfig& config() const { return config_; }

private:
    struct Runner {
        timing::Participant registered;           // as imported
        std::uint32_t bib = 0;                    // bib id
        Entrant entrant;                          // as edited, in an event and wave
        int category_id = -1;
        std::vector<std::string> info_issues;
        const BibCorrections* corrections = nullptr;
        std::vector<std::uint32_t> chips;         // worn: listed or assigned
        std::vector<StoredRead> assigned_reads;   // given to this bib by assign_read
        int dead_heat = -1;

        RunnerScore score;
        bool ranked = false;  // in ranked_event's ranking, under rank_keys_[its index]
        int ranked_event = -1;
        bool in_latest = false;
        LatestKey latest{};
        bool in_conflicts = false;
        bool result_stale = false;
        std::shared_ptr<const RunnerResult> result;
    };
    // An event's ranking holds runner indices (4 bytes: a finisher placed mid-ranking shifts
    // less) ordered by their key in rank_keys_.
    struct ByRankKey {
        const std::vector<RankKey>* keys = nullptr;
        bool operator()(std::uint32_t a, std::uint32_t b) const { return (*keys)[a] < (*keys)[b]; }
    };
    struct EventTable {
        OrderedList<std::uint32_t, ByRankKey> ranking;  // its finishers
        std::vector<std::uint32_t> members;  // every runner of the event, by bib
        bool changed = true;
        std::shared_ptr<const EventStandings> cached;
    };
    struct Reader {
        std::int64_t id = 0;
        std::string name;
        std::optional<Duration> config_offset;
        std::optional<std::pair<std::int64_t, std::int64_t>> sync;  // latest (measured, offset)
        std::int64_t offset = 0;  // in force, already applied to stored reads
    };
    struct GunRead {
        std::int64_t known, id;
        int point;
        std::int64_t device_time;  // µs; its reader's offset is added when the gun is chosen
        std::uint16_t reader;
    };
    // Changes to the sorted lists found while re-scoring runners, applied at once.
    struct Moves {
        std::vector<std::vector<std::uint32_t>> ranking_out, ranking_in;  // by event
        std::vector<std::pair<std::uint32_t, RankKey>> new_keys;  // set after ranking_out left
        std::vector<LatestKey> latest_out, latest_in;
        std::vector<std::uint32_t> conflicts_out, conflicts_in;
    };

    // setup (live_race.cpp)
    void set_up_readers();
    void load_participants(std::vector<timing::Participant> list);
    std::uint32_t intern_bib(const std::string& bib);
    std::uint32_t intern_chip(std::string_view chip);
    int intern_category(const std::string& name);
    std::uint16_t reader_of(std::int64_t id);
    std::int32_t runner_of_bib(const std::string& bib) const;

    // what changed (live_race.cpp)
    void mark_dirty(std::int32_t runner);
    void mark_all_dirty();
    void mark_result(std::size_t runner);
    void sync_place_inputs(std::size_t runner);
    void prefetch_reads(std::uint32_t runner) const;
    static constexpr std::size_t prefetch_ahead = 2;

    // derived state (live_race_apply.cpp)
    void apply_corrections();
    void locate_referenced_reads();
    void rebuild_ownership();
    void refresh_entrant(std::size_t runner);
    void list_correction_issues(const std::set<std::string>& bibs);
    void rebuild_membership();
    void apply_pairing();
    void apply_guns();
    std::span<const StoredRead> reads_of(const Runner& r);
    void rescore_runner(std::uint32_t runner);
    void rescore_dirty();
    bool settle_lap_leaders();
    void apply_moves();

    // snapshots (live_race_snapshot.cpp)
    std::shared_ptr<const std::vector<UnassignedRead>> build_unassigned() const;
    void add_flagged(const timing::Read& r, std::string reason);

    timing::RaceConfig config_;
    timing::RaceCalendar calendar_;
    std::shared_ptr<const AgeGradeTable> ages_;

    std::vector<EventLayout> layouts_;
    std::vector<EventTable> tables_;  // by event, as layouts_
    std::vector<Duration> dedup_;     // by timing point
    IdIndex point_index_;
    std::vector<Reader> readers_;
    IdIndex reader_index_;
    std::map<std::int64_t, std::string> reader_names_;  // readers outside the config, by id

    std::vector<Runner> runners_;
    std::vector<std::vector<std::uint32_t>> listed_chips_;  // by runner: its chips' ids
    std::vector<PlaceInputs> place_inputs_;  // by runner
    std::vector<RankKey> rank_keys_;         // by runner: a ranked runner's place in its ranking
    std::vector<std::uint32_t> stale_results_;
    ResultBlocks blocks_;
    OrderedList<LatestKey> latest_;             // every finisher
    OrderedList<std::uint32_t> conflict_runners_;
    std::vector<std::string> participant_issues_;
    std::vector<std::string> chip_issues_;
    std::unordered_map<std::string, std::uint32_t> bib_ids_;
    std::vector<std::string> bib_names_;
    std::vector<std::int32_t> bib_runner_;  // by bib id
    ChipIndex chip_ids_;
    std::vector<std::string> chip_names_;
    std::vector<ChipReads> chips_;
    std::unordered_map<std::string, int> category_ids_;
    std::vector<std::string> category_names_;
    std::size_t reads_stored_ = 0;

    EntriesBook entries_;
    std::vector<std::vector<ManualTime>> scan_time_;  // by bib id, after pairing: earliest first
    std::vector<Tap> unpaired_taps_;                    // after pairing, by entry id
    std::vector<GunRead> gun_reads_;

    std::vector<timing::Correction> corrections_;  // by id
    CorrectionsInForce in_force_;
    std::unordered_set<std::int64_t> ignored_;
    std::unordered_map<std::int64_t, std::int32_t> reassigned_;  // read id → runner (-1: no one)
    std::unordered_map<std::int64_t, std::int32_t> read_chip_;   // referenced read → chip id
    std::vector<std::string> correction_issues_;

    std::vector<FlaggedRead> flagged_;  // by read id
    std::vector<RefusedRecord> refused_;

    // What changed since the last update() / snapshot().
    std::vector<std::uint32_t> dirty_;
    std::vector<char> dirty_flag_;  // by runner: in dirty_ (apart from Runner: touched per read)
    bool rescore_pending_ = true;   // the next apply_corrections looks at everyone
    bool corrections_dirty_ = true;
    bool pairing_dirty_ = true;
    bool guns_dirty_ = true;
    bool membership_dirty_ = true;
    bool unassigned_dirty_ = true;
    bool flagged_dirty_ = true;
    bool entries_lists_dirty_ = true;
    bool conflicts_dirty_ = true;
    bool latest_dirty_ = true;
    bool issues_dirty_ = true;
    Moves moves_;

    std::uint64_t version_ = 1;
    FedIds fed_;
    std::shared_ptr<const Standings> last_;
    std::shared_ptr<const std::vector<UnassignedRead>> unassigned_list_;
    std::shared_ptr<const std::vector<FlaggedRead>> flagged_list_;
    std::shared_ptr<const std::vector<UnpairedTap>> taps_list_;
    std::shared_ptr<const std::vector<UnknownBibEntry>> unknown_list_;
    std::shared_ptr<const std::vector<Conflict>> conflicts_list_;
    std::shared_ptr<const std::vector<LatestFinisher>> latest_list_;
    std::shared_ptr<const std::vector<Issue>> issues_list_;
    std::shared_ptr<const std::vector<RefusedRecord>> refused_list_;

    std::vector<StoredRead> scratch_;
    RunnerScore next_score_;  // reused: scoring one runner allocates nothing in the common case
};

}  // namespace fl::results
