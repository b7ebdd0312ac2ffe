#pragma once
// Emulated timing devices that play a plan over real TCP, speaking each protocol exactly as
// ../shared/reference/protocols.md documents it (handshakes, sequence numbers, acks, resume):
// ChronoTrack CTP01 and MYLAPS ASCII connect to the service, a RACE RESULT decoder listens for
// it, a bib scanner connects and types bibs. Devices run on a timing::Clock: a record goes out
// when the clock reaches its time, so a race plays out `speed` times faster than real time.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "timing/clock.hpp"
#include "timing/config.hpp"
#include "tools/sim/plan.hpp"

namespace fl::sim {

using timing::Protocol;  // the names, and who connects to whom, are timing's (reader_protocol.hpp)

struct DeviceOptions {
    Protocol protocol = Protocol::chronotrack;
    std::string name = "sim";                // in logs; MYLAPS/RACE RESULT box names
    timing::Endpoint endpoint;               // the service (or, for RACE RESULT, where to listen)
    std::vector<std::string> points;         // timing points covered; empty = every point
                                             // (bib scanner: every finish point)
    std::map<std::string, std::string> location_names;  // timing point → the device's name for it
    Duration clock_error{0};                 // device clock minus true time
    bool peak_only = false;                  // one read per chip per crossing
    std::uint64_t seed = 1;                  // for drops, scan delays, terminators

    // Dropping the connection on purpose, to exercise resume: after every N records sent, or
    // with this chance per record. ChronoTrack and MYLAPS reset the connection (in-flight data
    // may be lost), RACE RESULT drops the service mid-fetch, the bib scanner closes cleanly.
    int disconnect_every = 0;
    double disconnect_probability = 0;

    std::string version = "1.1";             // ChronoTrack SimpleClient version
    double protocol_version = 2.0;           // RACE RESULT: the newest protocol the decoder speaks
    int passings_per_message = 10;           // MYLAPS
    int unacked_window = 16;                 // MYLAPS messages in flight
    std::chrono::milliseconds ack_timeout{3000};      // MYLAPS: resend after this long unacked
    std::chrono::milliseconds keepalive{10000};       // MYLAPS Ping when idle this long
    std::chrono::milliseconds reconnect_delay{200};   // first retry; doubles up to 2 s
    std::chrono::milliseconds linger{500};            // stay connected after the last record
    std::chrono::milliseconds final_wait{10000};      // give up on acks / fetches after the race
    Duration scan_delay_max{std::chrono::seconds{3}}; // bib scanner: finish line to scan
    bool scan_times = false;                 // bib scanner: "<bib> <HH:MM:SS.fff>" lines

    // Messages for the person running the simulation (connection trouble, protocol errors).
    std::function<void(std::string_view)> log;
};

// The device behind one [[readers]] entry: its protocol, where it meets the service (the
// reader's listen address; for RACE RESULT, the address the service connects to), its timing
// points and its own location names for them. Throws sim::Error when it cannot be emulated.
DeviceOptions device_for_reader(const timing::ReaderConfig& reader);

// A snapshot of one device's progress.
struct Progress {
    std::string name;
    Protocol protocol = Protocol::chronotrack;
    std::string endpoint;
    std::int64_t planned = 0;   // records the device will report
    std::int64_t sent = 0;      // distinct records delivered (RACE RESULT: fetched) at least once
    std::int64_t acked = 0;     // acknowledged by the service (MYLAPS)
    std::int64_t resent = 0;    // records sent again: resume, retransmit, re-fetch
    int connections = 0;
    int drops = 0;              // connections dropped on purpose
    bool connected = false;
    bool done = false;          // played out (or failed: see error)
    std::uint16_t listen_port = 0;  // RACE RESULT: the bound port
    std::string error;
};

// Written by the device, read from any thread.
class DeviceStats {
public:
    std::atomic<std::int64_t> planned{0}, sent{0}, acked{0}, resent{0};
    std::atomic<int> connections{0}, drops{0};
    std::atomic<bool> connected{false}, done{false};
    std::atomic<std::uint16_t> listen_port{0};

    void request_stop() { stop_ = true; }
    bool stop_requested() const { return stop_; }
    void set_error(std::string e);
    Progress snapshot() const;

    std::string name;            // set before the device starts, constant afterwards
    Protocol protocol = Protocol::chronotrack;
    std::string endpoint;

private:
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::string error_;
};

// Starts the device on a strand of `executor` (any io_context, one thread or several). Checks
// the options against the plan first (throws sim::Error naming what is wrong). `done` runs
// once the device has played out, stopped or failed; failures are also in stats->error.
void spawn_device(const boost::asio::any_io_executor& executor, std::shared_ptr<const Plan> plan,
                  DeviceOptions options, timing::Clock clock, std::shared_ptr<DeviceStats> stats,
                  std::function<void()> done = {});

}  // namespace fl::sim
