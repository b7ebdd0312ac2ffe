// A bib barcode scanner on a TCP bridge: a marshal scans each finisher's bib in the chute; the
// bare code goes out with CR, LF or CRLF (scanners differ, so this one varies), or with the
// scan time when the scanner stamps it.
#include <algorithm>

#include <fmt/format.h>

#include "tools/sim/device_context.hpp"

namespace fl::sim::detail {
namespace {

struct Scan {
    Instant time{};
    std::uint32_t runner = 0;
};

// One scan per runner crossing a covered point, a few seconds later; a missed crossing is a
// bib nobody scanned.
std::vector<Scan> plan_scans(DeviceContext& ctx) {
    std::vector<bool> covered(ctx.plan->config.timing_points.size(), false);
    for (auto p : ctx.points) covered[p] = true;
    std::vector<Scan> scans;
    for (const auto& c : ctx.plan->crossings) {
        if (c.runner == no_runner || !covered[c.point]) continue;
        Rng rng(mix(c.seed, hash("scan")));
        if (rng.chance(ctx.plan->options.missed)) continue;
        const auto delay = std::chrono::duration_cast<Duration>(ctx.options.scan_delay_max * rng.uniform());
        scans.push_back(Scan{c.time + delay, c.runner});
    }
    std::stable_sort(scans.begin(), scans.end(), [](const Scan& a, const Scan& b) { return a.time < b.time; });
    return scans;
}

// The service does not answer scans; what it sends is read (to notice a close) and dropped.
awaitable<void> drain(std::shared_ptr<DeviceContext>, std::shared_ptr<Session> s) {
    LineReader lines(s->socket);
    while (co_await lines.next("\r\n")) {
    }
}

}  // namespace

awaitable<void> play_bibscan(std::shared_ptr<DeviceContext> ctx) {
    const auto scans = plan_scans(*ctx);
    ctx->stats->planned = static_cast<std::int64_t>(scans.size());
    std::size_t next = 0;
    const auto ex = co_await asio::this_coro::executor;
    while (!ctx->stopping()) {
        tcp::socket socket(ex);
        if (!co_await connect(*ctx, socket)) break;
        auto s = std::make_shared<Session>(std::move(socket));
        start_reader(ctx, s, drain);
        bool drop = false;
        while (!ctx->stopping() && !s->closed && !drop && next < scans.size()) {
            std::string batch;
            const auto now = ctx->clock.now();
            while (next < scans.size() && scans[next].time <= now && !drop) {
                static constexpr std::string_view ends[] = {"\r", "\n", "\r\n"};
                const auto& bib = ctx->plan->runners[scans[next].runner].bib;
                if (ctx->options.scan_times) {
                    const auto stamp = local_stamp(ctx->calendar, ctx->device_time(scans[next].time));
                    batch += fmt::format("{} {}", bib, clock_text(stamp.time_of_day, 3));
                } else {
                    batch += bib;
                }
                batch += ends[ctx->rng.between(0, 2)];
                ++next;
                drop = ctx->should_drop();
            }
            const auto before = next;
            if (!co_await write(*s, batch)) {
                // Unknown how much arrived: a scanner bridge does not resend, the marshal does.
                break;
            }
            ctx->stats->sent = static_cast<std::int64_t>(before);
            if (next < scans.size()) co_await s->signal.wait(ctx->when(scans[next].time));
        }
        if (drop) ++ctx->stats->drops;
        const bool played_out = next >= scans.size() && !s->closed;
        if (played_out) co_await sleep_until(*ctx, steady::now() + ctx->options.linger);
        co_await end_session(*ctx, *s, true);
        if (played_out) break;
        co_await sleep_until(*ctx, steady::now() + ctx->options.reconnect_delay);
    }
}

}  // namespace fl::sim::detail
