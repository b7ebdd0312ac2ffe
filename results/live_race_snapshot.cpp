// LiveRace: handing out standings. What did not change since the last snapshot is shared.
#include <algorithm>
#include <tuple>

#include "results/live_race.hpp"
#include "results/runner_result.hpp"

namespace fl::results {

std::shared_ptr<const std::vector<UnassignedRead>> LiveRace::build_unassigned() const {
    auto out = std::make_shared<std::vector<UnassignedRead>>();
    for (std::size_t c = 0; c < chips_.size(); ++c) {
        if (chips_[c].owner >= 0) continue;
        for (const auto& r : chips_[c].reads) {
            if (ignored_.count(r.id) || reassigned_.count(r.id)) continue;
            out->push_back({r.id, chip_names_[c], config_.timing_points[r.point].name,
                            timing::instant_from_micros(r.time), readers_[r.reader].name});
        }
    }
    std::sort(out->begin(), out->end(),
              [](const auto& a, const auto& b) { return std::tie(a.time, a.read_id) < std::tie(b.time, b.read_id); });
    return out;
}

std::shared_ptr<const Standings> LiveRace::snapshot() {
    update();
    if (last_ && last_->version == version_) return last_;
    auto st = std::make_shared<Standings>();
    st->version = version_;
    st->race = config_.name;
    st->date = config_.date;
    st->timezone = config_.timezone;
    st->display = config_.results.display;
    st->age_grading = ages_ != nullptr;
    st->categories = config_.categories;
    st->teams = config_.teams;

    std::vector<char> stale_block(blocks_.blocks(), 0);
    for (auto i : stale_results_) {
        auto& r = runners_[i];
        const auto event = r.entrant.event;
        const EventLayout* layout = event >= 0 ? &layouts_[static_cast<std::size_t>(event)] : nullptr;
        r.result = runner_result(r.entrant, r.score, layout, ages_.get(), config_.results.age_grade_edition);
        r.result_stale = false;
        stale_block[blocks_.block_of(i)] = 1;
        if (event >= 0) tables_[static_cast<std::size_t>(event)].changed = true;
    }
    stale_results_.clear();
    blocks_.refresh(stale_block, runners_.size(), [&](std::size_t i) { return runners_[i].result; });
    bool any_event = false;
    for (std::size_t e = 0; e < tables_.size(); ++e) {
        auto& t = tables_[e];
        if (t.changed || !t.cached) {
            t.cached = build_event_table(layouts_[e], t.ranking.items(), t.members, place_inputs_, category_names_, blocks_);
            t.changed = false;
            any_event = true;
        }
        st->events.push_back(t.cached);
    }
    if (unassigned_dirty_ || !unassigned_list_) {
        unassigned_list_ = build_unassigned();
        unassigned_dirty_ = false;
    }
    if (flagged_dirty_ || !flagged_list_) {
        flagged_list_ = std::make_shared<const std::vector<FlaggedRead>>(flagged_);
        flagged_dirty_ = false;
    }
    if (entries_lists_dirty_ || !taps_list_ || !unknown_list_) {
        auto taps = std::make_shared<std::vector<UnpairedTap>>();
        for (const auto& t : unpaired_taps_) taps->push_back({t.id, timing::instant_from_micros(t.time), t.source});
        taps_list_ = std::move(taps);
        auto unknown = std::make_shared<std::vector<UnknownBibEntry>>();
        for (const auto& en : entries_.bib_entries())
            if (bib_runner_[en.bib] < 0)
                unknown->push_back({en.id, en.kind, bib_names_[en.bib], timing::instant_from_micros(en.time), en.source});
        unknown_list_ = std::move(unknown);
        entries_lists_dirty_ = false;
    }
    if (conflicts_dirty_ || !conflicts_list_) {
        auto out = std::make_shared<std::vector<Conflict>>();
        for (auto i : conflict_runners_)
            if (const auto& r = runners_[i]; r.score.conflict())
                out->push_back({r.entrant.person.bib, r.entrant.person.event,
                                timing::instant_from_micros(r.score.chip.finish->time),
                                timing::instant_from_micros(*r.score.manual_finish), r.score.source});
        conflicts_list_ = std::move(out);
        conflicts_dirty_ = false;
    }
    if (latest_dirty_ || any_event || !latest_list_) {
        auto out = std::make_shared<std::vector<LatestFinisher>>();
        for (std::size_t k = 0; k < latest_.size() && k < Engine::latest_finishers_kept; ++k) {
            const auto& key = latest_[latest_.size() - 1 - k];
            const auto place = place_inputs_[key.runner].place;
            out->push_back({blocks_.get(key.runner), place ? std::optional<int>(place) : std::nullopt,
                            timing::instant_from_micros(key.known)});
        }
        latest_list_ = std::move(out);
        latest_dirty_ = false;
    }
    if (issues_dirty_ || !issues_list_) {
        auto out = std::make_shared<std::vector<Issue>>();
        for (const auto& i : participant_issues_) out->push_back({i});
        for (const auto& i : chip_issues_) out->push_back({i});
        for (const auto& i : correction_issues_) out->push_back({i});
        for (const auto& r : runners_)
            for (const auto& i : r.info_issues) out->push_back({i});
        issues_list_ = std::move(out);
        issues_dirty_ = false;
    }
    st->unassigned_reads = unassigned_list_;
    st->flagged_reads = flagged_list_;
    st->unpaired_taps = taps_list_;
    st->unknown_bibs = unknown_list_;
    st->conflicts = conflicts_list_;
    st->latest_finishers = latest_list_;
    st->issues = issues_list_;
    if (!refused_list_) refused_list_ = std::make_shared<const std::vector<RefusedRecord>>(refused_);
    st->refused = refused_list_;
    last_ = st;
    return last_;
}

}  // namespace fl::results
