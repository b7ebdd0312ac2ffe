#include "ingest/stop_signals.hpp"

#include <atomic>

namespace fl::ingest {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) { stop_requested = true; }

}  // namespace

StopSignals::StopSignals() {
    stop_requested = false;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
}

StopSignals::~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
}

bool StopSignals::requested() { return stop_requested.load(); }

}  // namespace fl::ingest
