#include "results/engine.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <limits>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "results/categories.hpp"
#include "results/chip_index.hpp"
#include "results/corrections.hpp"
#include "results/error.hpp"
#include "results/passings.hpp"
#include "timing/participant_fields.hpp"

namespace fl::results {
namespace {

using timing::to_micros;

constexpr std::int64_t metres_per_mile = 1609344;  // millimetres, exact

// A tag read as scoring keeps it: no text, times already corrected by the reader's offset.
// Kept per chip, sorted by (point, time, id).
struct StoredRead {
    std::int64_t time;     // device time + clock offset, µs
    std::int64_t receive;  // µs
    std::int64_t id;
    std::uint16_t reader;
    std::uint16_t point;
};

bool read_less(const StoredRead& a, const StoredRead& b) {
    return std::tie(a.point, a.time, a.id) < std::tie(b.point, b.time, b.id);
}

struct Chip {
    std::vector<StoredRead> reads;
    std::int32_t owner = -1;  // runner index
};

enum class Role : std::uint8_t { none, start, split, finish };

struct Wave {
    std::int64_t id = 0;
    std::string name;
    Duration offset{0};
    std::int64_t scheduled = 0;  // µs
    std::int64_t gun = 0;        // µs, in force
    GunSource source = GunSource::scheduled;
};

// The order a finish was recorded in, which places runners with equal times (rules: "Equal
// times"; hand timing to the second ties often): when the record reached the race file, then
// reads before entries before corrections, then the row id. Rows are stored as they come, so
// this is a device's order of its reads and the order a marshal keyed finishes or taps; the
// moment only decides between tables (a chip read against a keyed finish). Never the bib: that
// is the order of the entry list, not of the finish line.
enum class RecordTable : std::uint8_t { read, entry, correction };  // in this order on ties
struct Recorded {
    std::int64_t at = 0;  // read received / entry or correction created, µs
    RecordTable table = RecordTable::read;
    std::int64_t id = 0;  // the row id: the read, the entry (a scan's tap), the correction
    auto operator<=>(const Recorded&) const = default;
};

struct RankKey {
    std::int64_t time;    // gun or net, unrounded
    std::int64_t finish;  // then the crossing instant
    Recorded recorded;    // then the order the finish was recorded in
    std::uint32_t runner;
    auto operator<=>(const RankKey&) const = default;
};

struct Event {
    const timing::EventConfig* cfg = nullptr;
    std::vector<Wave> waves;
    std::vector<Role> role;     // per timing point index
    std::vector<int> split_of;  // per timing point index: split index or -1
    bool has_start_point = false;
    std::vector<SplitPoint> splits;
    std::vector<std::uint32_t> ranking;  // finishers, by RankKey
    std::vector<std::uint32_t> members;  // every runner of the event, by bib
    bool changed = true;
    std::shared_ptr<const EventStandings> cached;
};

struct ManualTime {
    std::int64_t time;
    std::int64_t known;
    std::int64_t id;
    Recorded recorded;  // the entry that timed the crossing: a finish, or the tap of a scan
    auto operator<=>(const ManualTime&) const = default;
};

// The outcome of scoring one runner: everything that depends on their own records only.
struct Eval {
    Status status = Status::dns;
    std::int64_t gun = 0;  // the wave's gun in force: times depend on it
    bool started = false;
    bool declared_dnf = false;
    std::string dq_reason;
    std::optional<std::int64_t> start, finish, finish_known;
    Recorded recorded;  // of the finish in use
    std::optional<std::int64_t> chip_finish, manual_finish;
    FinishSource source = FinishSource::none;
    FinishSource manual_source = FinishSource::none;
    std::vector<std::optional<std::int64_t>> splits;
    bool operator==(const Eval&) const = default;
    bool conflict() const { return chip_finish && manual_finish; }
};

// Finishers by when their finish became known, oldest first so that a live race appends;
// the board reads from the back (newest first; on ties the later finish instant, then the
// later recorded, first: the reverse of the places).
struct LatestKey {
    std::int64_t known;
    std::int64_t finish;
    Recorded recorded;
    std::uint32_t runner;
    auto operator<=>(const LatestKey&) const = default;
};

struct Runner {
    timing::Participant base;
    timing::Participant eff;  // after edit_participant corrections
    std::uint32_t bib = 0;    // bib id
    int event = -1;
    int wave = 0;
    std::optional<int> age;
    std::string category;
    bool category_explicit = false;
    int category_id = -1;
    std::vector<std::string> info_issues;
    const BibCorrections* corr = nullptr;
    std::vector<std::uint32_t> chips;
    std::vector<StoredRead> extra;  // reads given to this bib by assign_read
    int dead_heat = -1;

    Eval ev;
    bool ranked = false;
    int ranked_event = -1;
    RankKey key{};
    bool in_latest = false;
    LatestKey latest{};
    bool in_conflicts = false;
    bool result_dirty = false;
    std::shared_ptr<const RunnerResult> result;
};

// What building an event table reads per runner, kept apart from Runner so that walking a
// ranking of 26,000 runners stays in cache.
struct Hot {
    Status status = Status::dns;
    bool declared_dnf = false;
    std::int8_t gender = -1;
    std::int32_t category = -1;
    std::int32_t dead_heat = -1;
    std::int32_t place = 0;  // 0 = none
};

// Runner results in blocks of 64: a snapshot's rows point into blocks through aliasing
// shared_ptrs, so a table of 26,000 rows touches a few hundred control blocks, and a change
// rebuilds one block, not the table's worth of results.
constexpr std::size_t block_size = 64;
struct ResultBlock {
    std::array<std::shared_ptr<const RunnerResult>, block_size> items;
};

struct Reader {
    std::int64_t id = 0;
    std::string name;
    std::optional<Duration> config_offset;
    std::optional<std::pair<std::int64_t, std::int64_t>> sync;  // latest (measured, offset)
    std::int64_t offset = 0;  // in force, already applied to stored reads
};

struct RecordedGun {
    std::int64_t known = 0;
    int kind = 0;  // 0 entry, 1 read
    std::int64_t id = 0;
    std::optional<std::int64_t> event_id, wave_id;  // entries
    int point = -1;                                 // reads
    std::int64_t time = 0;                          // entry time, or device time of a read
    std::uint16_t reader = 0;
};

struct Scan {
    std::int64_t id;
    std::uint32_t bib;
    std::int64_t time;
    std::int64_t known;
};

struct Tap {
    std::int64_t id;
    std::int64_t time;
    std::int64_t known;
    std::string source;
};

struct EntryRecord {  // finishes and scans, for the unknown-bib list
    std::int64_t id;
    timing::EntryKind kind;
    std::uint32_t bib;
    std::int64_t time;
    std::string source;
};

std::string bib_order_key(const std::string& bib) {
    // "2" before "10": shorter bibs first, then by text, as the race file lists them.
    return fmt::format("{:08}{}", bib.size(), bib);
}

// Row id → small index. Race-file ids of points and readers are small and dense: a plain
// table, with a map behind it for anything else.
class IdIndex {
public:
    void set(std::int64_t id, std::uint16_t index) {
        if (id >= 0 && id < dense_limit) {
            if (dense_.size() <= static_cast<std::size_t>(id)) dense_.resize(static_cast<std::size_t>(id) + 1, none);
            dense_[static_cast<std::size_t>(id)] = index;
        } else {
            sparse_[id] = index;
        }
    }
    std::optional<std::uint16_t> find(std::int64_t id) const {
        if (id >= 0 && static_cast<std::size_t>(id) < dense_.size()) {
            const auto v = dense_[static_cast<std::size_t>(id)];
            if (v != none) return v;
            return std::nullopt;
        }
        auto it = sparse_.find(id);
        if (it == sparse_.end()) return std::nullopt;
        return it->second;
    }

private:
    static constexpr std::int64_t dense_limit = 4096;
    static constexpr std::uint16_t none = 0xffff;
    std::vector<std::uint16_t> dense_;
    std::unordered_map<std::int64_t, std::uint16_t> sparse_;
};

template <class T, class Less>
bool insert_sorted_unique(std::vector<T>& v, T value, Less less) {
    auto it = std::lower_bound(v.begin(), v.end(), value, less);
    if (it != v.end() && !less(value, *it)) return false;
    v.insert(it, std::move(value));
    return true;
}

std::optional<Duration> pace(Duration elapsed, double distance_mm_per_unit, double distance_m) {
    if (distance_m <= 0) return std::nullopt;
    const double units = distance_m * 1000.0 / distance_mm_per_unit;
    return Duration{static_cast<std::int64_t>(static_cast<double>(elapsed.count()) / units)};
}

}  // namespace

struct Engine::State {
    timing::RaceConfig config;
    timing::RaceCalendar calendar;
    std::shared_ptr<const AgeGradeTable> ages;

    std::vector<Event> events;
    std::vector<Duration> dedup;  // per timing point, µs
    IdIndex point_index;
    std::vector<Reader> readers;
    IdIndex reader_index;

    std::vector<Runner> runners;
    std::vector<Hot> hot;                        // by runner
    std::vector<std::uint32_t> result_dirty;     // runners whose RunnerResult is stale
    std::vector<std::shared_ptr<const ResultBlock>> blocks;
    std::vector<LatestKey> latest;               // every finisher, oldest known first
    std::vector<std::uint32_t> conflict_runners; // sorted
    std::vector<std::string> participant_issues;
    std::vector<std::string> chip_issues;
    std::unordered_map<std::string, std::uint32_t> bib_ids;
    std::vector<std::string> bib_names;
    std::vector<std::int32_t> bib_runner;  // by bib id
    ChipIndex chip_ids;
    std::vector<std::string> chip_names;
    std::vector<Chip> chips;
    std::unordered_map<std::string, int> category_ids;
    std::vector<std::string> category_names;
    std::size_t reads_stored = 0;

    // Entries.
    std::set<std::int64_t> entry_ids;
    std::vector<std::vector<ManualTime>> finish_entries;  // by bib id
    std::vector<Scan> scans;                              // by entry id
    std::vector<Tap> taps;                                // by entry id
    std::vector<std::optional<ManualTime>> scan_time;     // by bib id, after pairing
    std::vector<Tap> unpaired_taps;                       // after pairing, by entry id
    std::vector<EntryRecord> bib_entries;                 // finishes and scans, by id
    std::vector<RecordedGun> guns;

    // Corrections.
    std::vector<timing::Correction> corrections;  // by id
    CorrectionState cs;
    std::unordered_set<std::int64_t> ignored;
    std::unordered_map<std::int64_t, std::int32_t> reassigned;  // read id → runner (-1: no one)
    std::unordered_map<std::int64_t, std::int32_t> read_chip;   // referenced read → chip id
    std::vector<std::string> correction_issues;

    std::vector<FlaggedRead> flagged;  // by read id

    // What changed since the last update() / snapshot().
    std::vector<std::uint32_t> dirty;
    std::vector<char> dirty_flag;  // by runner: in `dirty` (apart from Runner: touched per read)
    bool corrections_dirty = true;
    bool pairing_dirty = true;
    bool guns_dirty = true;
    bool membership_dirty = true;
    bool unassigned_dirty = true;
    bool flagged_dirty = true;
    bool entries_lists_dirty = true;
    bool conflicts_dirty = true;
    bool latest_dirty = true;
    bool issues_dirty = true;

    std::uint64_t version = 1;
    FedIds fed;
    std::shared_ptr<const Standings> last;
    std::shared_ptr<const std::vector<UnassignedRead>> unassigned_list;
    std::shared_ptr<const std::vector<FlaggedRead>> flagged_list;
    std::shared_ptr<const std::vector<UnpairedTap>> taps_list;
    std::shared_ptr<const std::vector<UnknownBibEntry>> unknown_list;
    std::shared_ptr<const std::vector<Conflict>> conflicts_list;
    std::shared_ptr<const std::vector<LatestFinisher>> latest_list;
    std::shared_ptr<const std::vector<Issue>> issues_list;
    std::vector<RefusedRecord> refused;
    std::shared_ptr<const std::vector<RefusedRecord>> refused_list;

    std::vector<StoredRead> scratch;
    Eval next_eval;  // reused: scoring one runner allocates nothing in the common case

    State(timing::RaceConfig cfg, std::shared_ptr<const AgeGradeTable> table)
        : config(std::move(cfg)), calendar(config.calendar()), ages(std::move(table)) {}

    // ---- setup ---------------------------------------------------------------------------

    void assign_missing_ids() {
        auto all_zero = [](const auto& v) {
            return std::all_of(v.begin(), v.end(), [](const auto& x) { return x.id == 0; });
        };
        if (all_zero(config.events)) {
            std::int64_t id = 0, wave_id = 0;
            bool waves_zero = true;
            for (const auto& e : config.events) waves_zero = waves_zero && all_zero(e.waves);
            for (auto& e : config.events) {
                e.id = ++id;
                if (waves_zero)
                    for (auto& w : e.waves) w.id = ++wave_id;
            }
        }
        if (all_zero(config.timing_points)) {
            std::int64_t id = 0;
            for (auto& p : config.timing_points) p.id = ++id;
        }
        if (all_zero(config.readers)) {
            std::int64_t id = 0;
            for (auto& r : config.readers) r.id = ++id;
        }
    }

    void setup_config() {
        assign_missing_ids();
        const auto npoints = config.timing_points.size();
        for (std::size_t i = 0; i < npoints; ++i) {
            point_index.set(config.timing_points[i].id, static_cast<std::uint16_t>(i));
            dedup.push_back(config.timing_points[i].dedup_window);
        }
        for (const auto& r : config.readers) {
            reader_index.set(r.id, static_cast<std::uint16_t>(readers.size()));
            Reader rd;
            rd.id = r.id;
            rd.name = r.name;
            rd.config_offset = r.clock_offset;
            rd.offset = r.clock_offset ? r.clock_offset->count() : 0;
            readers.push_back(std::move(rd));
        }
        for (const auto& ec : config.events) {
            Event e;
            e.cfg = &ec;
            const auto day_start = to_micros(calendar.at_local(ec.start));
            if (ec.waves.empty()) {
                e.waves.push_back({0, "", Duration{0}, day_start, day_start, GunSource::scheduled});
            } else {
                for (const auto& w : ec.waves) {
                    const auto t = day_start + w.offset.count();
                    e.waves.push_back({w.id, w.name, w.offset, t, t, GunSource::scheduled});
                }
            }
            e.role.assign(npoints, Role::none);
            e.split_of.assign(npoints, -1);
            std::vector<std::size_t> split_points;
            for (std::size_t i = 0; i < npoints; ++i) {
                const auto& p = config.timing_points[i];
                if (!ec.timing_points.empty() &&
                    std::find(ec.timing_points.begin(), ec.timing_points.end(), p.name) ==
                        ec.timing_points.end())
                    continue;
                switch (p.role) {
                case timing::PointRole::start:
                    e.role[i] = Role::start;
                    e.has_start_point = true;
                    break;
                case timing::PointRole::split:
                    e.role[i] = Role::split;
                    split_points.push_back(i);
                    break;
                case timing::PointRole::finish:
                    e.role[i] = Role::finish;
                    break;
                }
            }
            // Splits by distance along the course; points without a distance last.
            std::stable_sort(split_points.begin(), split_points.end(), [&](auto a, auto b) {
                const auto& da = config.timing_points[a].distance_m;
                const auto& db = config.timing_points[b].distance_m;
                if (da && db) return *da < *db;
                return da.has_value() && !db.has_value();
            });
            for (std::size_t k = 0; k < split_points.size(); ++k) {
                const auto& p = config.timing_points[split_points[k]];
                e.split_of[split_points[k]] = static_cast<int>(k);
                e.splits.push_back({p.name, p.distance_m});
            }
            events.push_back(std::move(e));
        }
    }

    std::uint32_t intern_bib(const std::string& bib) {
        auto [it, added] = bib_ids.try_emplace(bib, static_cast<std::uint32_t>(bib_names.size()));
        if (added) {
            bib_names.push_back(bib);
            bib_runner.push_back(-1);
            finish_entries.emplace_back();
            scan_time.emplace_back();
        }
        return it->second;
    }

    std::uint32_t intern_chip(std::string_view chip) {
        const auto id = chip_ids.intern(chip, chip_names);
        if (id == chips.size()) chips.emplace_back();
        return id;
    }

    int intern_category(const std::string& name) {
        if (name.empty()) return -1;
        auto [it, added] = category_ids.try_emplace(name, static_cast<int>(category_names.size()));
        if (added) category_names.push_back(name);
        return it->second;
    }

    std::uint16_t reader_of(std::int64_t id) {
        if (const auto known = reader_index.find(id)) return *known;
        const auto idx = static_cast<std::uint16_t>(readers.size());
        reader_index.set(id, idx);
        Reader rd;
        rd.id = id;
        rd.name = fmt::format("reader {}", id);
        readers.push_back(std::move(rd));
        return idx;
    }

    void load_participants(std::vector<timing::Participant> list) {
        participant_issues.clear();
        std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
            return bib_order_key(a.bib) < bib_order_key(b.bib);
        });
        runners.clear();
        dirty.clear();
        std::fill(bib_runner.begin(), bib_runner.end(), -1);
        for (auto& c : chips) c.owner = -1;  // owners were indices into the old list
        for (auto& p : list) {
            const auto bib = intern_bib(p.bib);
            if (bib_runner[bib] >= 0) {
                participant_issues.push_back(fmt::format(
                    "bib {} is listed twice among the participants: the second ({}) is left out",
                    p.bib, p.name));
                continue;
            }
            bib_runner[bib] = static_cast<std::int32_t>(runners.size());
            Runner r;
            r.bib = bib;
            r.eff = p;
            r.base = std::move(p);
            runners.push_back(std::move(r));
        }
        for (auto& r : runners) {
            for (const auto& chip : r.base.chips) intern_chip(chip);
        }
        hot.assign(runners.size(), Hot{});
        dirty_flag.assign(runners.size(), 0);
        result_dirty.clear();
        latest.clear();
        conflict_runners.clear();
        blocks.assign((runners.size() + block_size - 1) / block_size, nullptr);
    }

    // ---- marking -------------------------------------------------------------------------

    void mark_dirty(std::int32_t r) {
        if (r < 0) return;
        auto& flag = dirty_flag[static_cast<std::size_t>(r)];
        if (!flag) {
            flag = 1;
            dirty.push_back(static_cast<std::uint32_t>(r));
        }
    }

    void mark_all_dirty() {
        for (std::size_t i = 0; i < runners.size(); ++i) mark_dirty(static_cast<std::int32_t>(i));
    }

    // The runner's RunnerResult is stale: rebuilt at the next snapshot, with its event's table.
    void mark_result(std::size_t i) {
        auto& r = runners[i];
        if (!r.result_dirty) {
            r.result_dirty = true;
            result_dirty.push_back(static_cast<std::uint32_t>(i));
        }
        if (r.event >= 0) events[static_cast<std::size_t>(r.event)].changed = true;
    }

    void sync_hot(std::size_t i) {
        const auto& r = runners[i];
        auto& h = hot[i];
        h.status = r.ev.status;
        h.declared_dnf = r.ev.declared_dnf;
        h.gender = r.eff.gender ? static_cast<std::int8_t>(*r.eff.gender) : std::int8_t{-1};
        h.category = r.category_id;
        h.dead_heat = r.dead_heat;
    }

    std::shared_ptr<const RunnerResult> shared_result(std::uint32_t i) const {
        const auto& b = blocks[i / block_size];
        return {b, b->items[i % block_size].get()};
    }

    // An entry an undo in force takes out: stored and fed, but not scored or listed.
    bool withdrawn(std::int64_t entry_id) const {
        return !cs.withdrawn_entries.empty() && cs.withdrawn_entries.count(entry_id);
    }

    std::int32_t runner_of_bib(const std::string& bib) const {
        auto it = bib_ids.find(bib);
        return it == bib_ids.end() ? -1 : bib_runner[it->second];
    }

    // ---- corrections, ownership, participant edits ----------------------------------------

    void locate_referenced_reads() {
        std::unordered_set<std::int64_t> missing;
        auto want = [&](std::int64_t id) {
            if (read_chip.try_emplace(id, -1).second) missing.insert(id);
        };
        for (auto id : cs.ignored_reads) want(id);
        for (const auto& [id, bib] : cs.read_to_bib) want(id);
        if (missing.empty()) return;
        for (std::size_t c = 0; c < chips.size() && !missing.empty(); ++c)
            for (const auto& r : chips[c].reads)
                if (missing.erase(r.id)) read_chip[r.id] = static_cast<std::int32_t>(c);
    }

    // Chip owners (participants' chips, then assign_chip), each runner's chips, and the reads
    // assign_read gives away. Runners whose reads change are marked dirty.
    void rebuild_ownership() {
        std::vector<std::int32_t> owner(chips.size(), -1);
        chip_issues.clear();
        for (std::size_t i = 0; i < runners.size(); ++i)
            for (const auto& chip : runners[i].base.chips) {
                const auto c = intern_chip(chip);
                if (owner[c] < 0) owner[c] = static_cast<std::int32_t>(i);
                else if (owner[c] != static_cast<std::int32_t>(i))
                    chip_issues.push_back(fmt::format(
                        "chip {} is listed for bibs {} and {}: it counts for bib {}", chip,
                        runners[static_cast<std::size_t>(owner[c])].base.bib, runners[i].base.bib,
                        runners[static_cast<std::size_t>(owner[c])].base.bib));
            }
        for (const auto& [chip, bib] : cs.chip_to_bib) {
            const auto r = runner_of_bib(bib);
            if (r < 0) continue;  // listed as an issue
            const auto c = intern_chip(chip);  // may be a chip no read has named yet
            owner.resize(chips.size(), -1);
            owner[c] = r;
        }
        std::vector<std::vector<std::uint32_t>> owned(runners.size());
        for (std::size_t c = 0; c < chips.size(); ++c) {
            chips[c].owner = owner[c];
            if (owner[c] >= 0) owned[static_cast<std::size_t>(owner[c])].push_back(static_cast<std::uint32_t>(c));
        }
        std::vector<std::vector<StoredRead>> extra(runners.size());
        reassigned.clear();
        for (const auto& [id, bib] : cs.read_to_bib) {
            const auto r = runner_of_bib(bib);
            if (r < 0) continue;  // listed as an issue; the read stays where it was
            reassigned[id] = r;
            const auto c = read_chip[id];
            if (c < 0) continue;  // not fed yet: add_read reruns this when it comes
            for (const auto& sr : chips[static_cast<std::size_t>(c)].reads)
                if (sr.id == id) extra[static_cast<std::size_t>(r)].push_back(sr);
        }
        for (std::size_t i = 0; i < runners.size(); ++i) {
            std::sort(extra[i].begin(), extra[i].end(), read_less);
            auto& run = runners[i];
            const bool same_extra = std::equal(run.extra.begin(), run.extra.end(), extra[i].begin(),
                                               extra[i].end(), [](const auto& a, const auto& b) {
                                                   return a.id == b.id && a.time == b.time;
                                               });
            if (run.chips != owned[i] || !same_extra) {
                run.chips = std::move(owned[i]);
                run.extra = std::move(extra[i]);
                mark_dirty(static_cast<std::int32_t>(i));
            }
        }
        ignored = std::unordered_set<std::int64_t>(cs.ignored_reads.begin(), cs.ignored_reads.end());
    }

    // The participant as edited, and what follows from it: event, wave, age, category.
    void refresh_info(std::size_t i) {
        auto& r = runners[i];
        r.info_issues.clear();
        const auto old = std::tuple(r.event, r.wave, r.age, r.category, r.eff);
        r.eff = r.base;
        auto& p = r.eff;
        if (r.corr) {
            for (const auto& [field, value] : r.corr->edits) {
                auto bad = [&](std::string_view expected) {
                    r.info_issues.push_back(fmt::format(
                        "edit of bib {}: {}={} is not {}: edit ignored", p.bib, field, value, expected));
                };
                if (field == "name") p.name = value;
                else if (field == "team") p.team = value;
                else if (field == "category") p.category = value;
                else if (field == "gender") {
                    if (value.empty()) p.gender.reset();
                    else if (auto g = timing::parse_gender(value)) p.gender = g;
                    else bad("M, F or X");
                } else if (field == "age") {
                    // The field rules import and EDIT apply (timing/participant_fields).
                    if (auto a = timing::parse_age(value)) {
                        p.age = a;
                        p.birthdate.reset();
                    } else {
                        bad(timing::field_rule(timing::Field::age));
                    }
                } else if (field == "birthdate") {
                    if (auto d = timing::parse_birthdate(value, config.date)) p.birthdate = d;
                    else bad(timing::field_rule(timing::Field::birthdate));
                } else if (field == "event") {
                    if (config.find_event(value)) p.event = value;
                    else bad("an event of the race");
                } else if (field == "wave") {
                    p.wave = value;
                }
            }
        }
        r.event = -1;
        for (std::size_t e = 0; e < events.size(); ++e)
            if (events[e].cfg->name == p.event) r.event = static_cast<int>(e);
        r.wave = 0;
        if (r.event < 0) {
            r.info_issues.push_back(fmt::format(
                "bib {} is entered in event \"{}\", which the race config lacks: not scored",
                p.bib, p.event));
        } else if (!p.wave.empty()) {
            const auto& waves = events[static_cast<std::size_t>(r.event)].waves;
            auto it = std::find_if(waves.begin(), waves.end(), [&](const Wave& w) { return w.name == p.wave; });
            if (it == waves.end())
                r.info_issues.push_back(fmt::format(
                    "bib {}: event \"{}\" has no wave \"{}\": starts with the first wave", p.bib,
                    p.event, p.wave));
            else
                r.wave = static_cast<int>(it - waves.begin());
        }
        r.age = runner_age(p, config.date, config.categories.age_on);
        r.category_explicit = !p.category.empty();
        r.category = r.category_explicit ? p.category
                                         : category_name(p.gender, r.age, config.categories.age_groups);
        r.category_id = intern_category(r.category);
        if (old != std::tuple(r.event, r.wave, r.age, r.category, r.eff)) {
            mark_result(i);
            mark_dirty(static_cast<std::int32_t>(i));
            if (std::get<0>(old) != r.event) membership_dirty = true;
        }
        sync_hot(i);
    }

    void apply_corrections(bool full) {
        auto next = derive_corrections(corrections);
        // Everyone a correction names, before or after, is looked at again.
        std::set<std::string> bibs;
        for (const auto* state : {&cs, &next}) {
            for (const auto& [bib, b] : state->bibs) bibs.insert(bib);
            for (const auto& [id, bib] : state->read_to_bib) bibs.insert(bib);
            for (const auto& [chip, bib] : state->chip_to_bib) bibs.insert(bib);
            for (const auto& g : state->dead_heats) bibs.insert(g.begin(), g.end());
        }
        std::vector<std::int64_t> touched_reads;
        for (const auto* state : {&cs, &next}) {
            touched_reads.insert(touched_reads.end(), state->ignored_reads.begin(), state->ignored_reads.end());
            for (const auto& [id, bib] : state->read_to_bib) touched_reads.push_back(id);
        }
        auto mark_read_owners = [&] {
            for (auto id : touched_reads) {
                auto it = read_chip.find(id);
                if (it != read_chip.end() && it->second >= 0)
                    mark_dirty(chips[static_cast<std::size_t>(it->second)].owner);
            }
        };
        mark_read_owners();
        const bool same = !full && next == cs;
        if (full || next.withdrawn_entries != cs.withdrawn_entries) {
            // An entry withdrawn or put back: the manual finish of its bib, the tap/scan pairing
            // and the recorded guns (apply_guns runs after this) are looked at again.
            std::vector<std::int64_t> changed;
            std::set_symmetric_difference(cs.withdrawn_entries.begin(), cs.withdrawn_entries.end(),
                                          next.withdrawn_entries.begin(), next.withdrawn_entries.end(),
                                          std::back_inserter(changed));
            for (auto id : changed) {
                auto it = std::lower_bound(bib_entries.begin(), bib_entries.end(), id,
                                           [](const EntryRecord& en, std::int64_t v) { return en.id < v; });
                if (it != bib_entries.end() && it->id == id) mark_dirty(bib_runner[it->bib]);
            }
            pairing_dirty = true;
            entries_lists_dirty = true;
        }
        cs = std::move(next);
        locate_referenced_reads();
        for (auto& r : runners) {
            auto it = cs.bibs.find(r.base.bib);
            r.corr = it == cs.bibs.end() ? nullptr : &it->second;
        }
        rebuild_ownership();
        mark_read_owners();
        for (const auto& bib : bibs) mark_dirty(runner_of_bib(bib));
        for (std::size_t i = 0; i < runners.size(); ++i)
            if (full || runners[i].corr || bibs.count(runners[i].base.bib)) refresh_info(i);

        for (auto& r : runners) r.dead_heat = -1;
        for (std::size_t g = 0; g < cs.dead_heats.size(); ++g)
            for (const auto& bib : cs.dead_heats[g]) {
                const auto r = runner_of_bib(bib);
                if (r >= 0) runners[static_cast<std::size_t>(r)].dead_heat = static_cast<int>(g);
            }
        for (std::size_t i = 0; i < runners.size(); ++i) sync_hot(i);

        correction_issues.clear();
        for (const auto& i : cs.issues) correction_issues.push_back(i.what);
        for (const auto& bib : bibs)
            if (runner_of_bib(bib) < 0 &&
                (cs.bibs.count(bib) || std::any_of(cs.read_to_bib.begin(), cs.read_to_bib.end(),
                                                   [&](const auto& kv) { return kv.second == bib; }) ||
                 std::any_of(cs.chip_to_bib.begin(), cs.chip_to_bib.end(),
                             [&](const auto& kv) { return kv.second == bib; }) ||
                 std::any_of(cs.dead_heats.begin(), cs.dead_heats.end(), [&](const auto& g) {
                     return std::find(g.begin(), g.end(), bib) != g.end();
                 })))
                correction_issues.push_back(fmt::format(
                    "a correction names bib {}, which is not a participant: import it or correct the bib",
                    bib));
        for (const auto& g : cs.guns) {
            auto ev = std::find_if(events.begin(), events.end(), [&](const Event& e) { return e.cfg->id == g.event_id; });
            if (ev == events.end())
                correction_issues.push_back(fmt::format("set_gun correction {} names event id {}, which the race lacks", g.id, g.event_id));
            else if (g.wave_id && std::none_of(ev->waves.begin(), ev->waves.end(), [&](const Wave& w) { return w.id == *g.wave_id; }))
                correction_issues.push_back(fmt::format("set_gun correction {} names wave id {}, which event \"{}\" lacks", g.id, *g.wave_id, ev->cfg->name));
        }

        corrections_dirty = false;
        guns_dirty = true;
        unassigned_dirty = true;
        issues_dirty = true;
        if (!same)
            for (auto& e : events) e.changed = true;  // dead heats and categories move places
    }

    void rebuild_membership() {
        for (auto& e : events) {
            e.members.clear();
            e.changed = true;
        }
        for (std::size_t i = 0; i < runners.size(); ++i)
            if (runners[i].event >= 0)
                events[static_cast<std::size_t>(runners[i].event)].members.push_back(static_cast<std::uint32_t>(i));
        membership_dirty = false;
    }

    // ---- entries -------------------------------------------------------------------------

    void apply_pairing() {
        std::vector<std::optional<ManualTime>> next(bib_names.size());
        // Withdrawn scans and taps leave the sequence: the n-th tap still in force pairs with
        // the n-th scan still in force.
        std::vector<const Tap*> live_taps;
        for (const auto& t : taps)
            if (!withdrawn(t.id)) live_taps.push_back(&t);
        std::size_t k = 0;
        for (const auto& s : scans) {
            if (withdrawn(s.id)) continue;
            ManualTime t{s.time, s.known, s.id, {s.known, RecordTable::entry, s.id}};
            if (const auto* tap = k < live_taps.size() ? live_taps[k] : nullptr)
                t = {tap->time, std::max(s.known, tap->known), s.id, {tap->known, RecordTable::entry, tap->id}};
            ++k;
            auto& slot = next[s.bib];
            if (!slot || t < *slot) slot = t;
        }
        unpaired_taps.clear();
        for (; k < live_taps.size(); ++k) unpaired_taps.push_back(*live_taps[k]);
        scan_time.resize(bib_names.size());
        for (std::size_t b = 0; b < next.size(); ++b)
            if (next[b] != scan_time[b]) {
                scan_time[b] = next[b];
                mark_dirty(bib_runner[b]);
            }
        pairing_dirty = false;
        entries_lists_dirty = true;
    }

    // ---- guns ----------------------------------------------------------------------------

    void apply_guns() {
        for (auto& e : events) {
            bool changed = false;
            for (auto& w : e.waves) {
                std::optional<std::pair<std::int64_t, GunSource>> gun;
                // An official's set_gun wins: the latest one for this wave or its event.
                const GunCorrection* best = nullptr;
                for (const auto& g : cs.guns)
                    if (g.event_id == e.cfg->id && (!g.wave_id || *g.wave_id == w.id) &&
                        (!best || g.id > best->id))
                        best = &g;
                if (best)
                    gun = {to_micros(best->time) + (best->wave_id ? 0 : w.offset.count()), GunSource::corrected};
                if (!gun) {
                    const RecordedGun* rec = nullptr;
                    bool event_level = true;
                    for (const auto& g : guns) {
                        if (g.kind == 0 && withdrawn(g.id)) continue;
                        bool applies = false, level = true;
                        if (g.kind == 0) {
                            applies = (!g.event_id || *g.event_id == e.cfg->id) &&
                                      (!g.wave_id || *g.wave_id == w.id);
                            level = !g.wave_id;
                        } else {
                            const auto role = e.role[static_cast<std::size_t>(g.point)];
                            applies = role == Role::start || (!e.has_start_point && role == Role::finish);
                        }
                        if (applies && (!rec || std::tie(g.known, g.kind, g.id) > std::tie(rec->known, rec->kind, rec->id))) {
                            rec = &g;
                            event_level = level;
                        }
                    }
                    if (rec) {
                        const auto t = rec->kind == 0 ? rec->time : rec->time + readers[rec->reader].offset;
                        gun = {t + (event_level ? w.offset.count() : 0), GunSource::recorded};
                    }
                }
                if (!gun) gun = {w.scheduled, GunSource::scheduled};
                if (gun->first != w.gun || gun->second != w.source) {
                    w.gun = gun->first;
                    w.source = gun->second;
                    changed = true;
                }
            }
            if (changed) {
                e.changed = true;
                for (auto r : e.members) mark_dirty(static_cast<std::int32_t>(r));
            }
        }
        guns_dirty = false;
    }

    // ---- scoring one runner --------------------------------------------------------------

    void evaluate(Runner& r, Eval& ev) {
        ev.status = Status::dns;
        ev.gun = 0;
        ev.started = false;
        ev.declared_dnf = false;
        ev.dq_reason.clear();
        ev.start.reset();
        ev.finish.reset();
        ev.finish_known.reset();
        ev.recorded = {};
        ev.chip_finish.reset();
        ev.manual_finish.reset();
        ev.source = FinishSource::none;
        ev.manual_source = FinishSource::none;
        if (r.event < 0) {
            ev.splits.clear();
            return;
        }
        const auto& e = events[static_cast<std::size_t>(r.event)];
        ev.splits.assign(e.splits.size(), std::nullopt);
        const auto gun = e.waves[static_cast<std::size_t>(r.wave)].gun;
        ev.gun = gun;
        const auto min_finish = gun + e.cfg->min_time.count();
        const auto start_end = gun + e.cfg->start_window.count();

        // The runner's reads, sorted by (point, time). One chip and nothing reassigned: read
        // its list in place.
        std::span<const StoredRead> reads;
        const bool filter = !ignored.empty() || !reassigned.empty();
        if (r.chips.size() == 1 && r.extra.empty() && !filter) {
            reads = chips[r.chips[0]].reads;
        } else {
            scratch.clear();
            for (auto c : r.chips)
                for (const auto& sr : chips[c].reads)
                    if (!filter || (!ignored.count(sr.id) && !reassigned.count(sr.id))) scratch.push_back(sr);
            for (const auto& sr : r.extra)
                if (!ignored.count(sr.id)) scratch.push_back(sr);
            if (r.chips.size() > 1 || !r.extra.empty()) std::sort(scratch.begin(), scratch.end(), read_less);
            reads = scratch;
        }

        std::optional<std::int64_t> chip_known;
        Recorded chip_recorded;
        for (std::size_t i = 0; i < reads.size();) {
            const auto p = reads[i].point;
            std::size_t j = i;
            while (j < reads.size() && reads[j].point == p) ++j;
            const auto seg = reads.subspan(i, j - i);
            i = j;
            const auto role = p < e.role.size() ? e.role[p] : Role::none;
            if (role == Role::none) continue;
            if (seg.back().time >= gun) ev.started = true;
            const auto window = dedup[p].count();
            switch (role) {
            case Role::start:
                if (auto k = last_read_between(seg, gun, start_end))
                    if (!ev.start || seg[*k].time > *ev.start) ev.start = seg[*k].time;
                break;
            case Role::split:
                if (auto k = first_passing_from(seg, gun, window)) {
                    auto& slot = ev.splits[static_cast<std::size_t>(e.split_of[p])];
                    if (!slot || seg[*k].time < *slot) slot = seg[*k].time;
                }
                break;
            case Role::finish:
                if (auto k = first_passing_from(seg, min_finish, window))
                    if (!ev.chip_finish || seg[*k].time < *ev.chip_finish) {
                        ev.chip_finish = seg[*k].time;
                        chip_known = seg[*k].receive;
                        chip_recorded = {seg[*k].receive, RecordTable::read, seg[*k].id};
                    }
                break;
            case Role::none:
                break;
            }
        }

        // Manual finishes: stated finishes and scans (paired with taps); the earliest counts.
        std::optional<ManualTime> manual;
        for (const auto& m : finish_entries[r.bib])
            if ((!manual || m < *manual) && !withdrawn(m.id)) {
                manual = m;
                ev.manual_source = FinishSource::manual;
            }
        if (const auto& s = scan_time[r.bib]; s && (!manual || *s < *manual)) {
            manual = s;
            ev.manual_source = FinishSource::scan;
        }
        if (manual) ev.manual_finish = manual->time;

        const auto* corr = r.corr;
        if (corr && corr->finish) {
            ev.finish = to_micros(*corr->finish);
            ev.finish_known = to_micros(*corr->finish_known);
            ev.recorded = {*ev.finish_known, RecordTable::correction, corr->finish_id};
            ev.source = FinishSource::correction;
        } else if (ev.chip_finish && !(manual && corr && corr->prefer_manual)) {
            ev.finish = ev.chip_finish;
            ev.finish_known = chip_known;
            ev.recorded = chip_recorded;
            ev.source = FinishSource::chip;
        } else if (manual) {
            ev.finish = manual->time;
            ev.finish_known = manual->known;
            ev.recorded = manual->recorded;
            ev.source = ev.manual_source;
        }
        if (ev.finish) ev.started = true;

        if (corr && corr->dq_reason) {
            ev.status = Status::dq;
            ev.dq_reason = *corr->dq_reason;
        } else if (corr && corr->dnf) {
            ev.status = Status::dnf;
            ev.declared_dnf = true;
        } else if (ev.finish) {
            ev.status = Status::finished;
        } else if (ev.started) {
            ev.status = Status::dnf;
        }
    }

    RankKey rank_key(const Runner& r, std::uint32_t index) const {
        const auto& e = events[static_cast<std::size_t>(r.event)];
        const auto gun = e.waves[static_cast<std::size_t>(r.wave)].gun;
        const auto from = e.cfg->rank_by == timing::RankBy::gun ? gun : r.ev.start.value_or(gun);
        return {*r.ev.finish - from, *r.ev.finish, r.ev.recorded, index};
    }

    void unrank(Runner& r) {
        auto& ranking = events[static_cast<std::size_t>(r.ranked_event)].ranking;
        auto it = std::lower_bound(ranking.begin(), ranking.end(), r.key,
                                   [&](std::uint32_t a, const RankKey& k) { return runners[a].key < k; });
        ranking.erase(it);
        events[static_cast<std::size_t>(r.ranked_event)].changed = true;
        r.ranked = false;
    }

    void reevaluate(std::uint32_t index) {
        auto& r = runners[index];
        dirty_flag[index] = 0;
        Eval& ev = next_eval;
        evaluate(r, ev);
        const bool was_conflict = r.ev.conflict();
        const bool same = ev == r.ev;
        if (!same) std::swap(r.ev, ev);
        const bool rank = r.ev.status == Status::finished && r.event >= 0;
        const RankKey key = rank ? rank_key(r, index) : RankKey{};
        if (r.ranked && (!rank || r.ranked_event != r.event || key != r.key)) unrank(r);
        if (rank && !r.ranked) {
            auto& ranking = events[static_cast<std::size_t>(r.event)].ranking;
            auto it = std::lower_bound(ranking.begin(), ranking.end(), key,
                                       [&](std::uint32_t a, const RankKey& k) { return runners[a].key < k; });
            ranking.insert(it, index);
            r.key = key;
            r.ranked = true;
            r.ranked_event = r.event;
            events[static_cast<std::size_t>(r.event)].changed = true;
        }
        if (!same) {
            mark_result(index);
            const bool conflict = r.ev.conflict();
            if (conflict != r.in_conflicts) {
                auto it = std::lower_bound(conflict_runners.begin(), conflict_runners.end(), index);
                if (conflict) conflict_runners.insert(it, index);
                else conflict_runners.erase(it);
                r.in_conflicts = conflict;
            }
            if (was_conflict || conflict) conflicts_dirty = true;
        }
        // Finishers in the order the board shows them as they come in.
        const LatestKey lk = rank ? LatestKey{r.ev.finish_known.value_or(0), *r.ev.finish, r.ev.recorded, index} : LatestKey{};
        if (r.in_latest && (!rank || lk != r.latest)) {
            latest.erase(std::lower_bound(latest.begin(), latest.end(), r.latest));
            r.in_latest = false;
            latest_dirty = true;
        }
        if (rank && !r.in_latest) {
            latest.insert(std::lower_bound(latest.begin(), latest.end(), lk), lk);
            r.latest = lk;
            r.in_latest = true;
            latest_dirty = true;
        }
        sync_hot(index);
    }

    void update() {
        if (corrections_dirty) apply_corrections(false);
        if (membership_dirty) rebuild_membership();
        if (pairing_dirty) apply_pairing();
        if (guns_dirty) apply_guns();
        for (std::size_t k = 0; k < dirty.size(); ++k) reevaluate(dirty[k]);
        dirty.clear();
    }

    // Everything from the stored rows, reusing nothing derived.
    void rebuild_all() {
        for (auto& r : runners) {
            r.ev = Eval{};
            r.ranked = false;
            r.in_latest = false;
            r.in_conflicts = false;
            r.result.reset();
            r.result_dirty = false;
            r.corr = nullptr;
        }
        result_dirty.clear();
        latest.clear();
        conflict_runners.clear();
        blocks.assign((runners.size() + block_size - 1) / block_size, nullptr);
        for (auto& e : events) {
            e.ranking.clear();
            e.cached.reset();
            e.changed = true;
            for (auto& w : e.waves) {
                w.gun = w.scheduled;
                w.source = GunSource::scheduled;
            }
        }
        dirty.clear();
        std::fill(dirty_flag.begin(), dirty_flag.end(), 0);
        read_chip.clear();
        cs = CorrectionState{};
        std::fill(scan_time.begin(), scan_time.end(), std::nullopt);
        apply_corrections(true);
        rebuild_membership();
        apply_pairing();
        apply_guns();
        std::fill(dirty_flag.begin(), dirty_flag.end(), 0);
        dirty.clear();
        for (std::uint32_t i = 0; i < runners.size(); ++i) evaluate(runners[i], runners[i].ev);
        for (std::size_t e = 0; e < events.size(); ++e) {
            auto& ranking = events[e].ranking;
            for (std::uint32_t i = 0; i < runners.size(); ++i) {
                auto& r = runners[i];
                if (r.event != static_cast<int>(e) || r.ev.status != Status::finished) continue;
                r.key = rank_key(r, i);
                r.ranked = true;
                r.ranked_event = r.event;
                ranking.push_back(i);
            }
            std::sort(ranking.begin(), ranking.end(),
                      [&](auto a, auto b) { return runners[a].key < runners[b].key; });
        }
        for (std::uint32_t i = 0; i < runners.size(); ++i) {
            auto& r = runners[i];
            if (r.ranked) {
                r.latest = {r.ev.finish_known.value_or(0), *r.ev.finish, r.ev.recorded, i};
                r.in_latest = true;
                latest.push_back(r.latest);
            }
            if (r.ev.conflict()) {
                r.in_conflicts = true;
                conflict_runners.push_back(i);
            }
            r.result_dirty = false;
            mark_result(i);
            sync_hot(i);
        }
        std::sort(latest.begin(), latest.end());
        unassigned_dirty = flagged_dirty = entries_lists_dirty = conflicts_dirty = latest_dirty =
            issues_dirty = true;
        last.reset();
    }

    // ---- snapshots -----------------------------------------------------------------------

    std::shared_ptr<const RunnerResult> build_result(const Runner& r) const {
        auto x = std::make_shared<RunnerResult>();
        const auto& p = r.eff;
        x->participant_id = p.id;
        x->bib = p.bib;
        x->name = p.name;
        x->gender = p.gender;
        x->age = r.age;
        x->category = r.category;
        x->category_explicit = r.category_explicit;
        x->team = p.team;
        x->event = p.event;
        const auto& ev = r.ev;
        x->status = ev.status;
        x->dq_reason = ev.dq_reason;
        x->declared_dnf = ev.declared_dnf;
        x->on_course = ev.status == Status::dnf && !ev.declared_dnf;
        if (r.event < 0) return x;
        const auto& e = events[static_cast<std::size_t>(r.event)];
        const auto& w = e.waves[static_cast<std::size_t>(r.wave)];
        x->wave = w.name;
        x->gun = timing::instant_from_micros(w.gun);
        const auto from = ev.start.value_or(w.gun);
        if (ev.start) x->start_passing = timing::instant_from_micros(*ev.start);
        const double distance = e.cfg->distance_m;
        if (ev.finish) {
            x->finish = timing::instant_from_micros(*ev.finish);
            x->finish_source = ev.source;
            if (ev.finish_known) x->finish_known = timing::instant_from_micros(*ev.finish_known);
            x->manual_finish = ev.source != FinishSource::chip;
            x->gun_time = Duration{*ev.finish - w.gun};
            x->net_time = Duration{*ev.finish - from};
            x->pace_per_km = pace(*x->net_time, 1e6, distance);
            x->pace_per_mile = pace(*x->net_time, metres_per_mile, distance);
            x->rank_time = e.cfg->rank_by == timing::RankBy::gun ? x->gun_time : x->net_time;
            x->over_cutoff = e.cfg->cutoff && *x->gun_time > *e.cfg->cutoff;
            if (ages && ev.status == Status::finished && p.gender && r.age)
                x->age_grade = ages->grade(config.results.age_grade_edition, *p.gender, *r.age,
                                           distance, *x->net_time);
        }
        x->splits.resize(e.splits.size());
        for (std::size_t k = 0; k < e.splits.size(); ++k) {
            if (!ev.splits[k]) continue;
            auto& s = x->splits[k];
            s.at = timing::instant_from_micros(*ev.splits[k]);
            s.elapsed = Duration{*ev.splits[k] - from};
            if (const auto& d = e.splits[k].distance_m) {
                s.pace_per_km = pace(*s.elapsed, 1e6, *d);
                s.pace_per_mile = pace(*s.elapsed, metres_per_mile, *d);
            }
        }
        return x;
    }

    std::shared_ptr<const EventStandings> build_event(std::size_t index) {
        auto& e = events[index];
        auto x = std::make_shared<EventStandings>();
        const auto& c = *e.cfg;
        x->id = c.id;
        x->name = c.name;
        x->distance_m = c.distance_m;
        x->rank_by = c.rank_by;
        x->cutoff = c.cutoff;
        for (const auto& w : e.waves)
            x->waves.push_back({w.name, timing::instant_from_micros(w.gun), w.source});
        x->splits = e.splits;
        x->rows.reserve(e.members.size());

        // Places: position in the ranking, shared only within a declared dead heat.
        struct Last {
            std::int32_t dead_heat = -1;
            int place = 0;
            int count = 0;
        };
        std::array<Last, 3> by_gender{};
        std::vector<Last> by_category(category_names.size());
        Last overall;
        auto next_place = [](Last& l, const Hot& h) {
            ++l.count;
            const bool shares = l.count > 1 && h.dead_heat >= 0 && l.dead_heat == h.dead_heat;
            if (!shares) l.place = l.count;
            l.dead_heat = h.dead_heat;
            return std::pair(l.place, shares);
        };
        for (auto i : e.ranking) {
            auto& h = hot[i];
            Row row;
            row.runner = shared_result(i);
            const auto [place, heat] = next_place(overall, h);
            row.place = place;
            row.dead_heat = heat;
            if (heat) x->rows.back().dead_heat = true;  // the first of the heat shares it too
            if (h.gender >= 0) row.gender_place = next_place(by_gender[static_cast<std::size_t>(h.gender)], h).first;
            if (h.category >= 0)
                row.category_place = next_place(by_category[static_cast<std::size_t>(h.category)], h).first;
            h.place = place;
            x->rows.push_back(std::move(row));
        }
        auto& n = x->counts;
        std::vector<char> present(category_names.size(), 0);
        for (auto i : e.members) {
            const auto& h = hot[i];
            ++n.entered;
            if (h.category >= 0) present[static_cast<std::size_t>(h.category)] = 1;
            switch (h.status) {
            case Status::finished: ++n.finished; break;
            case Status::dnf:
                ++n.dnf;
                if (!h.declared_dnf) ++n.on_course;
                break;
            case Status::dq: ++n.dq; break;
            case Status::dns: ++n.dns; break;
            }
        }
        n.started = n.entered - n.dns;
        for (auto status : {Status::dnf, Status::dq, Status::dns}) {
            for (auto i : e.members) {
                auto& h = hot[i];
                if (h.status != status) continue;
                h.place = 0;
                Row row;
                row.runner = shared_result(i);
                x->rows.push_back(std::move(row));
            }
        }
        for (std::size_t k = 0; k < present.size(); ++k)
            if (present[k]) x->categories.push_back(category_names[k]);
        std::sort(x->categories.begin(), x->categories.end());
        e.changed = false;
        return x;
    }

    std::shared_ptr<const std::vector<UnassignedRead>> build_unassigned() const {
        auto out = std::make_shared<std::vector<UnassignedRead>>();
        for (std::size_t c = 0; c < chips.size(); ++c) {
            if (chips[c].owner >= 0) continue;
            for (const auto& r : chips[c].reads) {
                if (ignored.count(r.id) || reassigned.count(r.id)) continue;
                out->push_back({r.id, chip_names[c], config.timing_points[r.point].name,
                                timing::instant_from_micros(r.time), readers[r.reader].name});
            }
        }
        std::sort(out->begin(), out->end(), [](const auto& a, const auto& b) {
            return std::tie(a.time, a.read_id) < std::tie(b.time, b.read_id);
        });
        return out;
    }

    std::shared_ptr<const Standings> snapshot() {
        update();
        if (last && last->version == version) return last;
        auto st = std::make_shared<Standings>();
        st->version = version;
        st->race = config.name;
        st->date = config.date;
        st->timezone = config.timezone;
        st->display = config.results.display;
        st->age_grading = ages != nullptr;
        st->categories = config.categories;

        std::vector<char> stale_block(blocks.size(), 0);
        for (auto i : result_dirty) {
            auto& r = runners[i];
            r.result = build_result(r);
            r.result_dirty = false;
            stale_block[i / block_size] = 1;
            if (r.event >= 0) events[static_cast<std::size_t>(r.event)].changed = true;
        }
        result_dirty.clear();
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            if (!stale_block[b] && blocks[b]) continue;
            auto block = std::make_shared<ResultBlock>();
            for (std::size_t k = 0; k < block_size && b * block_size + k < runners.size(); ++k)
                block->items[k] = runners[b * block_size + k].result;
            blocks[b] = std::move(block);
        }
        bool any_event = false;
        for (std::size_t e = 0; e < events.size(); ++e) {
            if (events[e].changed || !events[e].cached) {
                events[e].cached = build_event(e);
                any_event = true;
            }
            st->events.push_back(events[e].cached);
        }
        if (unassigned_dirty || !unassigned_list) {
            unassigned_list = build_unassigned();
            unassigned_dirty = false;
        }
        if (flagged_dirty || !flagged_list) {
            flagged_list = std::make_shared<const std::vector<FlaggedRead>>(flagged);
            flagged_dirty = false;
        }
        if (entries_lists_dirty || !taps_list || !unknown_list) {
            auto taps_out = std::make_shared<std::vector<UnpairedTap>>();
            for (const auto& t : unpaired_taps)
                taps_out->push_back({t.id, timing::instant_from_micros(t.time), t.source});
            taps_list = std::move(taps_out);
            auto unknown = std::make_shared<std::vector<UnknownBibEntry>>();
            for (const auto& en : bib_entries)
                if (bib_runner[en.bib] < 0 && !withdrawn(en.id))
                    unknown->push_back({en.id, en.kind, bib_names[en.bib], timing::instant_from_micros(en.time), en.source});
            unknown_list = std::move(unknown);
            entries_lists_dirty = false;
        }
        if (conflicts_dirty || !conflicts_list) {
            auto out = std::make_shared<std::vector<Conflict>>();
            for (auto i : conflict_runners)
                if (const auto& r = runners[i]; r.ev.conflict())
                    out->push_back({r.eff.bib, r.eff.event, timing::instant_from_micros(*r.ev.chip_finish),
                                    timing::instant_from_micros(*r.ev.manual_finish),
                                    r.ev.source});
            conflicts_list = std::move(out);
            conflicts_dirty = false;
        }
        if (latest_dirty || any_event || !latest_list) {
            auto out = std::make_shared<std::vector<LatestFinisher>>();
            for (std::size_t k = 0; k < latest.size() && k < latest_finishers_kept; ++k) {
                const auto& key = latest[latest.size() - 1 - k];
                const auto i = key.runner;
                const auto place = hot[i].place;
                out->push_back({shared_result(i), place ? std::optional<int>(place) : std::nullopt,
                                timing::instant_from_micros(key.known)});
            }
            latest_list = std::move(out);
            latest_dirty = false;
        }
        if (issues_dirty || !issues_list) {
            auto out = std::make_shared<std::vector<Issue>>();
            for (const auto& i : participant_issues) out->push_back({i});
            for (const auto& i : chip_issues) out->push_back({i});
            for (const auto& i : correction_issues) out->push_back({i});
            for (const auto& r : runners)
                for (const auto& i : r.info_issues) out->push_back({i});
            issues_list = std::move(out);
            issues_dirty = false;
        }
        st->unassigned_reads = unassigned_list;
        st->flagged_reads = flagged_list;
        st->unpaired_taps = taps_list;
        st->unknown_bibs = unknown_list;
        st->conflicts = conflicts_list;
        st->latest_finishers = latest_list;
        st->issues = issues_list;
        if (!refused_list) refused_list = std::make_shared<const std::vector<RefusedRecord>>(refused);
        st->refused = refused_list;
        last = st;
        return last;
    }

    // ---- feeding -------------------------------------------------------------------------

    void add_flagged(const timing::Read& r, std::string reason) {
        FlaggedRead f{r.id, r.chip, readers[reader_of(r.reader_id)].name, r.device_time, r.receive_time,
                      std::move(reason)};
        if (insert_sorted_unique(flagged, std::move(f),
                                 [](const FlaggedRead& a, const FlaggedRead& b) { return a.read_id < b.read_id; })) {
            flagged_dirty = true;
            ++version;
        }
    }

    void add_read(const timing::Read& r) {
        fed.read = std::max(fed.read, r.id);
        if (r.kind == timing::ReadKind::marker) return;
        std::optional<std::uint16_t> point;
        if (r.timing_point_id && !(r.flags & timing::read_flag_unknown_location)) {
            point = point_index.find(*r.timing_point_id);
        }
        const char* reason = nullptr;
        if ((r.flags & timing::read_flag_bad_time) || !r.device_time) reason = "bad time";
        else if (r.flags & timing::read_flag_impossible_time) reason = "impossible time";
        else if (!point) reason = "unknown location";
        if (reason) {
            add_flagged(r, reason);
            return;
        }
        const auto reader = reader_of(r.reader_id);
        if (r.kind == timing::ReadKind::gun) {
            RecordedGun g;
            g.known = to_micros(r.receive_time);
            g.kind = 1;
            g.id = r.id;
            g.point = *point;
            g.time = to_micros(*r.device_time);
            g.reader = reader;
            if (std::any_of(guns.begin(), guns.end(), [&](const RecordedGun& x) { return x.kind == 1 && x.id == r.id; }))
                return;
            guns.push_back(g);
            guns_dirty = true;
            ++version;
            return;
        }
        const auto c = intern_chip(r.chip);
        auto& chip = chips[c];
        const StoredRead sr{to_micros(*r.device_time) + readers[reader].offset, to_micros(r.receive_time), r.id,
                            reader, *point};
        auto& v = chip.reads;
        if (v.empty()) v.reserve(16);  // a crossing is several reads: skip the tiny growth steps
        if (v.empty() || read_less(v.back(), sr)) {
            v.push_back(sr);
        } else if (!insert_sorted_unique(v, sr, read_less)) {
            return;  // fed before
        }
        ++reads_stored;
        ++version;
        if (!read_chip.empty()) {
            auto it = read_chip.find(r.id);
            if (it != read_chip.end()) {
                it->second = static_cast<std::int32_t>(c);
                corrections_dirty = true;  // a correction was waiting for this read
            }
        }
        if (chip.owner >= 0) mark_dirty(chip.owner);
        else unassigned_dirty = true;
    }

    void add_entry(const timing::Entry& e) {
        fed.entry = std::max(fed.entry, e.id);
        if (!entry_ids.insert(e.id).second) return;
        ++version;
        const auto known = to_micros(e.created);
        const auto time = to_micros(e.time);
        switch (e.kind) {
        case timing::EntryKind::finish: {
            const auto bib = intern_bib(e.bib);
            auto& list = finish_entries[bib];
            list.push_back({time, known, e.id, {known, RecordTable::entry, e.id}});
            mark_dirty(bib_runner[bib]);
            insert_sorted_unique(bib_entries, EntryRecord{e.id, e.kind, bib, time, e.source},
                                 [](const auto& a, const auto& b) { return a.id < b.id; });
            entries_lists_dirty = true;
            break;
        }
        case timing::EntryKind::scan: {
            const auto bib = intern_bib(e.bib);
            insert_sorted_unique(scans, Scan{e.id, bib, time, known},
                                 [](const auto& a, const auto& b) { return a.id < b.id; });
            insert_sorted_unique(bib_entries, EntryRecord{e.id, e.kind, bib, time, e.source},
                                 [](const auto& a, const auto& b) { return a.id < b.id; });
            pairing_dirty = true;
            break;
        }
        case timing::EntryKind::tap:
            insert_sorted_unique(taps, Tap{e.id, time, known, e.source},
                                 [](const auto& a, const auto& b) { return a.id < b.id; });
            pairing_dirty = true;
            break;
        case timing::EntryKind::gun: {
            RecordedGun g;
            g.known = known;
            g.kind = 0;
            g.id = e.id;
            g.event_id = e.event_id;
            g.wave_id = e.wave_id;
            g.time = time;
            guns.push_back(g);
            guns_dirty = true;
            break;
        }
        }
    }

    void add_correction(const timing::Correction& c) {
        fed.correction = std::max(fed.correction, c.id);
        if (!insert_sorted_unique(corrections, c, [](const auto& a, const auto& b) { return a.id < b.id; }))
            return;
        corrections_dirty = true;
        ++version;
    }

    void add_refused(const timing::Refused& r) {
        fed.refused = std::max(fed.refused, r.id);
        RefusedRecord row{r.id, readers[reader_of(r.reader_id)].name, r.received, r.raw, r.reason};
        if (insert_sorted_unique(refused, std::move(row), [](const auto& a, const auto& b) {
                return a.refused_id < b.refused_id;
            })) {
            refused_list.reset();
            ++version;
        }
    }

    void add_clock_sync(const timing::ClockSync& s) {
        const auto idx = reader_of(s.reader_id);
        auto& rd = readers[idx];
        const std::pair<std::int64_t, std::int64_t> v{to_micros(s.measured), s.offset.count()};
        if (rd.sync && *rd.sync >= v) return;  // the latest measurement is in force
        rd.sync = v;
        if (rd.config_offset) return;          // the config's offset wins
        const auto delta = v.second - rd.offset;
        if (delta == 0) return;
        rd.offset = v.second;
        ++version;
        // Rare: move every read of that reader and score everyone again.
        for (auto& chip : chips) {
            bool touched = false;
            for (auto& r : chip.reads)
                if (r.reader == idx) {
                    r.time += delta;
                    touched = true;
                }
            if (touched) std::sort(chip.reads.begin(), chip.reads.end(), read_less);
        }
        for (auto& r : runners)
            for (auto& x : r.extra)
                if (x.reader == idx) x.time += delta;
        guns_dirty = true;
        unassigned_dirty = true;
        mark_all_dirty();
    }
};

// ---- Engine -------------------------------------------------------------------------------

namespace {

std::shared_ptr<const AgeGradeTable> table_for(const timing::RaceConfig& config) {
    const auto& path = config.results.age_grade_table;
    if (!path || path->empty()) return nullptr;
    auto table = std::make_shared<const AgeGradeTable>(AgeGradeTable::load(*path));
    if (!table->has_edition(config.results.age_grade_edition)) {
        const auto eds = table->editions();
        throw Error(fmt::format("age_grade_edition {} is not in '{}' (it has {}): change [results] "
                                "age_grade_edition in the race config",
                                config.results.age_grade_edition, *path, fmt::join(eds, ", ")));
    }
    return table;
}

}  // namespace

Engine::Engine(timing::RaceConfig config, std::vector<timing::Participant> participants)
    : Engine(config, std::move(participants), table_for(config)) {}

Engine::Engine(timing::RaceConfig config, std::vector<timing::Participant> participants,
               std::shared_ptr<const AgeGradeTable> age_grades)
    : s_(std::make_unique<State>(std::move(config), std::move(age_grades))) {
    s_->setup_config();
    s_->load_participants(std::move(participants));
    s_->rebuild_all();
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

void Engine::add_read(const timing::Read& r) { s_->add_read(r); }
void Engine::add_entry(const timing::Entry& e) { s_->add_entry(e); }
void Engine::add_correction(const timing::Correction& c) { s_->add_correction(c); }
void Engine::add_clock_sync(const timing::ClockSync& s) { s_->add_clock_sync(s); }
void Engine::add_refused(const timing::Refused& r) { s_->add_refused(r); }

void Engine::set_participants(std::vector<timing::Participant> participants) {
    s_->load_participants(std::move(participants));
    ++s_->version;
    s_->rebuild_all();
}

void Engine::update() { s_->update(); }
std::shared_ptr<const Standings> Engine::snapshot() { return s_->snapshot(); }

std::shared_ptr<const Standings> Engine::rescore() {
    s_->rebuild_all();
    return s_->snapshot();
}

std::uint64_t Engine::version() const { return s_->version; }
FedIds Engine::fed() const { return s_->fed; }
std::size_t Engine::reads_stored() const { return s_->reads_stored; }
const timing::RaceConfig& Engine::config() const { return s_->config; }

}  // namespace fl::results
