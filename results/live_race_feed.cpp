// LiveRace: taking in stored rows. Each marks what it changes; nothing is re-scored here.
#include <algorithm>

#include "results/live_race.hpp"

namespace fl::results {

using timing::to_micros;

void LiveRace::add_flagged(const timing::Read& r, std::string reason) {
    FlaggedRead f{r.id, r.chip, readers_[reader_of(r.reader_id)].name, r.device_time, r.receive_time, std::move(reason)};
    if (insert_sorted_unique(flagged_, std::move(f),
                             [](const FlaggedRead& a, const FlaggedRead& b) { return a.read_id < b.read_id; })) {
        flagged_dirty_ = true;
        ++version_;
    }
}

void LiveRace::add_read(const timing::Read& r) {
    fed_.read = std::max(fed_.read, r.id);
    if (r.kind == timing::ReadKind::marker) return;
    std::optional<std::uint16_t> point;
    if (r.timing_point_id && !(r.flags & timing::read_flag_unknown_location)) point = point_index_.find(*r.timing_point_id);
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
        if (std::any_of(gun_reads_.begin(), gun_reads_.end(), [&](const GunRead& g) { return g.id == r.id; })) return;
        gun_reads_.push_back({to_micros(r.receive_time), r.id, *point, to_micros(*r.device_time), reader});
        guns_dirty_ = true;
        ++version_;
        return;
    }
    const auto c = intern_chip(r.chip);
    auto& chip = chips_[c];
    const StoredRead sr{to_micros(*r.device_time) + readers_[reader].offset, to_micros(r.receive_time), r.id, reader,
                        *point};
    auto& v = chip.reads;
    if (v.empty()) v.reserve(16);  // a crossing is several reads: skip the tiny growth steps
    if (v.empty() || read_less(v.back(), sr)) {
        v.push_back(sr);
    } else if (!insert_sorted_unique(v, sr, read_less)) {
        return;  // fed before
    }
    ++reads_stored_;
    ++version_;
    if (!read_chip_.empty()) {
        auto it = read_chip_.find(r.id);
        if (it != read_chip_.end()) {
            it->second = static_cast<std::int32_t>(c);
            corrections_dirty_ = true;  // a correction was waiting for this read
        }
    }
    if (chip.owner >= 0) mark_dirty(chip.owner);
    else unassigned_dirty_ = true;
}

void LiveRace::add_entry(const timing::Entry& e) {
    fed_.entry = std::max(fed_.entry, e.id);
    if (entries_.contains(e.id)) return;
    ++version_;
    switch (e.kind) {
    case timing::EntryKind::finish: {
        const auto bib = intern_bib(e.bib);
        entries_.add(e, bib);
        mark_dirty(bib_runner_[bib]);
        entries_lists_dirty_ = true;
        break;
    }
    case timing::EntryKind::scan:
        entries_.add(e, intern_bib(e.bib));
        pairing_dirty_ = true;
        break;
    case timing::EntryKind::tap:
        entries_.add(e, 0);
        pairing_dirty_ = true;
        break;
    case timing::EntryKind::gun:
        entries_.add(e, 0);
        guns_dirty_ = true;
        break;
    }
}

void LiveRace::add_correction(const timing::Correction& c) {
    fed_.correction = std::max(fed_.correction, c.id);
    if (!insert_sorted_unique(corrections_, c, [](const auto& a, const auto& b) { return a.id < b.id; })) return;
    corrections_dirty_ = true;
    ++version_;
}

void LiveRace::add_refused(const timing::Refused& r) {
    fed_.refused = std::max(fed_.refused, r.id);
    RefusedRecord row{r.id, readers_[reader_of(r.reader_id)].name, r.received, r.raw, r.reason};
    if (insert_sorted_unique(refused_, std::move(row),
                             [](const auto& a, const auto& b) { return a.refused_id < b.refused_id; })) {
        refused_list_.reset();
        ++version_;
    }
}

void LiveRace::add_clock_sync(const timing::ClockSync& s) {
    const auto idx = reader_of(s.reader_id);
    auto& rd = readers_[idx];
    const std::pair<std::int64_t, std::int64_t> v{to_micros(s.measured), s.offset.count()};
    if (rd.sync && *rd.sync >= v) return;  // the latest measurement is in force
    rd.sync = v;
    if (rd.config_offset) return;          // the config's offset wins
    const auto delta = v.second - rd.offset;
    if (delta == 0) return;
    rd.offset = v.second;
    ++version_;
    // Rare: move every read of that reader and score everyone again.
    for (auto& chip : chips_) {
        bool touched = false;
        for (auto& r : chip.reads)
            if (r.reader == idx) {
                r.time += delta;
                touched = true;
            }
        if (touched) std::sort(chip.reads.begin(), chip.reads.end(), read_less);
    }
    for (auto& r : runners_)
        for (auto& x : r.assigned_reads)
            if (x.reader == idx) x.time += delta;
    guns_dirty_ = true;
    unassigned_dirty_ = true;
    mark_all_dirty();
}

}  // namespace fl::results
