#pragma once
// The results engine: takes in stored rows (reads, entries, corrections, clock syncs) one by
// one and keeps the standings up to date without re-scoring the race. Feeding order does not
// matter: the same rows in any order give the same standings, byte for byte.
//
// Not thread-safe: one thread feeds it. The snapshots it hands out are immutable and may be
// read from any thread.
#include <map>
#include <cstdint>
#include <memory>
#include <vector>

#include "results/age_grade.hpp"
#include "results/standings.hpp"
#include "timing/config.hpp"
#include "timing/records.hpp"

namespace fl::results {

// The highest ids fed so far: a service tails the race file from here.
struct FedIds {
    std::int64_t read = 0;
    std::int64_t entry = 0;
    std::int64_t correction = 0;
    std::int64_t refused = 0;
};

class LiveRace;

class Engine {
public:
    // Ids in `config` come from the race file. A config that was never stored (every id 0, as
    // in tests) gets ids 1, 2, ... in config order for events, waves, timing points and
    // readers; config() shows them. When the config names an age-grading table it is loaded
    // here (throws results::Error when it cannot be read).
    Engine(timing::RaceConfig config, std::vector<timing::Participant> participants);
    // The same with an age-grading table already loaded (nullptr = no age grading).
    Engine(timing::RaceConfig config, std::vector<timing::Participant> participants,
           std::shared_ptr<const AgeGradeTable> age_grades);
    ~Engine();
    Engine(Engine&&) noexcept;
    Engine& operator=(Engine&&) noexcept;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Each takes one stored row; a row fed twice (same id) is taken once. Bad rows never throw:
    // they are listed (flagged reads, unknown bibs, issues).
    void add_read(const timing::Read& r);
    void add_entry(const timing::Entry& e);
    void add_correction(const timing::Correction& c);
    void add_clock_sync(const timing::ClockSync& s);
    void add_refused(const timing::Refused& r);  // listed as received, never scored
    // Names readers the config does not list (a relayed site's "relay:km10"), for the lists
    // that show a read's reader; give them before their reads. knows_reader: named or configured.
    void name_readers(const std::map<std::int64_t, std::string>& names);
    bool knows_reader(std::int64_t id) const;
    // Replaces the participant list (after an import); everything fed so far is kept.
    void set_participants(std::vector<timing::Participant> participants);

    // Brings the rankings up to date with what was fed: re-evaluates the runners touched since
    // the last call and moves them in their event. snapshot() does this first.
    void update();
    // The current standings. Parts that did not change since the previous snapshot are shared;
    // with nothing new it returns the previous snapshot itself.
    std::shared_ptr<const Standings> snapshot();
    // Scores everything fed from scratch (no incremental state reused). Tests and benchmarks
    // compare it with snapshot().
    std::shared_ptr<const Standings> rescore();

    std::uint64_t version() const;
    FedIds fed() const;
    std::size_t reads_stored() const;  // tag reads kept for scoring
    const timing::RaceConfig& config() const;

    static constexpr std::size_t latest_finishers_kept = 25;

private:
    std::unique_ptr<LiveRace> race_;
};

}  // namespace fl::results
