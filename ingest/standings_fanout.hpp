#pragma once
// The finish's results for boards elsewhere (issue 15): with [mqtt] in its race config,
// `finishline serve` publishes through the broker
//   finishline/<race-id>/standings  retained, QoS 1: per event the counts, the top 10 and the
//                                   latest 10 finishers, at most every 500 ms (a late
//                                   subscriber gets the newest at once);
//   finishline/<race-id>/finishers  QoS 1, not retained: each finisher who is new, whose
//                                   result changed, or who is no longer a finisher, once.
// Format in standings_message.hpp (README documents it). A client of its own (id
// finishline-<race-id>-finish-results), apart from the one taking relayed reads, so a board
// that cannot keep up never slows the reads.
//
// published() runs on the results thread: it compares each snapshot with the previous one
// there (LiveDiff, as /live does), so the MQTT thread only encodes and sends. While the broker
// is away the finisher messages wait (at most max_queued, the oldest dropped first: the
// standings still have everything), and the standings are sent again on every reconnect.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/steady_timer.hpp>

#include "ingest/live_feed.hpp"
#include "ingest/log.hpp"
#include "ingest/mqtt_client.hpp"
#include "ingest/standings_message.hpp"
#include "results/standings.hpp"
#include "timing/clock.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

struct FanoutOptions {
    std::chrono::milliseconds min_gap{500};  // between two standings messages
    std::size_t top = 10;                    // finishers listed per event, by place
    std::size_t latest = 10;                 // and newest first
    std::size_t max_queued = 10'000;         // finisher messages kept while the broker is away
};

// What the standings topic says about `s` (the finish's clock `now` as published_us).
StandingsMessage standings_message(const results::Standings& s, timing::Instant now, std::size_t top = 10,
                                   std::size_t latest = 10);

class StandingsFanout {
public:
    // `first`: the standings at start; finishers already in them are not new.
    StandingsFanout(const timing::RaceConfig& config, std::shared_ptr<const results::Standings> first, Log& log,
                    timing::Clock clock, FanoutOptions options = {});
    ~StandingsFanout();
    StandingsFanout(const StandingsFanout&) = delete;
    StandingsFanout& operator=(const StandingsFanout&) = delete;

    void start();
    // Sends the newest standings and the waiting finishers if it can, then disconnects.
    void stop();
    // Results thread: a new snapshot was published.
    void published(std::shared_ptr<const results::Standings> now);

private:
    void send_standings();  // client thread, from here on
    void schedule();
    void flush();
    void queue(std::string payload);

    std::string race_id_;
    Log& log_;
    timing::Clock clock_;
    FanoutOptions options_;
    std::string who_ = "results-mqtt";
    std::string standings_topic_, finishers_topic_;
    std::string broker_;

    // Results thread.
    LiveDiff diff_;
    std::unordered_map<std::int64_t, std::string> sent_;  // participant -> finisher object last sent

    // Client thread.
    std::shared_ptr<const results::Standings> latest_;
    std::uint64_t sent_version_ = 0;
    bool sent_any_ = false;
    bool timer_armed_ = false;
    std::chrono::steady_clock::time_point sent_at_{};
    std::deque<std::string> waiting_;  // finisher messages not yet handed to libmosquitto
    std::size_t dropped_ = 0;
    bool stopped_ = false;

    std::unique_ptr<MqttClient> client_;
    std::unique_ptr<boost::asio::steady_timer> timer_;
};

}  // namespace fl::ingest
