#pragma once
// What a clean stop needs from the sessions: whether the service is stopping, the connections
// open now (their reading stops, then the stop waits for them to hand over what they received)
// and the timers asleep (a reconnect backoff wakes at once). io thread only.
#include <utility>

#include <memory>
#include <set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "ingest/connection.hpp"

namespace fl::ingest {

class Shutdown {
public:
    explicit Shutdown(boost::asio::io_context& io);

    bool stopping() const { return stopping_; }
    // From now on stopping: wakes every sleeper and stops every open connection's reading.
    void begin();

    void opened(const std::shared_ptr<Connection>& conn) { live_.insert(conn); }
    void closed(const std::shared_ptr<Connection>& conn);
    const std::set<std::shared_ptr<Connection>>& live() const { return live_; }
    // Woken when the last connection closes while stopping.
    boost::asio::steady_timer& drained() { return drained_; }

    // Timers that sleep (reconnect backoff, a peer's budget) and must wake up at shutdown.
    void sleeping(boost::asio::steady_timer* t) { sleepers_.insert(t); }
    void awake(boost::asio::steady_timer* t) { sleepers_.erase(t); }

private:
    bool stopping_ = false;
    std::set<std::shared_ptr<Connection>> live_;
    std::set<boost::asio::steady_timer*> sleepers_;
    boost::asio::steady_timer drained_;
};

}  // namespace fl::ingest
