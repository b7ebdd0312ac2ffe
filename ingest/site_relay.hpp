#pragma once
// A remote site's relay (`finishline relay SITE.db`, issue 15): the service takes the site's
// reads exactly as `serve` does; this publishes every committed read, in order, QoS 1, to
// finishline/<race-id>/reads/<site>, at most 1,000 reads a message and 8 messages awaiting
// the broker's acknowledgement. Reads are taken from the race file by id (the read's id is
// its seq), never kept in memory, so a broker down for hours costs nothing but the backlog.
//
// What the broker acknowledged and what the finish confirmed (its retained answer on
// resend/<site>) are kept in the race file (relay_progress). After a restart or a
// reconnect the relay publishes again everything after what the finish confirmed, and it
// sends again any range the finish says it misses. Every 5 s a retained heartbeat on
// sites/<site> tells the finish the last seq, the readers and the site's clock.
// Runs on the MQTT client's thread; committed() may be called from any thread.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "ingest/log.hpp"
#include "ingest/mqtt_client.hpp"
#include "ingest/reader_status.hpp"
#include "ingest/relay_message.hpp"
#include "timing/clock.hpp"
#include "timing/config.hpp"
#include "timing/race_file.hpp"

namespace fl::ingest {

struct RelayOptions {
    std::chrono::milliseconds heartbeat{5000};
    std::size_t window = 8;  // messages published and not yet acknowledged by the broker
    std::size_t reads_per_message = max_reads_per_message;
};

class SiteRelay {
public:
    SiteRelay(const std::string& race_path, const timing::RaceConfig& config, Log& log,
              const StatusBoard& status, timing::Clock clock, RelayOptions options = {});
    ~SiteRelay();  // stop(); the timer goes before the client whose context it uses
    void start();
    void stop();  // keeps what the broker acknowledged in the race file
    // Reads up to this id are committed (journal thread); `clock_synced`: that commit stored a
    // device clock sync, so the offsets the reads are sent with are looked up again.
    void committed(std::int64_t last_read_id, bool clock_synced);

private:
    void connected(bool session_present);
    void message(std::string_view topic, std::string_view payload);
    void published(int mid);
    void pump();
    bool publish_range(std::int64_t from, std::int64_t to, std::int64_t& last_sent);
    void heartbeat();
    void save_progress(bool force);
    void refresh_offsets();

    const timing::RaceConfig& config_;
    Log& log_;
    const StatusBoard& status_;
    timing::Clock clock_;
    RelayOptions options_;
    std::string race_id_, site_, who_;
    std::string reads_topic_, site_topic_, resend_topic_;
    timing::RaceFile file_;  // opened on the constructing thread, used only on the client's
    std::map<std::int64_t, std::string> reader_names_, point_names_;
    std::map<std::int64_t, std::int64_t> offsets_us_;  // reader id -> clock offset in force
    bool offsets_stale_ = true;                        // looked up again before the next read goes

    std::int64_t stored_ = 0;     // the highest committed read id (seq)
    std::int64_t next_ = 1;       // the next seq to publish in order
    std::int64_t acked_ = 0;      // every seq up to this one acknowledged by the broker
    std::int64_t confirmed_ = 0;  // every seq up to this one confirmed by the finish
    std::int64_t saved_acked_ = -1, saved_confirmed_ = -1;
    std::chrono::steady_clock::time_point saved_at_{};
    struct Inflight {
        SeqRange seqs;
        bool in_order = true;  // false: sent again on request
    };
    std::map<int, Inflight> inflight_;  // by message id
    std::vector<SeqRange> resend_;       // asked for by the finish, sent before new reads
    std::int64_t last_request_ = -1;

    bool stopped_ = false;
    std::unique_ptr<MqttClient> client_;
    std::unique_ptr<boost::asio::steady_timer> heartbeat_timer_;  // on the client's context
};

}  // namespace fl::ingest
