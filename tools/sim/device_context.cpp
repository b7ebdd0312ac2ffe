#include "tools/sim/device_context.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include "tools/sim/error.hpp"

namespace fl::sim::detail {

using namespace std::chrono_literals;

DeviceContext::DeviceContext(std::shared_ptr<const Plan> p, DeviceOptions o, timing::Clock c,
                             std::shared_ptr<DeviceStats> s)
    : plan(std::move(p)), options(std::move(o)), clock(c), stats(std::move(s)),
      calendar(plan->config.calendar()), rng(mix(options.seed, hash(options.name), hash("device"))) {
    const auto& tps = plan->config.timing_points;
    for (const auto& name : options.points) {
        const auto i = plan->point_index(name);
        if (!i) throw Error(fmt::format("device {}: no timing point '{}' in the race config", options.name, name));
        points.push_back(*i);
    }
    if (points.empty()) {
        for (std::size_t i = 0; i < tps.size(); ++i)
            if (options.protocol != Protocol::bibscan || tps[i].role == timing::PointRole::finish)
                points.push_back(static_cast<std::uint16_t>(i));
    }
    if (points.empty()) throw Error(fmt::format("device {}: the race config has no timing point for it", options.name));
    if (options.protocol == Protocol::raceresult && points.size() != 1)
        throw Error(fmt::format("device {}: a RACE RESULT decoder sits at one timing point: name it "
                                "(--location), the config has {}",
                                options.name, points.size()));
    for (const auto& tp : tps) location.push_back(tp.name);
    for (const auto& [point, name] : options.location_names) {
        const auto i = plan->point_index(point);
        if (!i) throw Error(fmt::format("device {}: no timing point '{}' in the race config", options.name, point));
        location[*i] = name;
    }
    if (options.disconnect_every < 0) throw Error("--disconnect-every must not be negative");
    if (!(options.disconnect_probability >= 0 && options.disconnect_probability < 1))
        throw Error("the disconnect probability must be from 0 to below 1");
    if (options.passings_per_message < 1 || options.unacked_window < 1)
        throw Error("MYLAPS passings per message and the unacked window must be at least 1");
}

void DeviceContext::log(std::string_view message) const {
    if (options.log) options.log(message);
}

steady::time_point DeviceContext::when(Instant t) const {
    const auto now = clock.now();
    if (t <= now) return steady::now();
    return steady::now() + clock.real(t - now);
}

bool DeviceContext::should_drop() {
    ++sent_since_drop;
    const bool drop = (options.disconnect_every > 0 && sent_since_drop >= options.disconnect_every) ||
                      (options.disconnect_probability > 0 && rng.chance(options.disconnect_probability));
    if (drop) sent_since_drop = 0;
    return drop;
}

awaitable<void> Signal::wait(steady::time_point deadline) {
    if (pending_) {
        pending_ = false;
        co_return;
    }
    timer_.expires_at(std::min(deadline, steady::now() + 100ms));
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    pending_ = false;
}

awaitable<std::optional<std::string>> LineReader::next(std::string_view ends) {
    for (;;) {
        const auto at = buffer_.find_first_of(ends);
        if (at != std::string::npos) {
            std::string line = buffer_.substr(0, at);
            buffer_.erase(0, at + 1);
            if (line.empty()) continue;
            co_return line;
        }
        if (buffer_.size() > max_line)
            throw Error(fmt::format("the service sent {} bytes without a line end: closing the connection",
                                    buffer_.size()));
        char chunk[4096];
        boost::system::error_code ec;
        const auto n = co_await socket_.async_read_some(asio::buffer(chunk),
                                                        asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return std::nullopt;
        buffer_.append(chunk, n);
    }
}

awaitable<bool> connect(DeviceContext& ctx, tcp::socket& socket) {
    const auto ex = co_await asio::this_coro::executor;
    tcp::resolver resolver(ex);
    auto delay = std::chrono::duration_cast<steady::duration>(ctx.options.reconnect_delay);
    bool warned = false;
    while (!ctx.stopping()) {
        boost::system::error_code ec;
        const auto endpoints = co_await resolver.async_resolve(
            ctx.options.endpoint.host, std::to_string(ctx.options.endpoint.port),
            asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) {
            // A host that drops SYNs would hold us for minutes: give up on an attempt after 5 s.
            asio::steady_timer watchdog(ex);
            watchdog.expires_after(5s);
            auto connecting = std::make_shared<bool>(true);  // a late expiry must not cancel reads
            watchdog.async_wait([&socket, connecting](boost::system::error_code e) {
                if (!e && *connecting) socket.cancel();
            });
            co_await asio::async_connect(socket, endpoints, asio::redirect_error(asio::use_awaitable, ec));
            *connecting = false;
            watchdog.cancel();
        }
        if (!ec) {
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            ++ctx.stats->connections;
            ctx.stats->connected = true;
            if (warned) ctx.log(fmt::format("{}: connected to {}", ctx.options.name, ctx.options.endpoint.to_string()));
            co_return true;
        }
        if (!warned) {
            ctx.log(fmt::format("{}: cannot connect to {} ({}); retrying until the service answers",
                                ctx.options.name, ctx.options.endpoint.to_string(), ec.message()));
            warned = true;
        }
        boost::system::error_code ignored;
        socket.close(ignored);
        co_await sleep_until(ctx, steady::now() + delay);
        delay = std::min<steady::duration>(delay * 2, 2s);
    }
    co_return false;
}

awaitable<void> sleep_until(DeviceContext& ctx, steady::time_point real) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!ctx.stopping() && steady::now() < real) {
        timer.expires_at(std::min(real, steady::now() + 100ms));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

awaitable<void> end_session(DeviceContext& ctx, Session& s, bool graceful) {
    boost::system::error_code ec;
    if (graceful) {
        s.socket.shutdown(tcp::socket::shutdown_send, ec);
        const auto deadline = steady::now() + 2s;
        while (!s.reader_done && !ctx.stopping() && steady::now() < deadline) co_await s.signal.wait(deadline);
    } else {
        s.socket.set_option(asio::socket_base::linger(true, 0), ec);
    }
    s.socket.close(ec);
    while (!s.reader_done) co_await s.signal.wait(steady::now() + 100ms);
    ctx.stats->connected = false;
}

awaitable<bool> write(Session& s, std::string& more) {
    if (!s.outbox.empty()) {
        more.insert(0, s.outbox);
        s.outbox.clear();
    }
    if (more.empty()) co_return !s.closed;
    boost::system::error_code ec;
    co_await asio::async_write(s.socket, asio::buffer(more), asio::redirect_error(asio::use_awaitable, ec));
    more.clear();
    if (ec) s.closed = true;
    co_return !ec;
}

LocalStamp local_stamp(const timing::RaceCalendar& calendar, Instant t) {
    const auto local = calendar.zone()->to_local(t);
    const auto day = date::floor<date::days>(local);
    return {date::year_month_day{day}, std::chrono::duration_cast<Duration>(local - day)};
}

std::string clock_text(Duration tod, int decimals) {
    const auto us = tod.count();
    auto text = fmt::format("{:02}:{:02}:{:02}", us / 3'600'000'000, us / 60'000'000 % 60, us / 1'000'000 % 60);
    if (decimals > 0) {
        auto fraction = us % 1'000'000;
        for (int d = decimals; d < 6; ++d) fraction /= 10;
        text += fmt::format(".{:0{}}", fraction, decimals);
    }
    return text;
}

}  // namespace fl::sim::detail
