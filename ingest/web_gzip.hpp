#pragma once
// gzip for the web server's answers (README, Live results over HTTP): a client that accepts
// gzip gets a text answer of web_gzip_min bytes or more compressed, and each distinct body is
// compressed once, not per request: thousands of phones asking for the same standings
// version cost one compression. Applied to every route's reply, whatever built it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "ingest/web_routes.hpp"

namespace fl::ingest {

// Smaller bodies go as they are: the gzip header and trailer would eat most of the gain.
inline constexpr std::size_t web_gzip_min = 1024;

class WebGzip {
public:
    // Compresses `reply`'s body when the request's Accept-Encoding takes gzip and the body is
    // text of web_gzip_min bytes or more; either way marks such a reply (and every 304) as
    // varying with Accept-Encoding. A compressed reply's entity tag becomes weak (W/"12"):
    // the same standings version, other bytes (RFC 9110 8.8.1).
    void encode(WebReply& reply, std::string_view accept_encoding);

private:
    struct Entry {
        // The body compressed: the same shared bytes (an export cached by WebRoutes), or equal
        // ones compared whole, before `packed` is reused.
        std::shared_ptr<const std::string> plain;
        std::shared_ptr<const std::string> packed;
    };
    std::unordered_map<std::uint64_t, Entry> cache_;
    std::size_t cached_bytes_ = 0;
};

}  // namespace fl::ingest
