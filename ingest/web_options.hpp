#pragma once
// How the web server paces its /live stream (README, Live results over HTTP). Not config keys:
// the defaults are what the issue asks for; tests use short ones.
#include <chrono>
#include <cstddef>
#include <limits>

namespace fl::ingest {

struct WebOptions {
    // A /live client gets at most one event per interval: what changed meanwhile is coalesced.
    std::chrono::milliseconds live_interval{500};
    // A /live client sent nothing this long gets a comment line, so proxies keep it open.
    std::chrono::milliseconds live_keepalive{15'000};
    // Publishes remembered for Last-Event-ID (bounded in entries and in bytes of JSON): a
    // client that comes back from further away gets a full event.
    std::size_t live_history_entries = 10'000;
    std::size_t live_history_bytes = 8 * 1024 * 1024;
    // Connections the web server takes at once at most, below [web] max_connections when the
    // open-file limit leaves fewer (set by the service; see open_files.hpp).
    std::size_t connection_cap = std::numeric_limits<std::size_t>::max();
};

}  // namespace fl::ingest
