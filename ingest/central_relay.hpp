#pragma once
// The finish's side of the relay (issue 15): with [mqtt] in its race config (and no [site]),
// `finishline serve` subscribes to finishline/<race-id>/reads/+ and .../sites/+ (persistent
// session, QoS 1) and stores each relayed read once, keyed by (site, seq), as a read of its
// timing point (relay_readers.hpp). The broker's PUBACK only means the message reached this
// process, not the race file, so the finish keeps its own account: the seqs of each site it
// holds (SeqRanges, loaded from the race file at start, extended after each commit), the
// site's last seq from its heartbeat, and it answers on resend/<site> (retained) with what it
// holds and what it misses. Gaps are asked for once they have waited 2 s with nothing new
// arriving (or 10 s in any case), and again every 3 s until they are filled.
// Runs on the MQTT client's thread; journal outcomes are posted there.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "ingest/journal_writer.hpp"
#include "ingest/log.hpp"
#include "ingest/mqtt_client.hpp"
#include "ingest/reader_status.hpp"
#include "ingest/relay_message.hpp"
#include "ingest/seq_ranges.hpp"
#include "timing/clock.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

struct CentralOptions {
    std::chrono::milliseconds check{500};           // how often gaps and status are looked at
    std::chrono::milliseconds gap_quiet{2000};      // a gap with nothing arriving this long is asked for
    std::chrono::milliseconds gap_any{10000};       // a gap this old is asked for anyway
    std::chrono::milliseconds ask_again{3000};      // a request not answered is repeated
    std::chrono::milliseconds confirm_every{1000};  // what is held is told at most this often
    std::chrono::milliseconds site_quiet{15000};    // no heartbeat this long: the site is quiet
    std::size_t max_pending = 20000;                // relayed reads waiting for the writer
};

class CentralRelay {
public:
    CentralRelay(const std::string& race_path, const timing::RaceConfig& config, JournalWriter& journal,
                 StatusBoard& status, Log& log, timing::Clock clock, CentralOptions options = {});
    ~CentralRelay();
    void start();
    void stop();

private:
    struct Site {
        SeqRanges held;
        std::int64_t last_seq = 0;  // from the heartbeat
        std::optional<timing::Instant> heartbeat_at, last_read_at;
        std::chrono::steady_clock::time_point heard{};       // last live heartbeat (steady)
        std::chrono::steady_clock::time_point progress{};    // last time `held` grew
        std::chrono::steady_clock::time_point missing_since{};
        std::chrono::steady_clock::time_point asked{}, told{};
        std::int64_t told_confirmed = -1;
        std::int64_t requests = 0;
        std::optional<timing::Duration> clock_difference;
        bool has_missing = false;
    };

    void message(std::string_view topic, std::string_view payload, bool retained);
    void reads(const std::string& site, std::string_view payload);
    void heartbeat(const std::string& site, std::string_view payload, bool retained);
    void stored(const std::string& site, std::vector<std::int64_t> seqs, const std::vector<RecordOutcome>& out);
    void check();
    void tell(const std::string& name, Site& s, bool ask);
    Site& site(const std::string& name);

    const timing::RaceConfig& config_;
    JournalWriter& journal_;
    StatusBoard& status_;
    Log& log_;
    timing::Clock clock_;
    CentralOptions options_;
    std::string race_id_;
    timing::RaceCalendar calendar_;
    std::string who_ = "relay";
    std::map<std::string, std::int64_t, std::less<>> points_;  // timing point name -> id
    std::map<std::string, Site, std::less<>> sites_;
    std::size_t pending_ = 0;
    bool stopped_ = false;
    std::unique_ptr<MqttClient> client_;
    std::unique_ptr<boost::asio::steady_timer> timer_;
};

}  // namespace fl::ingest
