#include "gui/serve_window.hpp"

#include "ingest/service.hpp"
#include "ingest/stop_signals.hpp"

namespace fl::gui {
namespace {

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

// The service's wake-up call into the window is taken back once the service has stopped and
// before the window goes (declared between the two).
class StandingsWake {
public:
    StandingsWake(ingest::Service& s, Window& w) : s_(s) {
        s_.on_standings([&w] { w.snapshot_published(); });
    }
    ~StandingsWake() {
        try {
            s_.on_standings({});
        } catch (...) {
            // Still running (cannot happen: ServiceRun has joined it); the window outlives nothing.
        }
    }
    StandingsWake(const StandingsWake&) = delete;
    StandingsWake& operator=(const StandingsWake&) = delete;

private:
    ingest::Service& s_;
};

}  // namespace

int serve_with_window(ingest::Service& service, const timing::Clock& clock,
                      const WindowOptions& options) {
    // SIGINT/SIGTERM close the window (polled by its loop), so the service still commits.
    ingest::StopSignals signals;
    auto o = options;
    auto previous = o.should_close;
    o.should_close = [previous] { return ingest::StopSignals::requested() || (previous && previous()); };
    Window window(link_to(service), clock, o);  // no display: fail before serving anything
    StandingsWake wake(service, window);
    ServiceRun running(service);
    return window.run();
}

}  // namespace fl::gui
