#pragma once
// What the connection coroutines share: the io_context, config, log, status, the journal and
// its back-pressure, and the bookkeeping a clean shutdown needs. io thread only, except where
// a member says otherwise.
#include <utility>

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "ingest/admission.hpp"
#include "ingest/auth_failures.hpp"
#include "ingest/connection.hpp"
#include "ingest/connection_pool.hpp"
#include "ingest/journal_writer.hpp"
#include "ingest/log.hpp"
#include "ingest/peer_budget.hpp"
#include "ingest/read_builder.hpp"
#include "ingest/reader_status.hpp"
#include "timing/clock.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

// A configured reader as the io thread sees it.
struct ReaderRuntime {
    ReaderRuntime(const timing::RaceConfig& race, const timing::ReaderConfig& reader)
        : config(reader),
          builder(race, reader),
          connections(static_cast<std::size_t>(reader.max_connections)) {}
    const timing::ReaderConfig& config;
    ReadBuilder builder;
    int active = 0;  // connections now open
    ConnectionPool connections;  // accepted by its listener, against max_connections
};

class IngestContext {
public:
    IngestContext(boost::asio::io_context& io, const timing::RaceConfig& race, Log& log,
                  StatusBoard& status, JournalWriter& journal, std::size_t queue_capacity,
                  timing::Clock clock = {});

    boost::asio::io_context& io;
    const timing::RaceConfig& race;
    const timing::RaceCalendar calendar;
    const timing::Clock clock;  // "now" for everything received
    Log& log;
    StatusBoard& status;
    JournalWriter& journal;
    Admission admission;
    // Unreadable records and scanner lines one peer address may have stored (peer_budget.hpp).
    PeerBudget refused{refused_budget};
    PeerBudget scans{scan_budget};
    AuthFailures auth_failures;  // wrong marshal tokens per peer address
    bool stopping = false;

    using Then = std::function<void(std::vector<RecordOutcome>)>;
    // Hands records to the journal writer; `then` runs on the io thread after the commit.
    // `conn` (may be null) counts the job as pending until then.
    void submit(const std::shared_ptr<Connection>& conn, std::vector<JournalRecord> records,
                Then then, bool fail_fast = false);

    // Runs a coroutine whose failure is logged and counted, never silently dropped.
    void spawn(std::string who, boost::asio::awaitable<void> task);
    std::size_t failures() const { return failures_.load(); }  // any thread

    // Connections open now; shutdown stops their reading and waits for them to finish.
    void opened(const std::shared_ptr<Connection>& conn) { live_.insert(conn); }
    void closed(const std::shared_ptr<Connection>& conn);
    const std::set<std::shared_ptr<Connection>>& live() const { return live_; }
    // Woken when the last connection closes during shutdown.
    boost::asio::steady_timer& drained() { return drained_; }

    // Timers that sleep (reconnect backoff) and must wake up at shutdown.
    void sleeping(boost::asio::steady_timer* t) { sleepers_.insert(t); }
    void awake(boost::asio::steady_timer* t) { sleepers_.erase(t); }
    void wake_sleepers();

private:
    std::atomic<std::size_t> failures_{0};
    std::set<std::shared_ptr<Connection>> live_;
    std::set<boost::asio::steady_timer*> sleepers_;
    boost::asio::steady_timer drained_;
};

// Waits until every journal job of `conn` is answered (or the connection is gone).
boost::asio::awaitable<void> settle(std::shared_ptr<Connection> conn);

}  // namespace fl::ingest
