#include "results/entries_book.hpp"

#include <algorithm>
#include <iterator>

#include "results/ordered_list.hpp"

namespace fl::results {
namespace {

constexpr auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };

}  // namespace

void EntriesBook::file(Entries& to, const timing::Entry& e, std::uint32_t bib) {
    const auto known = timing::to_micros(e.created);
    const auto time = timing::to_micros(e.time);
    switch (e.kind) {
    case timing::EntryKind::finish:
        if (to.finishes.size() <= bib) to.finishes.resize(bib + 1);
        to.finishes[bib].push_back({time, known, e.id, {known, RecordTable::entry, e.id}});
        insert_sorted_unique(to.bib_entries, BibEntry{e.id, e.kind, bib, time, e.source}, by_id);
        break;
    case timing::EntryKind::scan:
        insert_sorted_unique(to.scans, Scan{e.id, bib, time, known}, by_id);
        insert_sorted_unique(to.bib_entries, BibEntry{e.id, e.kind, bib, time, e.source}, by_id);
        break;
    case timing::EntryKind::tap:
        insert_sorted_unique(to.taps, Tap{e.id, time, known, e.source}, by_id);
        break;
    case timing::EntryKind::gun:
        insert_sorted_unique(to.guns, GunEntry{e.id, known, e.event_id, e.wave_id, time}, by_id);
        break;
    }
}

void EntriesBook::add(const timing::Entry& e, std::uint32_t bib) {
    ids_.insert(e.id);
    file(all_, e, bib);
    if (in_force(e.id)) file(live_, e, bib);
}

std::vector<std::uint32_t> EntriesBook::withdraw(const std::set<std::int64_t>& withdrawn) {
    std::vector<std::int64_t> changed;
    std::set_symmetric_difference(withdrawn_.begin(), withdrawn_.end(), withdrawn.begin(), withdrawn.end(),
                                  std::back_inserter(changed));
    std::vector<std::uint32_t> bibs;
    for (auto id : changed) {
        auto it = std::lower_bound(all_.bib_entries.begin(), all_.bib_entries.end(), id,
                                   [](const BibEntry& en, std::int64_t v) { return en.id < v; });
        if (it != all_.bib_entries.end() && it->id == id) bibs.push_back(it->bib);
    }
    withdrawn_ = withdrawn;
    live_ = Entries{};
    live_.finishes.resize(all_.finishes.size());
    for (std::size_t b = 0; b < all_.finishes.size(); ++b)
        for (const auto& f : all_.finishes[b])
            if (in_force(f.id)) live_.finishes[b].push_back(f);
    auto keep = [&](const auto& from, auto& to) {
        std::copy_if(from.begin(), from.end(), std::back_inserter(to), [&](const auto& x) { return in_force(x.id); });
    };
    keep(all_.scans, live_.scans);
    keep(all_.taps, live_.taps);
    keep(all_.guns, live_.guns);
    keep(all_.bib_entries, live_.bib_entries);
    return bibs;
}

std::span<const ManualTime> EntriesBook::finishes(std::uint32_t bib) const {
    if (bib >= live_.finishes.size()) return {};
    return live_.finishes[bib];
}

}  // namespace fl::results
