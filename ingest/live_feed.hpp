#pragma once
// What the /live stream says (README, Live results over HTTP): which finishers changed from one
// published standings snapshot to the next, and the Server-Sent Events built from that. The
// socket side (pacing, keep-alive comments, waking thousands of clients) is web_server.cpp.
//
// LiveDiff runs on the thread that publishes (the results thread), so comparing snapshots costs
// the io thread nothing; LiveFeed lives on the io thread. A client only remembers the version it
// was last sent: at write time it gets one message from that version to the newest, shared by
// every client that was sent the same version, so no client has a queue of its own.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/web_options.hpp"
#include "results/standings.hpp"

namespace fl::ingest {

// One runner in a /live event.
struct LiveItem {
    std::int64_t participant_id = 0;
    bool removed = false;  // was a finisher, is no longer (DQ, finish deleted): json is the bib
    std::string json;      // the finisher object, or the bib as a JSON string when removed
};

// What one publish changed.
struct LiveChange {
    std::uint64_t version = 0;
    std::vector<LiveItem> items;
};

// The finisher object of a row (status FIN): bib, name, event, place, gender_place,
// category_place, category, gun_time, net_time, times as /results.json shows them.
std::string live_finisher_json(const results::Row& row, const results::EventStandings& event,
                               const results::Standings& s);

// Compares each snapshot with the previous one. A finisher is listed when their RunnerResult
// differs from the one in the previous snapshot (a new finisher, a corrected time, another
// event): unchanged runners share their RunnerResult between snapshots, and events nothing
// happened in share their whole table, so this costs little. One thread at a time.
class LiveDiff {
public:
    explicit LiveDiff(std::shared_ptr<const results::Standings> first);
    LiveChange next(std::shared_ptr<const results::Standings> now);

private:
    std::shared_ptr<const results::Standings> last_;
};

// A serialized event ("id: V\ndata: {...}\n\n") and the version it brings a client to.
struct LiveEvent {
    std::uint64_t version = 0;
    std::shared_ptr<const std::string> text;
};

// The history of changes and the events built from it. io thread only.
class LiveFeed {
public:
    LiveFeed(std::shared_ptr<const results::Standings> first, const WebOptions& options);

    void add(LiveChange change, std::shared_ptr<const results::Standings> now);

    std::uint64_t version() const { return version_; }
    // The newest version that listed or removed someone: a client sent this or later has
    // nothing to hear.
    std::uint64_t changed() const { return changed_; }

    // The event for a client last sent `from`: everything after it, or a full event when the
    // history does not reach back that far (or `from` is newer than the standings: another
    // run of the service).
    LiveEvent since(std::uint64_t from);
    // Every finisher now, "full": true (a page redraws).
    LiveEvent full();
    // The current version with an empty list (a new client with nothing to resume).
    LiveEvent opening();

private:
    struct Entry {
        std::uint64_t version = 0;
        std::vector<LiveItem> items;
        std::size_t bytes = 0;
    };
    LiveEvent cached(std::map<std::uint64_t, std::shared_ptr<const std::string>>& cache,
                     std::uint64_t key, std::string json);

    // Each finisher's object as the last full event wrote it (its RunnerResult is held, so a
    // pointer compared is never one reused by another runner).
    struct FullRow {
        std::shared_ptr<const results::RunnerResult> runner;
        std::optional<int> place, gender_place, category_place;
        std::string json;
    };

    WebOptions options_;
    std::shared_ptr<const results::Standings> now_;
    std::uint64_t version_ = 0;
    std::uint64_t changed_ = 0;
    std::uint64_t base_ = 0;  // the version the oldest entry changed from
    std::deque<Entry> history_;
    std::size_t history_bytes_ = 0;
    // Events for the current version, by the version a client comes from (cleared on add).
    std::map<std::uint64_t, std::shared_ptr<const std::string>> by_from_;
    std::shared_ptr<const std::string> full_, opening_;
    std::map<std::int64_t, FullRow> full_rows_;
};

}  // namespace fl::ingest
