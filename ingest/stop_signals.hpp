#pragma once
// SIGINT/SIGTERM as a request to stop, polled by a loop, instead of killing the process: the
// service still commits what it received. The previous handlers come back when the guard goes.
#include <csignal>

namespace fl::ingest {

class StopSignals {
public:
    StopSignals();  // clears any earlier request
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // True once SIGINT or SIGTERM arrived while this guard was installed.
    static bool requested();

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

}  // namespace fl::ingest
