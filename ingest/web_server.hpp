#pragma once
// Live results over HTTP for the venue network (issue 14; README, Live results on phones): a
// Boost.Beast server on the service's io_context that only reads. It serves the published
// standings snapshots (never the race file) and holds every client to the same limits: GET and
// HEAD only, request line and headers within web_header_limit bytes and web_header_time, at
// most [web] max_connections open at once. /live streams what changes to each client
// (live_feed.hpp). io thread only, like the other listeners, except published().
#include <utility>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "ingest/log.hpp"
#include "ingest/web_options.hpp"
#include "ingest/web_routes.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

// Request line + headers past this are answered 431 and the connection closed.
inline constexpr std::size_t web_header_limit = 8 * 1024;
// A client that has not sent a request's whole header this long after it connected (or after
// its previous answer) is closed: a slow sender holds a slot for 10 s at most.
inline constexpr std::chrono::seconds web_header_time{10};

class WebServer {
public:
    using Snapshot = WebRoutes::Snapshot;

    // Binds [web] listen at once; throws ingest::Error saying what to change when the address
    // is taken or not ours (port 0 takes a free one: bound() tells which).
    WebServer(boost::asio::io_context& io, const timing::WebConfig& config, Snapshot snapshot,
              Log& log, const WebOptions& options = {});
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    timing::Endpoint bound() const;
    // Accepts until close(); run it as one of the service's tasks.
    boost::asio::awaitable<void> accept_loop();
    // Stops accepting and closes every open connection, /live streams included.
    void close();

    // A new standings snapshot for the /live streams: compares it with the previous one here
    // (the publishing thread; one thread at a time) and hands what changed to the io thread.
    void published(std::shared_ptr<const results::Standings> now);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fl::ingest
