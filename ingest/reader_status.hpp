#pragma once
// Per-reader status (connected peers, last read, counts, clock offset, last error). Written
// on the io thread: by the connections, and with each commit's outcome once it is posted back
// there (the journal writer never touches it); the service sets endpoints and today's counts
// before it runs. Read by any thread as a copied snapshot (the GUI, STATUS on the marshal port).
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timing/clock.hpp"
#include "timing/config.hpp"
#include "timing/time.hpp"

namespace fl::ingest {

struct ReaderStatus {
    std::string name;
    std::string protocol;           // chronotrack | raceresult | mylaps | bibscan
    std::string endpoint;           // "listen 127.0.0.1:61611" / "connect 10.0.0.5:3601"
    std::vector<std::string> peers; // connected peer addresses ("127.0.0.1:51234")
    bool connected() const { return !peers.empty(); }
    std::optional<timing::Instant> last_read;    // receive time of the newest stored record
    std::int64_t reads_today = 0;    // records stored since local midnight (race zone)
    std::int64_t resends = 0;        // records received again and stored once
    std::int64_t parse_errors = 0;   // malformed records (logged with their bytes)
    std::optional<timing::Duration> clock_offset;  // config clock_offset, else the device's
    bool clock_offset_from_config = false;
    std::string last_error;
    std::optional<timing::Instant> last_error_time;
};

// A remote site as the finish sees it (issue 15): from its heartbeats and its relayed reads.
struct SiteStatus {
    std::string name;
    bool connected = false;                       // a heartbeat in the last 15 s
    std::optional<timing::Instant> last_heartbeat;
    std::optional<timing::Instant> last_read;     // when the newest relayed read arrived here
    std::int64_t last_seq = 0;                    // the site's newest read (its heartbeat)
    std::int64_t held = 0;                        // reads of the site in this race file
    std::int64_t behind = 0;                      // reads the site has that this file lacks
    std::optional<timing::Duration> clock_difference;  // site clock minus ours
};

class StatusBoard {
public:
    // Error times are read from `clock`.
    explicit StatusBoard(const timing::RaceConfig& race, timing::Clock clock = {});

    std::vector<ReaderStatus> snapshot() const;

    void set_endpoint(std::string_view reader, std::string endpoint);
    void connected(std::string_view reader, std::string peer);
    void disconnected(std::string_view reader, std::string_view peer);
    void stored(std::string_view reader, std::int64_t stored, std::int64_t resends,
                std::optional<timing::Instant> last);
    void set_reads_today(std::string_view reader, std::int64_t n);
    void parse_errors(std::string_view reader, std::int64_t n, std::string_view last);
    void error(std::string_view reader, std::string_view what);
    void clock_offset(std::string_view reader, timing::Duration offset);
    void site(SiteStatus s);  // adds or replaces the site of that name
    std::vector<SiteStatus> sites() const;

private:
    ReaderStatus* find(std::string_view reader);
    timing::Clock clock_;
    mutable std::mutex mutex_;
    std::vector<ReaderStatus> readers_;
    std::vector<SiteStatus> sites_;
};

// The warning for a clock offset the device reported (not the config's) over a minute, with what
// to do; nullopt when there is nothing to warn about.
std::optional<std::string> clock_warning(const ReaderStatus& r);

// One "SITE <name> connected=... last_seq=... behind=... clock_difference=..." line per site.
std::vector<std::string> site_lines(const std::vector<SiteStatus>& sites, const timing::RaceCalendar& calendar);

// The STATUS reply of the marshal protocol: one "STATUS <name> key=value ..." line per reader.
std::vector<std::string> status_lines(const std::vector<ReaderStatus>& readers,
                                      const timing::RaceCalendar& calendar);

}  // namespace fl::ingest
