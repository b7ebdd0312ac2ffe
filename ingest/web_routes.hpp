#pragma once
// What the web server answers to each address (README, Live results over HTTP), before any
// socket is involved: a request in, a reply out, from the published standings only. The
// socket side (limits, keep-alive, the /live stream) is web_server.cpp.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "results/runner_search.hpp"
#include "results/standings.hpp"

namespace fl::ingest {

struct WebRequest {
    std::string_view method;         // "GET", "HEAD", anything a client sent
    std::string_view target;         // "/results.csv?event=5K"
    std::string_view if_none_match;  // "" when absent
    std::string_view accept_encoding;
};

struct WebReply {
    unsigned status = 200;
    std::string content_type;
    std::string body;
    // Instead of `body` when set: bytes many answers share (an export cached for the
    // standings version), written without a copy.
    std::shared_ptr<const std::string> shared_body;
    std::string etag;    // quoted entity tag, "" when none
    bool close = false;  // close the connection after this answer
    std::string allow;   // the Allow header of a 405
    std::string cache_control = "no-cache";
    std::string csp = "default-src 'none'";  // Content-Security-Policy (pages allow /app.*)
    std::string content_encoding;  // "gzip" once WebGzip compressed the body
    bool vary_encoding = false;    // the answer depends on Accept-Encoding (web_gzip.hpp)

    std::string_view content() const { return shared_body ? std::string_view(*shared_body) : body; }
};

// A plain-text answer (the refusals and errors of every route and of the server itself).
WebReply text_reply(unsigned status, std::string body, bool close = false);

class WebRoutes {
public:
    using Snapshot = std::function<std::shared_ptr<const results::Standings>()>;

    explicit WebRoutes(Snapshot snapshot);

    // The answer to a request against the current snapshot. GET and HEAD get the same headers;
    // the caller drops a HEAD's body.
    WebReply answer(const WebRequest& request);

private:
    struct Cached {
        std::uint64_t version = 0;
        std::shared_ptr<const std::string> body;
    };
    WebReply data(std::string_view path, std::string_view query, const WebRequest& request);
    WebReply page(std::string_view path, std::string_view query, const WebRequest& request);

    Snapshot snapshot_;
    std::map<std::string, Cached> cache_;
    // Names folded once per standings version, for /search (built when first asked).
    std::optional<results::SearchIndex> search_index_;
    std::map<std::string, Cached> page_cache_;
    // When this server first had the current standings: the pages' "updated hh:mm:ss".
    std::uint64_t seen_version_ = 0;
    timing::Instant seen_at_{};
};

}  // namespace fl::ingest
