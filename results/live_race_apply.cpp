// LiveRace: bringing the derived state up to date with what was fed (corrections, chip
// owners, event members, tap/scan pairing, guns) and re-scoring the runners it touched.
#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "results/chip_ownership.hpp"
#include "results/gun_in_force.hpp"
#include "results/live_race.hpp"
#include "results/tap_scan_pairing.hpp"

namespace fl::results {

// ---- corrections, ownership, participant edits ----------------------------------------------

void LiveRace::locate_referenced_reads() {
    std::unordered_set<std::int64_t> missing;
    auto want = [&](std::int64_t id) {
        if (read_chip_.try_emplace(id, -1).second) missing.insert(id);
    };
    for (auto id : in_force_.ignored_reads) want(id);
    for (const auto& [id, bib] : in_force_.read_to_bib) want(id);
    if (missing.empty()) return;
    for (std::size_t c = 0; c < chips_.size() && !missing.empty(); ++c)
        for (const auto& r : chips_[c].reads)
            if (missing.erase(r.id)) read_chip_[r.id] = static_cast<std::int32_t>(c);
}

// Chip owners, each runner's chips, and the reads assign_read gives away. Runners whose reads
// change are marked dirty.
void LiveRace::rebuild_ownership() {
    std::vector<std::pair<std::uint32_t, std::int32_t>> assigned;
    for (const auto& [chip, bib] : in_force_.chip_to_bib) {
        const auto r = runner_of_bib(bib);
        if (r < 0) continue;  // listed as an issue
        assigned.emplace_back(intern_chip(chip), r);  // may be a chip no read has named yet
    }
    const auto owners = own_chips(listed_chips_, assigned, chips_.size());
    chip_issues_.clear();
    for (const auto& d : owners.double_listed) {
        const auto& kept = runners_[static_cast<std::size_t>(d.kept_by)].registered.bib;
        chip_issues_.push_back(fmt::format("chip {} is listed for bibs {} and {}: it counts for bib {}",
                                           chip_names_[d.chip], kept,
                                           runners_[static_cast<std::size_t>(d.listed_for)].registered.bib, kept));
    }
    std::vector<std::vector<std::uint32_t>> worn(runners_.size());
    for (std::size_t c = 0; c < chips_.size(); ++c) {
        chips_[c].owner = owners.owner[c];
        if (owners.owner[c] >= 0) worn[static_cast<std::size_t>(owners.owner[c])].push_back(static_cast<std::uint32_t>(c));
    }
    std::vector<std::vector<StoredRead>> given(runners_.size());
    reassigned_.clear();
    for (const auto& [id, bib] : in_force_.read_to_bib) {
        const auto r = runner_of_bib(bib);
        if (r < 0) continue;  // listed as an issue; the read stays where it was
        reassigned_[id] = r;
        const auto c = read_chip_[id];
        if (c < 0) continue;  // not fed yet: add_read reruns this when it comes
        for (const auto& sr : chips_[static_cast<std::size_t>(c)].reads)
            if (sr.id == id) given[static_cast<std::size_t>(r)].push_back(sr);
    }
    for (std::size_t i = 0; i < runners_.size(); ++i) {
        std::sort(given[i].begin(), given[i].end(), read_less);
        auto& run = runners_[i];
        const bool same_given = std::equal(run.assigned_reads.begin(), run.assigned_reads.end(), given[i].begin(),
                                           given[i].end(), [](const auto& a, const auto& b) {
                                               return a.id == b.id && a.time == b.time;
                                           });
        if (run.chips != worn[i] || !same_given) {
            run.chips = std::move(worn[i]);
            run.assigned_reads = std::move(given[i]);
            mark_dirty(static_cast<std::int32_t>(i));
        }
    }
    ignored_ = std::unordered_set<std::int64_t>(in_force_.ignored_reads.begin(), in_force_.ignored_reads.end());
}

// The participant as edited, and what follows from it: event, wave, age, category.
void LiveRace::refresh_entrant(std::size_t i) {
    auto& r = runners_[i];
    r.info_issues.clear();
    auto person = r.registered;
    if (r.corrections) person = apply_edits(std::move(person), r.corrections->edits, config_, r.info_issues);
    auto next = enter(std::move(person), layouts_, config_, r.info_issues);
    r.category_id = intern_category(next.category);
    if (next != r.entrant) {
        if (next.event != r.entrant.event) membership_dirty_ = true;
        r.entrant = std::move(next);
        mark_result(i);
        mark_dirty(static_cast<std::int32_t>(i));
    }
    sync_place_inputs(i);
}

void LiveRace::apply_corrections() {
    const bool full = rescore_pending_;
    rescore_pending_ = false;
    auto next = derive_corrections(corrections_);
    // Everyone a correction names, before or after, is looked at again.
    std::set<std::string> bibs;
    for (const auto* state : {&in_force_, &next}) {
        for (const auto& [bib, b] : state->bibs) bibs.insert(bib);
        for (const auto& [id, bib] : state->read_to_bib) bibs.insert(bib);
        for (const auto& [chip, bib] : state->chip_to_bib) bibs.insert(bib);
        for (const auto& g : state->dead_heats) bibs.insert(g.begin(), g.end());
    }
    std::vector<std::int64_t> touched_reads;
    for (const auto* state : {&in_force_, &next}) {
        touched_reads.insert(touched_reads.end(), state->ignored_reads.begin(), state->ignored_reads.end());
        for (const auto& [id, bib] : state->read_to_bib) touched_reads.push_back(id);
    }
    auto mark_read_owners = [&] {
        for (auto id : touched_reads) {
            auto it = read_chip_.find(id);
            if (it != read_chip_.end() && it->second >= 0) mark_dirty(chips_[static_cast<std::size_t>(it->second)].owner);
        }
    };
    mark_read_owners();
    const bool same = !full && next == in_force_;
    if (full || next.withdrawn_entries != in_force_.withdrawn_entries) {
        // An entry withdrawn or put back: the manual finish of its bib, the tap/scan pairing
        // and the recorded guns (apply_guns runs after this) are looked at again.
        for (auto bib : entries_.withdraw(next.withdrawn_entries)) mark_dirty(bib_runner_[bib]);
        pairing_dirty_ = true;
        entries_lists_dirty_ = true;
    }
    in_force_ = std::move(next);
    locate_referenced_reads();
    for (auto& r : runners_) {
        auto it = in_force_.bibs.find(r.registered.bib);
        r.corrections = it == in_force_.bibs.end() ? nullptr : &it->second;
    }
    rebuild_ownership();
    mark_read_owners();
    for (const auto& bib : bibs) mark_dirty(runner_of_bib(bib));
    for (std::size_t i = 0; i < runners_.size(); ++i)
        if (full || runners_[i].corrections || bibs.count(runners_[i].registered.bib)) refresh_entrant(i);

    for (auto& r : runners_) r.dead_heat = -1;
    for (std::size_t g = 0; g < in_force_.dead_heats.size(); ++g)
        for (const auto& bib : in_force_.dead_heats[g]) {
            const auto r = runner_of_bib(bib);
            if (r >= 0) runners_[static_cast<std::size_t>(r)].dead_heat = static_cast<int>(g);
        }
    for (std::size_t i = 0; i < runners_.size(); ++i) sync_place_inputs(i);
    list_correction_issues(bibs);

    corrections_dirty_ = false;
    guns_dirty_ = true;
    unassigned_dirty_ = true;
    issues_dirty_ = true;
    if (!same)
        for (auto& t : tables_) t.changed = true;  // dead heats and categories move places
}

void LiveRace::list_correction_issues(const std::set<std::string>& bibs) {
    correction_issues_.clear();
    for (const auto& i : in_force_.issues) correction_issues_.push_back(i.what);
    auto named = [&](const std::string& bib) {
        const auto& c = in_force_;
        return c.bibs.count(bib) ||
               std::any_of(c.read_to_bib.begin(), c.read_to_bib.end(), [&](const auto& kv) { return kv.second == bib; }) ||
               std::any_of(c.chip_to_bib.begin(), c.chip_to_bib.end(), [&](const auto& kv) { return kv.second == bib; }) ||
               std::any_of(c.dead_heats.begin(), c.dead_heats.end(),
                           [&](const auto& g) { return std::find(g.begin(), g.end(), bib) != g.end(); });
    };
    for (const auto& bib : bibs)
        if (runner_of_bib(bib) < 0 && named(bib))
            correction_issues_.push_back(fmt::format(
                "a correction names bib {}, which is not a participant: import it or correct the bib", bib));
    for (const auto& g : in_force_.guns) {
        auto ev = std::find_if(layouts_.begin(), layouts_.end(), [&](const EventLayout& e) { return e.config->id == g.event_id; });
        if (ev == layouts_.end())
            correction_issues_.push_back(fmt::format("set_gun correction {} names event id {}, which the race lacks", g.id, g.event_id));
        else if (g.wave_id && std::none_of(ev->waves.begin(), ev->waves.end(), [&](const WaveClock& w) { return w.id == *g.wave_id; }))
            correction_issues_.push_back(fmt::format("set_gun correction {} names wave id {}, which event \"{}\" lacks",
                                                     g.id, *g.wave_id, ev->config->name));
    }
}

void LiveRace::rebuild_membership() {
    for (auto& t : tables_) {
        t.members.clear();
        t.changed = true;
    }
    for (std::size_t i = 0; i < runners_.size(); ++i)
        if (const auto e = runners_[i].entrant.event; e >= 0)
            tables_[static_cast<std::size_t>(e)].members.push_back(static_cast<std::uint32_t>(i));
    membership_dirty_ = false;
}

// ---- entries and guns -----------------------------------------------------------------------

void LiveRace::apply_pairing() {
    auto pairing = pair_taps_with_scans(entries_.scans(), entries_.taps(), bib_names_.size());
    unpaired_taps_ = std::move(pairing.unpaired_taps);
    scan_time_.resize(bib_names_.size());
    for (std::size_t b = 0; b < pairing.by_bib.size(); ++b)
        if (pairing.by_bib[b] != scan_time_[b]) {
            scan_time_[b] = std::move(pairing.by_bib[b]);
            mark_dirty(bib_runner_[b]);
        }
    pairing_dirty_ = false;
    entries_lists_dirty_ = true;
}

void LiveRace::apply_guns() {
    std::vector<RecordedGun> recorded;
    for (const auto& g : entries_.guns())
        recorded.push_back({g.known, GunRecord::entry, g.id, g.event_id, g.wave_id, -1, g.time});
    for (const auto& g : gun_reads_)
        recorded.push_back({g.known, GunRecord::read, g.id, {}, {}, g.point, g.device_time + readers_[g.reader].offset});
    for (std::size_t e = 0; e < layouts_.size(); ++e) {
        bool changed = false;
        for (auto& w : layouts_[e].waves) {
            const auto gun = gun_in_force(layouts_[e], w, in_force_.guns, recorded);
            if (gun.time != w.gun || gun.source != w.source) {
                w.gun = gun.time;
                w.source = gun.source;
                changed = true;
            }
        }
        if (changed) {
            tables_[e].changed = true;
            for (auto r : tables_[e].members) mark_dirty(static_cast<std::int32_t>(r));
        }
    }
    guns_dirty_ = false;
}

// ---- re-scoring one runner ------------------------------------------------------------------

// The runner's reads by read_less: their chips' reads but the ignored and the given away, and
// the reads given to them. One chip and nothing reassigned: its list, in place.
std::span<const StoredRead> LiveRace::reads_of(const Runner& r) {
    const bool filter = !ignored_.empty() || !reassigned_.empty();
    if (r.chips.size() == 1 && r.assigned_reads.empty() && !filter) return chips_[r.chips[0]].reads;
    scratch_.clear();
    for (auto c : r.chips)
        for (const auto& sr : chips_[c].reads)
            if (!filter || (!ignored_.count(sr.id) && !reassigned_.count(sr.id))) scratch_.push_back(sr);
    for (const auto& sr : r.assigned_reads)
        if (!ignored_.count(sr.id)) scratch_.push_back(sr);
    if (r.chips.size() > 1 || !r.assigned_reads.empty()) std::sort(scratch_.begin(), scratch_.end(), read_less);
    return scratch_;
}

void LiveRace::rescore_runner(std::uint32_t index) {
    auto& r = runners_[index];
    dirty_flag_[index] = 0;
    const auto event = r.entrant.event;
    const EventLayout* layout = event >= 0 ? &layouts_[static_cast<std::size_t>(event)] : nullptr;
    auto& next = next_score_;
    score_runner(layout, static_cast<std::size_t>(r.entrant.wave), layout ? reads_of(r) : std::span<const StoredRead>{},
                 dedup_, entries_.finishes(r.bib), scan_time_[r.bib], r.corrections, next);
    const bool was_conflict = r.score.conflict();
    const bool same = next == r.score;
    if (!same) std::swap(r.score, next);
    const bool rank = r.score.status == Status::finished && layout;
    const RankKey key = rank ? rank_key(r.score, layout->config->rank_by, index) : RankKey{};
    if (r.ranked && (!rank || r.ranked_event != event || key != rank_keys_[index])) {
        moves_.ranking_out[static_cast<std::size_t>(r.ranked_event)].push_back(index);
        tables_[static_cast<std::size_t>(r.ranked_event)].changed = true;
        r.ranked = false;
    }
    if (rank && !r.ranked) {
        moves_.ranking_in[static_cast<std::size_t>(event)].push_back(index);
        moves_.new_keys.emplace_back(index, key);
        r.ranked = true;
        r.ranked_event = event;
        tables_[static_cast<std::size_t>(event)].changed = true;
    }
    if (!same) {
        mark_result(index);
        const bool conflict = r.score.conflict();
        if (conflict != r.in_conflicts) {
            (conflict ? moves_.conflicts_in : moves_.conflicts_out).push_back(index);
            r.in_conflicts = conflict;
        }
        if (was_conflict || conflict) conflicts_dirty_ = true;
    }
    // Finishers in the order the board shows them as they come in.
    const LatestKey latest = rank ? latest_key(r.score, index) : LatestKey{};
    if (r.in_latest && (!rank || latest != r.latest)) {
        moves_.latest_out.push_back(r.latest);
        r.in_latest = false;
        latest_dirty_ = true;
    }
    if (rank && !r.in_latest) {
        moves_.latest_in.push_back(latest);
        r.latest = latest;
        r.in_latest = true;
        latest_dirty_ = true;
    }
    sync_place_inputs(index);
}

void LiveRace::apply_moves() {
    // Out under the keys they were ranked by, then in under their new ones.
    for (std::size_t e = 0; e < tables_.size(); ++e) {
        auto& out = moves_.ranking_out[e];
        if (out.empty()) continue;
        tables_[e].ranking.remove(out);
        out.clear();
    }
    for (const auto& [runner, key] : moves_.new_keys) rank_keys_[runner] = key;
    moves_.new_keys.clear();
    for (std::size_t e = 0; e < tables_.size(); ++e) {
        auto& in = moves_.ranking_in[e];
        if (in.empty()) continue;
        tables_[e].ranking.insert(in);
        in.clear();
    }
    latest_.apply(moves_.latest_out, moves_.latest_in);
    conflict_runners_.apply(moves_.conflicts_out, moves_.conflicts_in);
    moves_.latest_out.clear();
    moves_.latest_in.clear();
    moves_.conflicts_out.clear();
    moves_.conflicts_in.clear();
}

}  // namespace fl::results
