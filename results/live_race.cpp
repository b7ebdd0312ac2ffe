#include "results/live_race.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace fl::results {
namespace {

std::string bib_order_key(const std::string& bib) {
    // "2" before "10": shorter bibs first, then by text, as the race file lists them.
    return fmt::format("{:08}{}", bib.size(), bib);
}

}  // namespace

LiveRace::LiveRace(timing::RaceConfig config, std::vector<timing::Participant> participants,
                   std::shared_ptr<const AgeGradeTable> ages)
    : config_(std::move(config)), calendar_(config_.calendar()), ages_(std::move(ages)) {
    assign_missing_ids(config_);
    layouts_ = lay_out_events(config_, calendar_);
    tables_.resize(layouts_.size());
    for (auto& t : tables_) t.ranking = OrderedList<std::uint32_t, ByRankKey>(ByRankKey{&rank_keys_});
    moves_.ranking_in.resize(layouts_.size());
    moves_.ranking_out.resize(layouts_.size());
    for (std::size_t i = 0; i < config_.timing_points.size(); ++i) {
        point_index_.set(config_.timing_points[i].id, static_cast<std::uint16_t>(i));
        dedup_.push_back(config_.timing_points[i].dedup_window);
    }
    set_up_readers();
    load_participants(std::move(participants));
    rescore();
}

void LiveRace::set_up_readers() {
    for (const auto& r : config_.readers) {
        reader_index_.set(r.id, static_cast<std::uint16_t>(readers_.size()));
        Reader rd;
        rd.id = r.id;
        rd.name = r.name;
        rd.config_offset = r.clock_offset;
        rd.offset = r.clock_offset ? r.clock_offset->count() : 0;
        readers_.push_back(std::move(rd));
    }
}

void LiveRace::set_participants(std::vector<timing::Participant> participants) {
    load_participants(std::move(participants));
    ++version_;
    rescore();
}

std::uint32_t LiveRace::intern_bib(const std::string& bib) {
    auto [it, added] = bib_ids_.try_emplace(bib, static_cast<std::uint32_t>(bib_names_.size()));
    if (added) {
        bib_names_.push_back(bib);
        bib_runner_.push_back(-1);
        scan_time_.emplace_back();
    }
    return it->second;
}

std::uint32_t LiveRace::intern_chip(std::string_view chip) {
    const auto id = chip_ids_.intern(chip, chip_names_);
    if (id == chips_.size()) chips_.emplace_back();
    return id;
}

int LiveRace::intern_category(const std::string& name) {
    if (name.empty()) return -1;
    auto [it, added] = category_ids_.try_emplace(name, static_cast<int>(category_names_.size()));
    if (added) category_names_.push_back(name);
    return it->second;
}

std::uint16_t LiveRace::reader_of(std::int64_t id) {
    if (const auto known = reader_index_.find(id)) return *known;
    const auto idx = static_cast<std::uint16_t>(readers_.size());
    reader_index_.set(id, idx);
    Reader rd;
    rd.id = id;
    const auto named = reader_names_.find(id);
    rd.name = named != reader_names_.end() ? named->second : fmt::format("reader {}", id);
    readers_.push_back(std::move(rd));
    return idx;
}

void LiveRace::name_readers(const std::map<std::int64_t, std::string>& names) {
    for (const auto& [id, name] : names) reader_names_[id] = name;
}

std::int32_t LiveRace::runner_of_bib(const std::string& bib) const {
    auto it = bib_ids_.find(bib);
    return it == bib_ids_.end() ? -1 : bib_runner_[it->second];
}

void LiveRace::load_participants(std::vector<timing::Participant> list) {
    participant_issues_.clear();
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        return bib_order_key(a.bib) < bib_order_key(b.bib);
    });
    runners_.clear();
    dirty_.clear();
    std::fill(bib_runner_.begin(), bib_runner_.end(), -1);
    for (auto& c : chips_) c.owner = -1;  // owners were indices into the old list
    for (auto& p : list) {
        const auto bib = intern_bib(p.bib);
        if (bib_runner_[bib] >= 0) {
            participant_issues_.push_back(fmt::format(
                "bib {} is listed twice among the participants: the second ({}) is left out", p.bib, p.name));
            continue;
        }
        bib_runner_[bib] = static_cast<std::int32_t>(runners_.size());
        Runner r;
        r.bib = bib;
        r.entrant.person = p;
        r.registered = std::move(p);
        runners_.push_back(std::move(r));
    }
    listed_chips_.assign(runners_.size(), {});
    for (std::size_t i = 0; i < runners_.size(); ++i)
        for (const auto& chip : runners_[i].registered.chips) listed_chips_[i].push_back(intern_chip(chip));
    place_inputs_.assign(runners_.size(), PlaceInputs{});
    rank_keys_.assign(runners_.size(), RankKey{});
    dirty_flag_.assign(runners_.size(), 0);
    stale_results_.clear();
    latest_.clear();
    conflict_runners_.clear();
    blocks_.reset(runners_.size());
}

// ---- what changed -------------------------------------------------------------------------

void LiveRace::mark_dirty(std::int32_t r) {
    if (r < 0) return;
    auto& flag = dirty_flag_[static_cast<std::size_t>(r)];
    if (!flag) {
        flag = 1;
        dirty_.push_back(static_cast<std::uint32_t>(r));
    }
}

void LiveRace::mark_all_dirty() {
    for (std::size_t i = 0; i < runners_.size(); ++i) mark_dirty(static_cast<std::int32_t>(i));
}

// The runner's RunnerResult is stale: rebuilt at the next snapshot, with its event's table.
void LiveRace::mark_result(std::size_t i) {
    auto& r = runners_[i];
    if (!r.result_stale) {
        r.result_stale = true;
        stale_results_.push_back(static_cast<std::uint32_t>(i));
    }
    if (r.entrant.event >= 0) tables_[static_cast<std::size_t>(r.entrant.event)].changed = true;
}

void LiveRace::sync_place_inputs(std::size_t i) {
    const auto& r = runners_[i];
    auto& h = place_inputs_[i];
    h.status = r.score.status;
    h.declared_dnf = r.score.declared_dnf;
    const auto& gender = r.entrant.person.gender;
    h.gender = gender ? static_cast<std::int8_t>(*gender) : std::int8_t{-1};
    h.category = r.category_id;
    h.dead_heat = r.dead_heat;
}

void LiveRace::update() {
    if (corrections_dirty_) apply_corrections();
    if (membership_dirty_) rebuild_membership();
    if (pairing_dirty_) apply_pairing();
    if (guns_dirty_) apply_guns();
    rescore_dirty();
    // A lap race's leader finishing (or no longer leading) ends the others' races: once more.
    if (settle_lap_leaders()) rescore_dirty();
}

void LiveRace::rescore_dirty() {
    for (std::size_t k = 0; k < dirty_.size(); ++k) {
        // A re-score walks every runner's reads, which are far apart in memory: ask for the
        // next runner's while this one is scored.
        if (k + prefetch_ahead < dirty_.size()) prefetch_reads(dirty_[k + prefetch_ahead]);
        rescore_runner(dirty_[k]);
    }
    dirty_.clear();
    apply_moves();
}

bool LiveRace::settle_lap_leaders() {
    bool changed = false;
    for (std::size_t e = 0; e < layouts_.size(); ++e) {
        auto& layout = layouts_[e];
        const auto& c = *layout.config;
        if (c.type != timing::EventType::laps || !c.laps || c.lapped_continue) continue;
        std::optional<std::int64_t> leader;
        for (auto i : tables_[e].members) {
            const auto& s = runners_[i].score;
            if (s.last_lap_uncut && s.status != Status::dq && (!leader || *s.last_lap_uncut < *leader))
                leader = s.last_lap_uncut;
        }
        if (leader == layout.leader_finish) continue;
        layout.leader_finish = leader;
        tables_[e].changed = true;
        for (auto i : tables_[e].members) mark_dirty(static_cast<std::int32_t>(i));
        changed = true;
    }
    return changed;
}

void LiveRace::prefetch_reads(std::uint32_t runner) const {
    const auto& r = runners_[runner];
    if (r.chips.empty()) return;
    const auto& reads = chips_[r.chips[0]].reads;
    if (!reads.empty()) __builtin_prefetch(reads.data());
}

void LiveRace::rescore() {
    for (auto& r : runners_) {
        r.score = RunnerScore{};
        r.ranked = false;
        r.in_latest = false;
        r.in_conflicts = false;
        r.result.reset();
        r.result_stale = false;
        r.corrections = nullptr;
    }
    stale_results_.clear();
    latest_.clear();
    conflict_runners_.clear();
    blocks_.reset(runners_.size());
    for (auto& t : tables_) {
        t.ranking.clear();
        t.cached.reset();
        t.changed = true;
    }
    for (auto& e : layouts_) {
        for (auto& w : e.waves) {
            w.gun = w.scheduled;
            w.source = GunSource::scheduled;
        }
        e.leader_finish.reset();
    }
    dirty_.clear();
    std::fill(dirty_flag_.begin(), dirty_flag_.end(), 0);
    read_chip_.clear();
    in_force_ = CorrectionsInForce{};
    for (auto& times : scan_time_) times.clear();
    rescore_pending_ = corrections_dirty_ = membership_dirty_ = pairing_dirty_ = guns_dirty_ = true;
    for (std::size_t i = 0; i < runners_.size(); ++i) mark_result(i);
    mark_all_dirty();
    // The same path as one read: every runner re-scored, the lists moved as one batch.
    update();
    unassigned_dirty_ = flagged_dirty_ = entries_lists_dirty_ = conflicts_dirty_ = latest_dirty_ =
        issues_dirty_ = true;
    last_.reset();
}

}  // namespace fl::results
