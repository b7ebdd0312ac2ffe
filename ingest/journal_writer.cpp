#include "ingest/journal_writer.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ingest/reused_sequence.hpp"
#include "ingest/unregistered_bib.hpp"

namespace fl::ingest {
namespace {

constexpr std::string_view who = "journal";

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace

JournalWriter::JournalWriter(const std::string& race_path, Log& log, Options options,
                             OnCommit on_commit)
    : file_(race_path), log_(log), options_(options), on_commit_(std::move(on_commit)) {
    if (options_.max_page_count > 0)
        file_.db().exec(fmt::format("PRAGMA max_page_count = {}", options_.max_page_count));
    auto st = file_.db().prepare(
        "SELECT reader_id, location, max(device_seq) FROM reads WHERE device_seq >= 0 "
        "GROUP BY reader_id, location");
    while (st.step()) resume_.committed(st.column_int64(0), st.column_text(1), st.column_int64(2));
}

JournalWriter::~JournalWriter() { stop(); }

void JournalWriter::start() {
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void JournalWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void JournalWriter::submit(std::vector<JournalRecord> records, Done done, bool fail_fast) {
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        const auto n = records.size();
        wake = queue_.empty() ||
               (queued_records_ < options_.flush_records && queued_records_ + n >= options_.flush_records);
        queued_records_ += n;
        queue_.push_back({std::move(records), std::move(done), fail_fast,
                          std::chrono::steady_clock::now()});
    }
    if (wake) wake_.notify_one();
}

std::optional<std::int64_t> JournalWriter::last_seq(std::int64_t reader_id) const {
    std::lock_guard lock(mutex_);
    return resume_.last(reader_id);
}

std::map<std::string, std::int64_t> JournalWriter::last_seq_by_location(std::int64_t reader_id) const {
    std::lock_guard lock(mutex_);
    return resume_.by_location(reader_id);
}

std::uint64_t JournalWriter::commits() const {
    std::lock_guard lock(mutex_);
    return commits_;
}

std::uint64_t JournalWriter::records_committed() const {
    std::lock_guard lock(mutex_);
    return records_;
}

void JournalWriter::run() {
    for (;;) {
        std::vector<Job> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything is committed
            if (!stopping_) {
                const auto deadline = queue_.front().enqueued + options_.flush_after;
                wake_.wait_until(lock, deadline, [&] {
                    return stopping_ || queued_records_ >= options_.flush_records;
                });
            }
            std::size_t n = 0;
            while (!queue_.empty() &&
                   (batch.empty() || n + queue_.front().records.size() <= options_.max_batch)) {
                n += queue_.front().records.size();
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            queued_records_ -= n;
        }
        commit(batch);
    }
}

void JournalWriter::commit(std::vector<Job>& batch) {
    std::vector<std::vector<RecordOutcome>> outcomes;
    Committed committed;
    for (int attempt = 1;; ++attempt) {
        const auto failure = try_commit(batch, outcomes, committed);
        if (!failure) break;
        std::size_t waiting = 0;
        for (const auto& job : batch) waiting += job.records.size();
        log_.say(who, "commit failed (attempt {}, {} record(s) waiting, nothing acknowledged): {}",
                 attempt, waiting, failure->error);
        // A person waiting for an answer is told now; device jobs are retried (commit_retry.hpp).
        std::vector<Job> keep;
        const bool give_up = [&] {
            std::lock_guard lock(mutex_);
            return retry_.give_up(attempt, stopping_);
        }();
        for (auto& job : batch) {
            if (job.fail_fast || give_up) {
                RecordOutcome failed;
                failed.error = not_stored_error(*failure);
                if (job.done)
                    contained("answering a submitter", [&] {
                        job.done(std::vector<RecordOutcome>(job.records.size(), failed));
                    });
            } else {
                keep.push_back(std::move(job));
            }
        }
        if (give_up && waiting > 0)
            log_.say(who, "stopping with {} record(s) NOT stored: devices resend them after a "
                          "restart (they were never acknowledged)",
                     waiting);
        batch = std::move(keep);
        if (batch.empty()) return;
        std::this_thread::sleep_for(retry_.pause_after(attempt));
        // What arrived meanwhile joins the retry: a person waiting behind records that cannot
        // be stored (a full disk) gets an answer, and everything commits in order once it can.
        std::lock_guard lock(mutex_);
        std::size_t n = 0;
        for (const auto& job : batch) n += job.records.size();
        while (!queue_.empty() && n + queue_.front().records.size() <= options_.max_batch) {
            n += queue_.front().records.size();
            queued_records_ -= queue_.front().records.size();
            batch.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
    }

    std::size_t n = 0;
    {
        std::lock_guard lock(mutex_);
        for (const auto& r : committed.reads)
            resume_.committed(r.reader_id, r.location, r.device_seq);
        for (const auto& job : batch) n += job.records.size();
        ++commits_;
        records_ += n;
    }
    for (std::size_t i = 0; i < batch.size(); ++i)
        if (batch[i].done) contained("answering a submitter", [&] { batch[i].done(std::move(outcomes[i])); });
    committed.committed_at = std::chrono::steady_clock::now();
    if (on_commit_) contained("handing the commit to the standings", [&] { on_commit_(std::move(committed)); });
}

// What runs after a commit attempt is someone else's code: its failure is logged, never the
// end of the writer thread (what was committed stays committed whatever it does).
void JournalWriter::contained(std::string_view what, const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        log_.say(who, "{} failed: {}", what, e.what());
    }
}

std::optional<CommitFailure> JournalWriter::try_commit(
    std::vector<Job>& batch, std::vector<std::vector<RecordOutcome>>& outcomes, Committed& committed) {
    outcomes.assign(batch.size(), {});
    committed = {};
    // Reads stored in this attempt, moved out only once the commit succeeded (a failed
    // attempt is retried with the records untouched).
    struct Stored {
        timing::NewRead* read;
        std::int64_t id;
        std::int64_t seq;
    };
    std::vector<Stored> stored;
    try {
        timing::Transaction tx(file_.db());
        if (options_.fault_in_commit) options_.fault_in_commit();
        for (std::size_t i = 0; i < batch.size(); ++i) {
            auto& out = outcomes[i];
            out.reserve(batch[i].records.size());
            for (auto& record : batch[i].records) {
                out.push_back(std::visit(
                    overloaded{
                        [&](timing::NewRead& r) {
                            std::int64_t seq = r.device_seq;
                            auto o = apply(r, seq);
                            if (o.id) stored.push_back({&r, *o.id, seq});
                            return o;
                        },
                        [&](timing::NewEntry& e) {
                            auto o = apply(e);
                            if (o.id) committed.entries_or_corrections = true;
                            return o;
                        },
                        [&](timing::NewCorrection& c) {
                            auto o = apply(c);
                            if (o.id) committed.entries_or_corrections = true;
                            return o;
                        },
                        [&](timing::ClockSync& s) {
                            file_.append_clock_sync(s);
                            committed.clock_syncs.push_back(s);
                            return RecordOutcome{};
                        },
                        [&](RelayedRecord& rr) {
                            rr.read.reader_id = relay_readers_.id_for(file_.db(), rr.site);
                            std::int64_t seq = rr.read.device_seq;
                            auto o = apply(rr.read, seq);
                            if (o.id) stored.push_back({&rr.read, *o.id, seq});
                            return o;
                        },
                        [&](timing::NewRefused& r) {
                            RecordOutcome o;
                            o.id = file_.append_refused(r);
                            if (!o.id) {
                                o.duplicate = true;  // resent: stored once
                                return o;
                            }
                            // Copied, not moved: a failed attempt is retried with it intact.
                            timing::Refused row;
                            static_cast<timing::NewRefused&>(row) = r;
                            row.id = *o.id;
                            committed.refused.push_back(std::move(row));
                            return o;
                        },
                    },
                    record));
            }
        }
        tx.commit();
    } catch (const std::exception& e) {
        // Rolled back, nothing acknowledged; out of memory or a bug too: the writer thread
        // carries on (an escaped exception would abort the whole service).
        relay_readers_.forget();
        return commit_failure(e);
    }
    committed.reads.reserve(stored.size());
    for (auto& s : stored) {
        timing::Read r;
        static_cast<timing::NewRead&>(r) = std::move(*s.read);
        r.id = s.id;
        r.device_seq = s.seq;
        committed.reads.push_back(std::move(r));
    }
    return std::nullopt;
}

RecordOutcome JournalWriter::apply(timing::NewRead& r, std::int64_t& seq) {
    RecordOutcome o;
    if ((o.id = file_.append_read(r))) return o;
    // This reader already stored that sequence (reused_sequence.hpp).
    auto& st = file_.db().cached("SELECT raw FROM reads WHERE reader_id = ? AND device_seq = ?");
    st.bind_all(r.reader_id, r.device_seq);
    const auto repeat =
        sequence_repeat(st.step() ? std::optional(st.column_text_view(0)) : std::nullopt, r.raw);
    st.reset();
    if (repeat == SequenceRepeat::resend) {
        o.duplicate = true;
        return o;
    }
    const auto original = r.device_seq;
    r.device_seq = reused_sequence_key(original, r.raw);
    o.id = file_.append_read(r);
    seq = r.device_seq;
    r.device_seq = original;
    if (!o.id) {
        o.duplicate = true;
        return o;
    }
    o.note = reused_sequence_note(original, seq);
    // A device can send such collisions in a loop: limited like a connection's lines.
    log_.say_limited(who, "reader {}: device sequence {} arrived again with different content (device "
                  "restarted or new file?): stored as a new read under key {}: \"{}\"",
             r.reader_id, original, seq, r.raw);
    return o;
}

bool JournalWriter::holds(std::string_view sql, std::int64_t id) {
    auto& st = file_.db().cached(sql);
    st.bind(1, id);
    const bool found = st.step();
    st.reset();
    return found;
}

bool JournalWriter::participant_exists(std::string_view bib) {
    auto& st = file_.db().cached("SELECT 1 FROM participants WHERE bib = ?");
    st.bind(1, bib);
    const bool found = st.step();
    st.reset();
    return found;
}

bool JournalWriter::holds(const CorrectionReference& r) {
    switch (r.kind) {
        case CorrectionReference::Kind::read:
            return holds("SELECT 1 FROM reads WHERE id = ?", r.id);
        case CorrectionReference::Kind::entry:
            return holds("SELECT 1 FROM entries WHERE id = ?", r.id);
        case CorrectionReference::Kind::correction:
            return holds("SELECT 1 FROM corrections WHERE id = ?", r.id);
        case CorrectionReference::Kind::participant:
        case CorrectionReference::Kind::tied_participant:
            return participant_exists(r.bib);
    }
    return false;
}

RecordOutcome JournalWriter::apply(const timing::NewEntry& e) {
    RecordOutcome o;
    const auto registered = [this](std::string_view bib) { return participant_exists(bib); };
    o.note = unregistered_bib_note(e.bib, registered).value_or("");
    o.id = file_.append_entry(e);
    if (!o.id) o.duplicate = true;
    return o;
}

RecordOutcome JournalWriter::apply(const timing::NewCorrection& c) {
    RecordOutcome o;
    o.error = correction_refusal(c, [this](const CorrectionReference& r) { return holds(r); });
    if (!o.error.empty()) return o;
    o.id = file_.append_correction(c);
    return o;
}

}  // namespace fl::ingest
