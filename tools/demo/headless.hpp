#pragma once
// The demo without a window: the service and the devices run while the terminal shows a
// progress line (refreshed in place on a terminal, one line every few seconds otherwise)
// and the top 10 every few seconds.
#include <chrono>
#include <cstdio>

#include "tools/demo/session.hpp"

namespace fl::demo {

struct HeadlessOptions {
    std::FILE* out = stdout;
    bool live = false;  // a terminal: redraw the progress line in place
    std::chrono::milliseconds refresh{3000};
    std::chrono::milliseconds top_every{5000};
};

// Starts the service and the devices, prints progress until the race is played out (or
// SIGINT/SIGTERM), then stops the devices and the service, which commits everything it
// received. Returns true when the race was played out, false when it was interrupted.
bool run_headless(Session& session, const HeadlessOptions& options);

// Once every device is done: waits (at most `limit`) until the service has read everything
// they sent and closed their connections, so stopping it loses nothing in flight.
void wait_for_readers_idle(ingest::Service& service, std::chrono::milliseconds limit);

}  // namespace fl::demo
