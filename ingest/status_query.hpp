#pragma once
// Asks a running service for its reader status over its marshal port (what
// `finishline status RACE.db` prints), and reads the STATUS lines back into values.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader_status.hpp"

namespace fl::ingest {

// Finds the service serving `race_path` (its lock file), connects to its marshal port,
// authenticates with the race's token when there is one and returns the STATUS lines (one per
// reader) and the SITE lines (one per remote site, site_lines in reader_status.hpp).
// Throws ingest::Error with what to do when no service runs or it does not answer.
std::vector<std::string> query_status(const std::string& race_path,
                                      std::chrono::milliseconds timeout = std::chrono::seconds{5});

// One "STATUS <name> <protocol> key=value ... last_error=\"...\"" line; times stay text.
struct StatusLine {
    std::string name, protocol, endpoint, peers, last_read, clock_offset, clock_warning, last_error;
    long long connected = 0, reads_today = 0, resends = 0, parse_errors = 0;
};
std::optional<StatusLine> parse_status_line(std::string_view line);

// One "SITE <name> connected=... last_seq=... ..." line (site_lines in reader_status.hpp).
struct SiteLine {
    std::string name, last_heartbeat, last_read, clock_difference;
    long long connected = 0, last_seq = 0, held = 0, behind = 0;
};
std::optional<SiteLine> parse_site_line(std::string_view line);

}  // namespace fl::ingest
