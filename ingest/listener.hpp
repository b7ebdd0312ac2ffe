#pragma once
// A listening socket for a reader or the marshal port: bound to the configured address only,
// with a cap on open connections (a reconnecting peer replaces its own oldest connection) and
// an optional allowlist of peer addresses.
#include <utility>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "ingest/connection.hpp"
#include "ingest/connection_pool.hpp"
#include "ingest/log.hpp"
#include "ingest/reader_status.hpp"
#include "ingest/shutdown.hpp"
#include "ingest/tasks.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

// What accepting uses of the service (io thread): sessions run as tasks, connections counted
// for the shutdown, refusals logged and shown in the status.
struct AcceptContext {
    Tasks& tasks;
    Shutdown& shutdown;
    Log& log;
    StatusBoard& status;
};

class Listener {
public:
    // Binds at once; throws ingest::Error saying what to change when the address is taken or
    // not ours. Port 0 takes a free port (tests): bound() tells which.
    Listener(boost::asio::io_context& io, const timing::Endpoint& at, std::string name);

    const std::string& name() const { return name_; }
    timing::Endpoint bound() const { return bound_; }
    boost::asio::ip::tcp::acceptor& acceptor() { return acceptor_; }
    void close();

    // Who makes way for a newcomer when `pool` is full.
    enum class WhenFull {
        // The oldest connection from the newcomer's address (a client reconnecting after its
        // old connection went half-dead); a newcomer from another address is refused.
        replace_same_address,
        // The oldest connection, told why in an ERR line (marshal connections that have not
        // authenticated yet: idle sockets never keep a real client from trying).
        replace_oldest,
    };
    using Serve = std::function<boost::asio::awaitable<void>(std::shared_ptr<Connection>)>;
    // Accepts until closed. Accepted connections join `pool` (and leave it when their session
    // ends); `open_now` counts the sessions running. `allow` lists the peer addresses let in
    // (empty: anyone who can reach the address).
    boost::asio::awaitable<void> accept_loop(AcceptContext& ctx, ConnectionPool& pool,
                                             WhenFull when_full, int& open_now,
                                             std::vector<std::string> allow, Serve serve);

private:
    boost::asio::ip::tcp::acceptor acceptor_;
    std::string name_;
    timing::Endpoint bound_;
};

// Whether a peer address ("127.0.0.1", "::ffff:127.0.0.1", "::1") is on the allowlist.
bool peer_allowed(const boost::asio::ip::address& peer, const std::vector<std::string>& allow);

}  // namespace fl::ingest
