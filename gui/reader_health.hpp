#pragma once
// The reader panel's judgement of each reader: a reader that has gone quiet while runners are
// on course is the failure a timer must notice at once (a mat unplugged, a decoder hung) — but
// a finish mat is quiet by design until the first runner could get there, and a false alarm
// then teaches marshals to ignore the real one.
#include <optional>
#include <string>
#include <string_view>

#include "ingest/reader_status.hpp"
#include "results/standings.hpp"
#include "timing/config.hpp"
#include "timing/time.hpp"

namespace fl::gui {

enum class ReaderHealth {
    ok,       // reading, or nothing is expected of it now
    idle,     // not connected, and no runner is on course
    waiting,  // connected, and no runner can have reached its points yet
    quiet,    // connected, but no read for a while with runners on course
    offline,  // not connected with runners on course
};
std::string_view to_string(ReaderHealth h);  // "ok", "idle", "waiting", "QUIET", "OFFLINE"

// `race_running`: some runner is on course. `reads_from`: when the reader is first expected
// to read (reads_expected_from); without one it is never expected to (it only serves start
// points, and everyone on course has crossed the start). Quiet means no read for
// `quiet_after` since the later of its last read and `reads_from`.
ReaderHealth reader_health(const ingest::ReaderStatus& r, timing::Instant now, bool race_running,
                           timing::Duration quiet_after,
                           std::optional<timing::Instant> reads_from);

// No runner covers a kilometre faster than this (road world records run at 2:20–2:55 per km):
// the least time to a point when its event sets no min_time.
inline constexpr timing::Duration fastest_per_km = std::chrono::minutes{2};

// When the first runner could reach a point the reader feeds: over the events through each of
// its finish and split points, the earliest wave gun (as in the standings: recorded, else
// scheduled) plus the least time to cover the distance — the event's min_time (scaled by a
// split's share of the event distance) and never faster than fastest_per_km. Nothing when
// every point it feeds is a start; the epoch (expected at once) for a reader or point the
// config does not know, or a split without a distance.
std::optional<timing::Instant> reads_expected_from(const timing::RaceConfig& race,
                                                   const results::Standings& standings,
                                                   std::string_view reader);

// "4 s", "3 min", "2 h" since `then`; "never" without one.
std::string ago(const std::optional<timing::Instant>& then, timing::Instant now);

}  // namespace fl::gui
