#pragma once
// The reader panel's judgement of each reader: a reader that has gone quiet while runners are
// on course is the failure a timer must notice at once (a mat unplugged, a decoder hung).
#include <string>
#include <string_view>

#include "ingest/reader_status.hpp"
#include "timing/config.hpp"
#include "timing/time.hpp"

namespace fl::gui {

enum class ReaderHealth {
    ok,       // reading, or nothing is expected of it now
    idle,     // not connected, and no runner is on course
    quiet,    // connected, but no read for a while with runners on course
    offline,  // not connected with runners on course
};
std::string_view to_string(ReaderHealth h);  // "ok", "idle", "QUIET", "OFFLINE"

// `race_running`: some runner is on course. A reader that only serves start points is not
// expected to read once everyone has crossed the start, so it is never called quiet.
ReaderHealth reader_health(const ingest::ReaderStatus& r, timing::Instant now, bool race_running,
                           timing::Duration quiet_after, bool start_only);

// True when every timing point the reader feeds has the start role.
bool start_only_reader(const timing::RaceConfig& race, std::string_view reader);

// "4 s", "3 min", "2 h" since `then`; "never" without one.
std::string ago(const std::optional<timing::Instant>& then, timing::Instant now);

}  // namespace fl::gui
