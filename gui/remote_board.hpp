#pragma once
// `finishline board --mqtt host:port --race <race-id>`: the live board at another site, drawn
// from what the finish publishes through the MQTT broker (ingest/standings_fanout.hpp). It
// subscribes to finishline/<race-id>/standings (retained: the newest arrives at once), rebuilds
// a results::Standings from each message and hands it to the ordinary board through a
// read-only ServiceLink. Its tables hold what the message lists: per event the counts, the top
// 10 and the latest finishers. While the broker cannot be reached, or nothing has been
// published for that race id, the board says so (ServiceLink::notice).
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "gui/service_link.hpp"
#include "ingest/log.hpp"
#include "ingest/mqtt_client.hpp"
#include "ingest/standings_message.hpp"
#include "results/standings.hpp"
#include "timing/config.hpp"

namespace fl::gui {

// The standings the board draws from one message: an event table of its top finishers (in
// place order) and the race's latest finishers, newest first.
std::shared_ptr<const results::Standings> board_standings(const ingest::StandingsMessage& m);

// What a submit on a remote board answers (it has no marshal port to reach).
inline constexpr std::string_view read_only_reply = "ERR read-only board";

struct RemoteBoardOptions {
    timing::MqttConfig broker;
    std::string race_id;
    // Until connected this long the board says "connecting"; after that, "cannot reach".
    std::chrono::milliseconds patience{2000};
};

class RemoteBoard {
public:
    RemoteBoard(RemoteBoardOptions options, ingest::Log& log);
    ~RemoteBoard();
    RemoteBoard(const RemoteBoard&) = delete;
    RemoteBoard& operator=(const RemoteBoard&) = delete;

    // Called on the MQTT thread after each new standings (set before start()).
    void on_standings(std::function<void()> wake) { wake_ = std::move(wake); }
    void start();
    void stop();

    // Any thread.
    std::shared_ptr<const results::Standings> standings() const;
    std::string notice() const;
    std::uint64_t messages() const;  // standings messages taken in

private:
    void message(std::string_view topic, std::string_view payload, bool retained);

    RemoteBoardOptions options_;
    ingest::Log& log_;
    std::string topic_;
    std::function<void()> wake_;
    std::chrono::steady_clock::time_point started_{};

    mutable std::mutex mutex_;  // guards the four below
    std::shared_ptr<const results::Standings> standings_;
    bool connected_ = false;
    bool ever_connected_ = false;
    std::string refused_;  // why the last message was refused, "" when it was taken
    std::uint64_t messages_ = 0;

    std::unique_ptr<ingest::MqttClient> client_;  // last: its thread stops first
};

// The board's link: its standings, its notice, no readers, and every marshal line answered
// "ERR read-only board". The board must outlive the link's use.
ServiceLink link_to(RemoteBoard& board);

}  // namespace fl::gui
