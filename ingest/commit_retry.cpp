#include "ingest/commit_retry.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "timing/db.hpp"

namespace fl::ingest {

CommitFailure commit_failure(const std::exception& e) {
    if (const auto* db = dynamic_cast<const timing::DbError*>(&e)) {
        if (db->is_full())
            return {fmt::format("the disk holding the race file is full: free disk space (SQLite: {})",
                                e.what()),
                    true};
        return {e.what(), false};
    }
    if (dynamic_cast<const timing::Error*>(&e)) return {e.what(), false};
    return {fmt::format("unexpected error: {}", e.what()), false};
}

std::string not_stored_error(const CommitFailure& f) {
    if (f.disk_full)
        return "not stored: the disk holding the race file is full: free disk space, then send it "
               "again";
    return fmt::format("not stored: {}: check the disk and the race file, then send it again",
                       f.error);
}

std::chrono::milliseconds CommitRetry::pause_after(int attempt) const {
    auto pause = first_pause;
    for (int i = 1; i < attempt && pause < longest_pause; ++i) pause *= 2;
    return std::min(pause, longest_pause);
}

}  // namespace fl::ingest
