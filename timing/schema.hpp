#pragma once
// The race file's schema, versioned by PRAGMA user_version with forward-only migrations.
#include <span>
#include <string_view>

namespace fl::timing {

class Connection;

// migrations()[i] takes a race file from version i to i + 1.
std::span<const std::string_view> migrations();
int latest_schema_version();

// Brings the file up to `target` (default: latest), each step in its own transaction.
// Throws timing::Error when the file is newer than this program knows.
void migrate(Connection& db, int target = -1);

// WAL, synchronous=FULL, foreign keys: set on every connection.
void apply_pragmas(Connection& db);

}  // namespace fl::timing
