#pragma once
// The single writer of the race file while the service runs. Runs on its own thread so an
// fsync never stalls the io thread. Group commit: records from all connections are batched
// into one transaction, flushed when 1,000 are waiting or 5 ms after the oldest arrived,
// whichever comes first; each submitter is told the outcome only after the commit, so no
// acknowledgement ever precedes durability. A failed commit is retried (commit_retry.hpp).
// What a record means is decided elsewhere: a sequence that arrives again
// (reused_sequence.hpp), an entry's unregistered bib (unregistered_bib.hpp), what a
// correction must name (correction_references.hpp), where devices resume (resume_points.hpp).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ingest/commit_retry.hpp"
#include "ingest/correction_references.hpp"
#include "ingest/journal_record.hpp"
#include "ingest/log.hpp"
#include "ingest/relay_readers.hpp"
#include "ingest/resume_points.hpp"
#include "timing/race_file.hpp"

namespace fl::ingest {

class JournalWriter {
public:
    struct Options {
        std::size_t flush_records = 1000;            // flush as soon as this many wait
        std::chrono::microseconds flush_after{5000};  // or this long after the oldest arrived
        std::size_t max_batch = 8000;                // most records in one transaction
        // Caps the race file's size (SQLite pages, PRAGMA max_page_count on the writer's
        // connection; 0 = no cap): used to rehearse a full disk.
        std::int64_t max_page_count = 0;
        // Test hook: runs inside every commit attempt's transaction, so a test can inject the
        // faults a real disk or allocator produces (std::bad_alloc, any exception).
        std::function<void()> fault_in_commit;
    };

    // What one transaction stored, for the results thread.
    struct Committed {
        std::vector<timing::Read> reads;
        std::vector<timing::ClockSync> clock_syncs;
        std::vector<timing::Refused> refused;
        bool entries_or_corrections = false;
        std::chrono::steady_clock::time_point committed_at;
    };

    using Done = std::function<void(std::vector<RecordOutcome>)>;
    using OnCommit = std::function<void(Committed&&)>;

    JournalWriter(const std::string& race_path, Log& log, Options options, OnCommit on_commit);
    ~JournalWriter();
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;

    void start();
    // Thread-safe, never blocks on the database. `done` runs on the writer thread after the
    // commit (keep it short: post the work elsewhere). `fail_fast`: when the commit fails,
    // answer with an error at once instead of retrying (a person is waiting for the answer).
    void submit(std::vector<JournalRecord> records, Done done, bool fail_fast = false);
    // Commits everything submitted so far, then stops the thread.
    void stop();

    // The highest device sequence committed per reader, and per reader and device location.
    std::optional<std::int64_t> last_seq(std::int64_t reader_id) const;
    std::map<std::string, std::int64_t> last_seq_by_location(std::int64_t reader_id) const;

    std::uint64_t commits() const;
    std::uint64_t records_committed() const;

private:
    struct Job {
        std::vector<JournalRecord> records;
        Done done;
        bool fail_fast = false;
        std::chrono::steady_clock::time_point enqueued;
    };
    void run();
    void commit(std::vector<Job>& batch);
    // Writes the batch in one transaction: nullopt when committed, else why not (rolled back,
    // the records untouched for a retry).
    std::optional<CommitFailure> try_commit(std::vector<Job>& batch,
                                            std::vector<std::vector<RecordOutcome>>& outcomes,
                                            Committed& committed);
    RecordOutcome apply(timing::NewRead& r, std::int64_t& stored_seq);
    RecordOutcome apply(const timing::NewEntry& e);
    RecordOutcome apply(const timing::NewCorrection& c);
    void contained(std::string_view what, const std::function<void()>& f);
    bool holds(const CorrectionReference& r);
    bool holds(std::string_view sql, std::int64_t id);
    bool participant_exists(std::string_view bib);

    timing::RaceFile file_;
    Log& log_;
    Options options_;
    const CommitRetry retry_;
    OnCommit on_commit_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::size_t queued_records_ = 0;
    bool stopping_ = false;
    ResumePoints resume_;
    RelayReaders relay_readers_;  // writer thread
    std::uint64_t commits_ = 0;
    std::uint64_t records_ = 0;
    std::thread thread_;
};

}  // namespace fl::ingest
