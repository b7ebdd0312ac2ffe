#pragma once
// Keeps the live standings: after each commit the results thread feeds what was stored to
// the engine and publishes an immutable snapshot. Readers (the GUI, STATUS) take the current
// snapshot under a tiny lock and never wait for ingest or for scoring; batches that arrive
// while the engine is busy are coalesced into one update. A watcher thread notices
// participants changed by another program (an import of late registrations) without ever
// delaying an update.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ingest/journal_writer.hpp"
#include "ingest/log.hpp"
#include "results/engine.hpp"
#include "timing/race_file.hpp"

namespace fl::ingest {

class ResultsPublisher {
public:
    // Called on the results thread after each publish, with the ids now reflected.
    using OnPublish = std::function<void(const results::FedIds&)>;

    // Loads the engine from the race file (a read-only connection of its own).
    ResultsPublisher(const std::string& race_path, Log& log, OnPublish on_publish = {});
    ~ResultsPublisher();
    ResultsPublisher(const ResultsPublisher&) = delete;
    ResultsPublisher& operator=(const ResultsPublisher&) = delete;

    void start();
    void stop();  // takes in what was committed so far, publishes once more, joins

    // Thread-safe: called by the journal writer after each commit.
    void committed(JournalWriter::Committed&& c);

    std::shared_ptr<const results::Standings> standings() const;
    std::uint64_t publishes() const;

private:
    void run();
    void watch_participants();
    void apply(std::vector<JournalWriter::Committed>& batches, bool tail_db, bool changed);
    void report_unknown_chips(const results::Standings& s);

    std::string path_;
    timing::RaceFile file_;
    Log& log_;
    OnPublish on_publish_;
    std::uint64_t participants_fingerprint_ = 0;  // before engine_: its loader fills it
    results::Engine engine_;

    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable wake_;        // the results thread
    std::condition_variable watch_wake_;  // the participants watcher (stop only)
    std::vector<JournalWriter::Committed> pending_;
    std::optional<std::vector<timing::Participant>> new_participants_;
    bool stopping_ = false;
    std::shared_ptr<const results::Standings> current_;
    std::uint64_t publishes_ = 0;

    std::set<std::string> reported_chips_;  // results thread only
    std::size_t unassigned_seen_ = 0;
    std::thread thread_;
    std::thread watcher_;
};

// A hash of every participant and chip row: changes whenever an import changes anything.
std::uint64_t participants_fingerprint(timing::RaceFile& file);

}  // namespace fl::ingest
