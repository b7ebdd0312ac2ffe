#pragma once
// When a commit fails, nothing is acknowledged. Devices keep their records until we
// acknowledge them (or resend them after a reconnect), so their jobs are retried with a
// growing pause; a person waiting for an answer (a fail_fast job) is told at once. While the
// service stops, the writer gives up after a few attempts: the records were never
// acknowledged, so the devices send them again after a restart.
#include <chrono>
#include <exception>
#include <string>

namespace fl::ingest {

// Why a commit attempt failed, as the log and the submitters are told.
struct CommitFailure {
    std::string error;
    bool disk_full = false;
};

// What a commit attempt's exception means: SQLite's full disk, another race file error, or
// anything else (out of memory, a bug), which never ends the writer thread either.
CommitFailure commit_failure(const std::exception& e);

// The error a submitter is answered with when its records are not stored: what failed and
// what to do.
std::string not_stored_error(const CommitFailure& f);

struct CommitRetry {
    std::chrono::milliseconds first_pause{50};
    std::chrono::milliseconds longest_pause{2000};
    int attempts_when_stopping = 5;

    // The pause after failed attempt `attempt` (1, 2, …): first_pause, doubling each attempt
    // up to longest_pause.
    std::chrono::milliseconds pause_after(int attempt) const;
    // Whether to answer every job with the failure after attempt `attempt`.
    bool give_up(int attempt, bool stopping) const {
        return stopping && attempt >= attempts_when_stopping;
    }
};

}  // namespace fl::ingest
