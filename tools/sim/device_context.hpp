#pragma once
// What every emulated device shares: its options resolved against the plan, the clock, the
// connection helpers. Internal to the simulator library.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange
#include <vector>

#include <boost/asio.hpp>

#include "tools/sim/device.hpp"
#include "tools/sim/random.hpp"

namespace fl::sim::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
template <class T>
using awaitable = asio::awaitable<T>;

// Lines (or '$'-records) a peer may send us before we give up on it.
inline constexpr std::size_t max_line = 4096;

struct DeviceContext {
    DeviceContext(std::shared_ptr<const Plan> plan, DeviceOptions options, timing::Clock clock,
                  std::shared_ptr<DeviceStats> stats);

    std::shared_ptr<const Plan> plan;
    DeviceOptions options;
    timing::Clock clock;
    std::shared_ptr<DeviceStats> stats;
    timing::RaceCalendar calendar;
    std::vector<std::uint16_t> points;   // covered timing points
    std::vector<std::string> location;   // the device's name for each timing point (by index)
    Rng rng;
    int sent_since_drop = 0;

    void log(std::string_view message) const;
    bool stopping() const { return stats->stop_requested(); }
    Instant device_time(Instant t) const { return t + options.clock_error; }
    // The real moment the clock reaches `t` (now when it has).
    steady::time_point when(Instant t) const;
    // Called after each record sent: whether to drop the connection now.
    bool should_drop();
};

// A wake-up for one waiting coroutine on a strand: notify() before wait() is not lost.
class Signal {
public:
    explicit Signal(const asio::any_io_executor& ex) : timer_(ex) {}
    void notify() {
        pending_ = true;
        timer_.cancel();
    }
    // Returns at `deadline`, on notify(), or after 100 ms (callers poll for stop requests).
    awaitable<void> wait(steady::time_point deadline);

private:
    asio::steady_timer timer_;
    bool pending_ = false;
};

// Reads records ending in any of `ends` from a socket, bounded by max_line.
class LineReader {
public:
    explicit LineReader(tcp::socket& socket) : socket_(socket) {}
    // The next non-empty record without its terminator; nullopt at end of stream or on a read
    // error. Throws sim::Error when the peer sends more than max_line bytes without one.
    awaitable<std::optional<std::string>> next(std::string_view ends);

private:
    tcp::socket& socket_;
    std::string buffer_;
};

// One connection: the socket, a wake-up for its writer, replies waiting to go out, and whether
// the reading side has ended.
struct Session {
    explicit Session(tcp::socket s) : socket(std::move(s)), signal(socket.get_executor()) {}
    tcp::socket socket;
    Signal signal;
    std::string outbox;
    bool closed = false;       // the peer closed or a read failed
    bool reader_done = false;
};

// Runs `reader` (reading commands from the session) next to the caller; marks the session
// closed and wakes the writer when it ends.
template <class S, class Reader>
void start_reader(const std::shared_ptr<DeviceContext>& ctx, const std::shared_ptr<S>& session, Reader reader) {
    asio::co_spawn(session->socket.get_executor(), reader(ctx, session),
                   [ctx, session](std::exception_ptr e) {
                       if (e) {
                           try {
                               std::rethrow_exception(e);
                           } catch (const std::exception& x) {
                               ctx->log(x.what());
                           }
                       }
                       session->closed = true;
                       session->reader_done = true;
                       session->signal.notify();
                   });
}

// Connects to the service, retrying with a capped backoff until it answers or a stop is
// requested (false).
awaitable<bool> connect(DeviceContext& ctx, tcp::socket& socket);
// Ends a session: gracefully (half-close, wait for the peer to close) or with a reset (what a
// pulled cable or a crashed device looks like to the service). Waits for its reader to end.
awaitable<void> end_session(DeviceContext& ctx, Session& session, bool graceful);
// Writes the session's outbox plus `more`; false when the connection failed.
awaitable<bool> write(Session& session, std::string& more);
// Sleeps until the clock reaches nothing earlier than `real`, polling for stop requests.
awaitable<void> sleep_until(DeviceContext& ctx, steady::time_point real);

// The device's local time of day and date for an instant, in the race's time zone.
struct LocalStamp {
    date::year_month_day day;
    Duration time_of_day{0};
};
LocalStamp local_stamp(const timing::RaceCalendar& calendar, Instant t);
// "HH:MM:SS" with `decimals` (0-6) digits of fraction, truncated.
std::string clock_text(Duration time_of_day, int decimals);

awaitable<void> play_chronotrack(std::shared_ptr<DeviceContext> ctx);
awaitable<void> play_mylaps(std::shared_ptr<DeviceContext> ctx);
awaitable<void> play_raceresult(std::shared_ptr<DeviceContext> ctx);
awaitable<void> play_bibscan(std::shared_ptr<DeviceContext> ctx);

}  // namespace fl::sim::detail
