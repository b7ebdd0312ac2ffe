#include "ingest/live_feed.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "results/display.hpp"
#include "results/json_writer.hpp"

namespace fl::ingest {

namespace {

using results::Status;

bool finished(const results::Row& row) { return row.runner->status == Status::finished; }

// "id: V\ndata: {...}\n\n": one line of JSON (JsonWriter escapes every line break).
std::string event_text(std::uint64_t version, bool full, const std::vector<const LiveItem*>& items) {
    std::string text = fmt::format("id: {}\ndata: {{\"version\":{},\"full\":{},\"finishers\":[",
                                   version, version, full ? "true" : "false");
    bool first = true;
    for (const auto* i : items) {
        if (i->removed) continue;
        if (!first) text += ',';
        text += i->json;
        first = false;
    }
    text += "],\"removed\":[";
    first = true;
    for (const auto* i : items) {
        if (!i->removed) continue;
        if (!first) text += ',';
        text += i->json;
        first = false;
    }
    text += "]}\n\n";
    return text;
}

}  // namespace

std::string live_finisher_json(const results::Row& row, const results::EventStandings& event,
                               const results::Standings& s) {
    const auto& r = *row.runner;
    results::JsonWriter w;
    w.begin_object()
        .field("bib", r.bib)
        .field("name", r.name)
        .field("event", event.name)
        .field("place", row.place)
        .field("gender_place", row.gender_place)
        .field("category_place", row.category_place)
        .field("category", r.category)
        // The "text" of gun_time / net_time in /results.json: one formatting for both.
        .field("gun_time", results::show_time(r.gun_time, s.display))
        .field("net_time", results::show_time(r.net_time, s.display))
        .end_object();
    return w.take();
}

LiveDiff::LiveDiff(std::shared_ptr<const results::Standings> first) : last_(std::move(first)) {}

LiveChange LiveDiff::next(std::shared_ptr<const results::Standings> now) {
    LiveChange change;
    change.version = now->version;
    std::unordered_map<std::int64_t, const results::EventStandings*> before_events;
    if (last_)
        for (const auto& e : last_->events) before_events.emplace(e->id, e.get());
    // Finishers of the events whose table changed, as they were; an event nothing happened in
    // is the same table in both snapshots and skipped whole.
    std::unordered_map<std::int64_t, const results::RunnerResult*> before;
    std::vector<const results::EventStandings*> changed_before, changed_now;
    for (const auto& e : now->events) {
        const auto it = before_events.find(e->id);
        const auto* was = it == before_events.end() ? nullptr : it->second;
        if (was == e.get()) continue;
        if (was) changed_before.push_back(was);
        changed_now.push_back(e.get());
        if (it != before_events.end()) before_events.erase(it);
    }
    for (const auto& [id, e] : before_events) changed_before.push_back(e);  // no longer there
    for (const auto* e : changed_before)
        for (const auto& row : e->rows)
            if (finished(row)) before.emplace(row.runner->participant_id, row.runner.get());
    std::unordered_set<std::int64_t> after;
    for (const auto* e : changed_now)
        for (const auto& row : e->rows) {
            if (!finished(row)) continue;
            const auto id = row.runner->participant_id;
            after.insert(id);
            const auto it = before.find(id);
            if (it == before.end() || it->second != row.runner.get())
                change.items.push_back({id, false, live_finisher_json(row, *e, *now)});
        }
    for (const auto* e : changed_before)
        for (const auto& row : e->rows)
            if (finished(row) && !after.count(row.runner->participant_id))
                change.items.push_back({row.runner->participant_id, true,
                                        results::JsonWriter().value(row.runner->bib).take()});
    last_ = std::move(now);
    return change;
}

LiveFeed::LiveFeed(std::shared_ptr<const results::Standings> first, const WebOptions& options)
    : options_(options), now_(std::move(first)) {
    version_ = base_ = now_ ? now_->version : 0;
}

void LiveFeed::add(LiveChange change, std::shared_ptr<const results::Standings> now) {
    if (change.version <= version_) return;  // nothing newer (the last publish at a stop)
    version_ = change.version;
    now_ = std::move(now);
    if (!change.items.empty()) changed_ = version_;
    Entry entry{change.version, std::move(change.items), 0};
    for (const auto& i : entry.items) entry.bytes += i.json.size() + sizeof(LiveItem);
    history_bytes_ += entry.bytes;
    history_.push_back(std::move(entry));
    while (!history_.empty() && (history_.size() > options_.live_history_entries ||
                                 history_bytes_ > options_.live_history_bytes)) {
        base_ = history_.front().version;
        history_bytes_ -= history_.front().bytes;
        history_.pop_front();
    }
    by_from_.clear();
    full_.reset();
    opening_.reset();
}

LiveEvent LiveFeed::cached(std::map<std::uint64_t, std::shared_ptr<const std::string>>& cache,
                           std::uint64_t key, std::string json) {
    auto text = std::make_shared<const std::string>(std::move(json));
    cache.insert_or_assign(key, text);
    return {version_, std::move(text)};
}

LiveEvent LiveFeed::since(std::uint64_t from) {
    if (from < base_ || from > version_) return full();
    if (const auto it = by_from_.find(from); it != by_from_.end()) return {version_, it->second};
    // Newest first, so a runner changed twice is listed once, as they are now.
    std::unordered_set<std::int64_t> seen;
    std::vector<const LiveItem*> items;
    for (auto e = history_.rbegin(); e != history_.rend() && e->version > from; ++e)
        for (auto i = e->items.rbegin(); i != e->items.rend(); ++i)
            if (seen.insert(i->participant_id).second) items.push_back(&*i);
    std::reverse(items.begin(), items.end());
    return cached(by_from_, from, event_text(version_, false, items));
}

LiveEvent LiveFeed::full() {
    if (!full_) {
        // Built on the io thread whenever a client asks after a change, so each finisher's
        // object is kept and written again only when their result or places changed: a full
        // event of a large race is then mostly copying.
        std::string text = fmt::format("id: {}\ndata: {{\"version\":{},\"full\":true,\"finishers\":[",
                                       version_, version_);
        bool first = true;
        if (now_)
            for (const auto& e : now_->events)
                for (const auto& row : e->rows) {
                    if (!finished(row)) continue;
                    auto& kept = full_rows_[row.runner->participant_id];
                    if (kept.runner != row.runner || kept.place != row.place ||
                        kept.gender_place != row.gender_place || kept.category_place != row.category_place) {
                        kept = {row.runner, row.place, row.gender_place, row.category_place,
                                live_finisher_json(row, *e, *now_)};
                    }
                    if (!first) text += ',';
                    text += kept.json;
                    first = false;
                }
        text += "],\"removed\":[]}\n\n";
        full_ = std::make_shared<const std::string>(std::move(text));
    }
    return {version_, full_};
}

LiveEvent LiveFeed::opening() {
    if (!opening_) opening_ = std::make_shared<const std::string>(event_text(version_, false, {}));
    return {version_, opening_};
}

}  // namespace fl::ingest
