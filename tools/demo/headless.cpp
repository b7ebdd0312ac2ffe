#include "tools/demo/headless.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "ingest/stop_signals.hpp"
#include "tools/demo/progress_text.hpp"

namespace fl::demo {
namespace {

using steady = std::chrono::steady_clock;

int finished(const results::Standings& s) {
    int n = 0;
    for (const auto& e : s.events) n += e->counts.finished;
    return n;
}

}  // namespace

void wait_for_readers_idle(ingest::Service& service, std::chrono::milliseconds limit) {
    const auto until = steady::now() + limit;
    while (steady::now() < until) {
        const auto readers = service.reader_status();
        if (std::none_of(readers.begin(), readers.end(), [](const auto& r) { return r.connected(); })) return;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
}

bool run_headless(Session& session, const HeadlessOptions& o) {
    // Ctrl-C ends the race early but still commits and writes the results.
    ingest::StopSignals signals;
    auto& service = session.service();
    const auto calendar = service.config().calendar();
    service.start();
    session.start_devices();

    const auto began = steady::now();
    auto last_sample = began;
    std::uint64_t last_records = service.records_committed();
    double rate = 0;
    auto next_line = began;
    auto next_top = began + o.top_every;
    // In place on a terminal: carriage return, the line, then erase what a longer line left.
    auto draw = [&](const std::string& line) {
        if (o.live) fmt::print(o.out, "\r{}\x1b[K", line);
        else fmt::print(o.out, "{}\n", line);
        std::fflush(o.out);
    };
    auto figures = [&] {
        const auto now = steady::now();
        const auto records = service.records_committed();
        const double dt = std::chrono::duration<double>(now - last_sample).count();
        if (dt >= 0.5) {
            rate = static_cast<double>(records - last_records) / dt;
            last_sample = now;
            last_records = records;
        }
        Figures f;
        f.finished = finished(*service.standings());
        f.expected = session.planned_finishers();
        f.reads_per_second = rate;
        f.records = static_cast<std::int64_t>(records);
        f.race_clock = calendar.local_time(session.clock().now()).substr(0, 8);
        f.elapsed_s = std::chrono::duration<double>(now - began).count();
        return f;
    };

    constexpr auto tick = std::chrono::milliseconds{100};
    while (!session.race_over() && !ingest::StopSignals::requested()) {
        std::this_thread::sleep_for(tick);
        const auto now = steady::now();
        if (now >= next_top) {
            if (o.live) fmt::print(o.out, "\r\x1b[K");
            fmt::print(o.out, "{}", top_table(*service.standings()));
            next_top = now + o.top_every;
            next_line = now;  // the progress line again right under the table
        }
        if (now >= next_line) {
            draw(progress_line(figures()));
            next_line = now + (o.live ? std::chrono::milliseconds{250} : o.refresh);
        }
    }
    const bool played_out = !ingest::StopSignals::requested();
    if (played_out) wait_for_readers_idle(service, std::chrono::seconds{30});
    // With a remote site: the finish takes what the site relays until it has caught up (the
    // summary says so when it did not); interrupted, the site still commits what it has.
    session.wait_for_relay(played_out ? std::chrono::seconds{30} : std::chrono::seconds{0});
    session.stop_devices();
    service.stop();
    service.wait();
    draw(progress_line(figures()));
    if (o.live) fmt::print(o.out, "\n");
    std::fflush(o.out);
    return played_out;
}

}  // namespace fl::demo
