// What the journal writer does when a commit fails (ingest/commit_retry.hpp): how long it
// pauses, when it gives up, and what a submitter is told.
#include <gtest/gtest.h>

#include <chrono>
#include <new>
#include <stdexcept>

#include "ingest/commit_retry.hpp"
#include "timing/db.hpp"

namespace {

using namespace fl::ingest;
using std::chrono::milliseconds;

// 50 ms doubling per attempt, at most 2 s: 50, 100, 200, 400, 800, 1600, then 2000 for good.
TEST(CommitRetry, PausesDoubleFrom50msUpTo2s) {
    const CommitRetry retry;
    EXPECT_EQ(retry.pause_after(1), milliseconds{50});
    EXPECT_EQ(retry.pause_after(2), milliseconds{100});
    EXPECT_EQ(retry.pause_after(3), milliseconds{200});
    EXPECT_EQ(retry.pause_after(4), milliseconds{400});
    EXPECT_EQ(retry.pause_after(5), milliseconds{800});
    EXPECT_EQ(retry.pause_after(6), milliseconds{1600});
    EXPECT_EQ(retry.pause_after(7), milliseconds{2000});
    EXPECT_EQ(retry.pause_after(8), milliseconds{2000});
    EXPECT_EQ(retry.pause_after(1000), milliseconds{2000});  // no overflow however long it fails
}

// Device records are retried for as long as the service runs; while it stops, five attempts.
TEST(CommitRetry, GivesUpOnlyWhileStoppingAfterFiveAttempts) {
    const CommitRetry retry;
    EXPECT_FALSE(retry.give_up(1, false));
    EXPECT_FALSE(retry.give_up(500, false));
    EXPECT_FALSE(retry.give_up(4, true));
    EXPECT_TRUE(retry.give_up(5, true));
    EXPECT_TRUE(retry.give_up(6, true));
}

// SQLITE_FULL is 13 (sqlite.org/rescode.html); SQLITE_IOERR is 10.
TEST(CommitRetry, AFullDiskIsToldAsSuchWithWhatToDo) {
    const auto f = commit_failure(fl::timing::DbError(13, "database or disk is full"));
    EXPECT_TRUE(f.disk_full);
    EXPECT_EQ(f.error, "the disk holding the race file is full: free disk space (SQLite: database or disk is full)");
    EXPECT_EQ(not_stored_error(f),
              "not stored: the disk holding the race file is full: free disk space, then send it again");
}

TEST(CommitRetry, OtherFailuresNameTheError) {
    const auto io = commit_failure(fl::timing::DbError(10, "disk I/O error"));
    EXPECT_FALSE(io.disk_full);
    EXPECT_EQ(io.error, "disk I/O error");
    EXPECT_EQ(not_stored_error(io),
              "not stored: disk I/O error: check the disk and the race file, then send it again");
    const auto timing = commit_failure(fl::timing::Error("race file is read-only"));
    EXPECT_FALSE(timing.disk_full);
    EXPECT_EQ(timing.error, "race file is read-only");
    // Out of memory or a bug: named as unexpected (the writer thread carries on).
    const auto memory = commit_failure(std::bad_alloc());
    EXPECT_FALSE(memory.disk_full);
    EXPECT_EQ(memory.error, "unexpected error: std::bad_alloc");
    EXPECT_EQ(commit_failure(std::runtime_error("boom")).error, "unexpected error: boom");
}

}  // namespace
