#include "gui/serve_window.hpp"

#include <atomic>
#include <csignal>

#include "ingest/service.hpp"

namespace fl::gui {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) { stop_requested = true; }

// SIGINT/SIGTERM close the window (polled by its loop) instead of killing the process, so
// the service still commits what it received. The previous handlers come back afterwards.
class StopSignals {
public:
    StopSignals() {
        stop_requested = false;
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
    }
    ~StopSignals() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

// Stops and joins the service however the window ends (closed, or an exception).
class ServiceRun {
public:
    explicit ServiceRun(ingest::Service& s) : s_(s) { s_.start(); }
    ~ServiceRun() {
        s_.stop();
        s_.wait();
    }
    ServiceRun(const ServiceRun&) = delete;
    ServiceRun& operator=(const ServiceRun&) = delete;

private:
    ingest::Service& s_;
};

}  // namespace

int serve_with_window(ingest::Service& service, const timing::Clock& clock,
                      const WindowOptions& options) {
    StopSignals signals;
    auto o = options;
    auto previous = o.should_close;
    o.should_close = [previous] { return stop_requested.load() || (previous && previous()); };
    Window window(link_to(service), clock, o);  // no display: fail before serving anything
    ServiceRun running(service);
    return window.run();
}

}  // namespace fl::gui
