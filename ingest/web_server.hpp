#pragma once
// Live results over HTTP for the venue network (issue 14; README, Live results on phones): a
// Boost.Beast server on the service's io_context that only reads. It serves the published
// standings snapshots (never the race file) and holds every client to the same limits: GET and
// HEAD only, request line and headers within web_header_limit bytes and web_header_time, at
// most [web] max_connections open at once. io thread only, like the other listeners.
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
#include "results/standings.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

// Request line + headers past this are answered 431 and the connection closed.
inline constexpr std::size_t web_header_limit = 8 * 1024;
// A client that has not sent a request's whole header this long after it connected (or after
// its previous answer) is closed: a slow sender holds a slot for 10 s at most.
inline constexpr std::chrono::seconds web_header_time{10};

// What one request is answered, before it meets a socket (the routes, testable on their own).
struct WebReply {
    unsigned status = 200;
    std::string content_type;
    std::string body;
    std::string etag;    // quoted entity tag, "" when none
    bool close = false;  // close the connection after this answer
    std::string allow;   // the Allow header of a 405
};

class WebServer {
public:
    using Snapshot = std::function<std::shared_ptr<const results::Standings>()>;

    // Binds [web] listen at once; throws ingest::Error saying what to change when the address
    // is taken or not ours (port 0 takes a free one: bound() tells which).
    WebServer(boost::asio::io_context& io, const timing::WebConfig& config, Snapshot snapshot,
              Log& log);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    timing::Endpoint bound() const;
    // Accepts until close(); run it as one of the service's tasks.
    boost::asio::awaitable<void> accept_loop();
    // Stops accepting and closes every open connection.
    void close();

    // The answer to `method target` with the request's If-None-Match ("" when absent) against
    // the current snapshot. GET and HEAD get the same headers; the caller drops a HEAD's body.
    WebReply answer(std::string_view method, std::string_view target, std::string_view if_none_match);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The value of `key` in a query string ("event=Fun+Run&x=1"), percent-decoded, "+" a space;
// "" when absent or malformed.
std::string query_value(std::string_view query, std::string_view key);

// Whether an If-None-Match header value ("\"12\", W/\"13\"" or "*") matches `etag` (weak
// comparison, RFC 9110 13.1.2).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace fl::ingest
