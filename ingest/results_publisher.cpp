#include "ingest/results_publisher.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "results/replay.hpp"
#include "timing/text.hpp"

namespace fl::ingest {
namespace {

constexpr std::string_view who = "results";
// Other programs may add entries, corrections or participants to the race file while we
// serve (e.g. an import of late registrations): look for them this often.
constexpr auto outside_changes_every = std::chrono::seconds{3};
constexpr std::size_t max_unknown_chips_logged = 1000;

}  // namespace

ResultsPublisher::ResultsPublisher(const std::string& race_path, Log& log, OnPublish on_publish)
    : path_(race_path),
      file_(race_path, timing::RaceFile::Access::read_only),
      log_(log),
      on_publish_(std::move(on_publish)),
      engine_([&] {
          // One read transaction: the engine and the ids it reports see the same rows.
          file_.db().exec("BEGIN");
          auto e = results::load_engine(file_);
          participants_fingerprint_ = participants_fingerprint(file_);
          file_.db().exec("COMMIT");
          return e;
      }()) {
    current_ = engine_.snapshot();
    // Chips already unassigned before this start were reported by an earlier run.
    if (current_->unassigned_reads) {
        unassigned_seen_ = current_->unassigned_reads->size();
        for (const auto& u : *current_->unassigned_reads) reported_chips_.insert(u.chip);
    }
}

ResultsPublisher::~ResultsPublisher() { stop(); }

void ResultsPublisher::start() {
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    if (!watcher_.joinable()) watcher_ = std::thread([this] { watch_participants(); });
}

void ResultsPublisher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    watch_wake_.notify_all();
    if (watcher_.joinable()) watcher_.join();
    if (thread_.joinable()) thread_.join();
}

void ResultsPublisher::committed(JournalWriter::Committed&& c) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back(std::move(c));
    }
    wake_.notify_one();
}

std::shared_ptr<const results::Standings> ResultsPublisher::standings() const {
    std::lock_guard lock(mutex_);
    return current_;
}

std::uint64_t ResultsPublisher::publishes() const {
    std::lock_guard lock(mutex_);
    return publishes_;
}

void ResultsPublisher::run() {
    auto next_tail = std::chrono::steady_clock::now() + outside_changes_every;
    for (;;) {
        std::vector<JournalWriter::Committed> batches;
        std::optional<std::vector<timing::Participant>> participants;
        bool stopping = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_until(lock, next_tail, [&] {
                return stopping_ || !pending_.empty() || new_participants_.has_value();
            });
            batches.swap(pending_);
            participants.swap(new_participants_);
            stopping = stopping_;
        }
        const auto now = std::chrono::steady_clock::now();
        const bool tail = now >= next_tail || stopping || participants.has_value();
        if (tail) next_tail = now + outside_changes_every;
        try {
            if (participants) {
                log_.say(who, "participants changed in the race file ({} now): standings updated",
                         participants->size());
                engine_.set_participants(std::move(*participants));
            }
            apply(batches, tail, participants.has_value());
        } catch (const std::exception& e) {
            // Scoring must never take ingest down: the reads are stored whatever happens here.
            log_.say(who, "updating the standings failed: {} (reads are stored; the standings "
                          "catch up on the next update or a restart)",
                     e.what());
        }
        if (stopping) return;
    }
}

void ResultsPublisher::watch_participants() {
    try {
        timing::RaceFile file(path_, timing::RaceFile::Access::read_only);
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                if (watch_wake_.wait_for(lock, outside_changes_every, [&] { return stopping_; })) return;
            }
            const auto now = participants_fingerprint(file);
            if (now == participants_fingerprint_) continue;
            participants_fingerprint_ = now;
            auto list = file.participants();
            {
                std::lock_guard lock(mutex_);
                new_participants_ = std::move(list);
            }
            wake_.notify_all();
        }
    } catch (const std::exception& e) {
        log_.say(who, "watching the participants stopped: {} (imports made while serving show "
                      "after a restart)",
                 e.what());
    }
}

std::uint64_t participants_fingerprint(timing::RaceFile& file) {
    timing::Fnv1a h;
    const auto mix = [&](std::string_view bytes) {
        h.add(bytes).add_byte(0xff);  // field separator
    };
    struct Query {
        const char* sql;
        int columns;
    };
    for (const auto& q : {Query{"SELECT id, bib, name, gender, birthdate, age, event_id, wave_id, "
                                "category, team FROM participants ORDER BY id",
                                10},
                          Query{"SELECT chip, participant_id FROM chips ORDER BY chip", 2}}) {
        auto st = file.db().prepare(q.sql);
        while (st.step())
            for (int c = 0; c < q.columns; ++c)
                mix(st.is_null(c) ? std::string_view("\x01null") : st.column_text_view(c));
    }
    return h.value();
}

void ResultsPublisher::apply(std::vector<JournalWriter::Committed>& batches, bool tail_db,
                             bool changed) {
    for (auto& b : batches) {
        for (const auto& s : b.clock_syncs) {
            engine_.add_clock_sync(s);
            changed = true;
        }
        for (const auto& r : b.refused) {
            engine_.add_refused(r);
            changed = true;
        }
        if (!b.reads.empty()) {
            // A site relaying for the first time has a reader row of its own: name it first.
            if (std::any_of(b.reads.begin(), b.reads.end(),
                            [&](const timing::Read& r) { return !engine_.knows_reader(r.reader_id); }))
                engine_.name_readers(file_.reader_names());
            // Rows another program stored in between would leave a gap: take them from the file.
            if (b.reads.front().id > engine_.fed().read + 1) {
                file_.scan_reads(engine_.fed().read, [&](const timing::Read& r) {
                    if (r.id < b.reads.front().id) engine_.add_read(r);
                });
            }
            for (const auto& r : b.reads) engine_.add_read(r);
            changed = true;
        }
        tail_db = tail_db || b.entries_or_corrections;
    }
    if (tail_db) {
        for (const auto& e : file_.entries(engine_.fed().entry)) {
            engine_.add_entry(e);
            changed = true;
        }
        for (const auto& c : file_.corrections(engine_.fed().correction)) {
            engine_.add_correction(c);
            changed = true;
        }
    }
    if (!changed) return;
    auto snapshot = engine_.snapshot();
    {
        std::lock_guard lock(mutex_);
        current_ = snapshot;
        ++publishes_;
    }
    report_unknown_chips(*snapshot);
    if (on_publish_) on_publish_(engine_.fed());
}

void ResultsPublisher::report_unknown_chips(const results::Standings& s) {
    if (!s.unassigned_reads || reported_chips_.size() >= max_unknown_chips_logged) return;
    const auto& list = *s.unassigned_reads;
    if (list.size() == unassigned_seen_) return;
    unassigned_seen_ = list.size();
    for (const auto& u : list) {
        if (!reported_chips_.insert(u.chip).second) continue;
        log_.say(u.reader, "chip {} belongs to no participant: read R{} stored and listed as "
                           "unassigned (ASSIGN {} <bib> gives it to a runner)",
                 u.chip, u.read_id, u.chip);
        if (reported_chips_.size() >= max_unknown_chips_logged) {
            log_.say(who, "{} unknown chips reported: further ones are not logged",
                     max_unknown_chips_logged);
            return;
        }
    }
}

}  // namespace fl::ingest
