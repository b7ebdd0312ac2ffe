// A RACE RESULT decoder: a server the service connects to. It records a passing when the clock
// reaches it and answers the documented commands; the service polls PASSINGS and fetches
// `<from>:<count>`, resuming after a reconnect from the last passing it stored.
#include <charconv>
#include <cmath>
#include <deque>
#include <list>

#include <fmt/format.h>

#include "timing/text.hpp"
#include "tools/sim/device_context.hpp"
#include "tools/sim/error.hpp"
#include "tools/sim/record_stream.hpp"

namespace fl::sim::detail {
namespace {

using namespace std::chrono_literals;

struct Passing {
    Instant device_time{};
    std::uint32_t chip = 0;
    std::int8_t rssi = 0;
    std::uint8_t hits = 0;
    std::uint8_t antenna = 1;
};

struct RrSession;

// The decoder's memory and clock, shared by every connection.
struct Decoder {
    std::vector<Passing> passings;      // passing number n is passings[n - 1]
    Duration clock_error{0};            // SETTIME moves it
    bool recorded_all = false;
    steady::time_point recorded_all_at{};
    std::int64_t max_served = 0;        // highest passing number fetched by anyone
    steady::time_point last_progress = steady::now();
    std::list<std::weak_ptr<RrSession>> sessions;
};

struct Reply {
    std::string text;
    std::int64_t from = 0, to = 0;  // a fetch: passings from..to, then an empty line
};

struct RrSession : Session {
    using Session::Session;
    double protocol = 2.0;
    bool push = false;
    std::deque<Reply> replies;
};

std::string version_text(double v) { return fmt::format("{:.1f}", v); }

// The decoder's date field: 0000-00-00 on race day (no GPS), 0000-00-01 the day after.
std::string decoder_date(const DeviceContext& ctx, const LocalStamp& s) {
    const auto days = (date::sys_days{s.day} - date::sys_days{ctx.calendar.race_date()}).count();
    return fmt::format("0000-00-{:02}", std::max<long>(0, static_cast<long>(days)));
}

std::string passing_line(const DeviceContext& ctx, const Passing& p, std::int64_t number, double protocol) {
    const auto stamp = local_stamp(ctx.calendar, p.device_time);
    const auto internal = fmt::format("{:06x}", mix(static_cast<std::uint64_t>(number), hash(ctx.options.name)) & 0xFFFFFF);
    auto line = fmt::format("{};{};{};{};0;{};{};{}", number, ctx.plan->chips[p.chip], decoder_date(ctx, stamp),
                            clock_text(stamp.time_of_day, 3), p.hits, p.rssi, internal);
    if (protocol >= 1.6 - 1e-9) {
        // IsActive;Channel;LoopID;LoopOnly;WakeupCounter;Battery;Temperature;InternalActiveData;
        // BoxName;FileNumber;MaxRSSIAntenna;BoxId
        line += fmt::format(";0;1;1;0;0;0;0;0;{};1;{};D-{}", ctx.options.name, p.antenna, hash(ctx.options.name) % 9000 + 1000);
    }
    return line;
}

std::optional<double> parse_version(std::string_view s) {
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || !(v > 0)) return std::nullopt;
    return v;
}

std::optional<std::int64_t> parse_count(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty() || v < 0) return std::nullopt;
    return v;
}

awaitable<void> read_commands(std::shared_ptr<DeviceContext> ctx, std::shared_ptr<RrSession> s, Decoder& d) {
    LineReader lines(s->socket);
    while (auto line = co_await lines.next("\r\n")) {
        const auto f = timing::split(*line, ';');
        const auto cmd = timing::ascii_upper(f[0]);
        const auto now = local_stamp(ctx->calendar, ctx->clock.now() + d.clock_error);
        auto reply = [&](std::string text) { s->replies.push_back(Reply{std::move(text) + "\r\n"}); };
        if (const auto colon = line->find(':'); colon != std::string::npos && f.size() == 1) {
            const auto from = parse_count(std::string_view(*line).substr(0, colon));
            const auto count = parse_count(std::string_view(*line).substr(colon + 1));
            if (!from || !count) {
                reply(fmt::format("{};ERROR", *line));
            } else {
                const auto first = std::max<std::int64_t>(1, *from);
                const auto last = std::min<std::int64_t>(*from + *count - 1, static_cast<std::int64_t>(d.passings.size()));
                s->replies.push_back(Reply{"", first, last});
            }
        } else if (cmd == "SETPROTOCOL") {
            const auto v = f.size() >= 2 ? parse_version(f[1]) : std::nullopt;
            if (!v) {
                reply("SETPROTOCOL;ERROR");
            } else {
                s->protocol = std::clamp(*v, 1.0, ctx->options.protocol_version);
                reply("SETPROTOCOL;" + version_text(s->protocol));
            }
        } else if (cmd == "GETPROTOCOL") {
            reply(fmt::format("GETPROTOCOL;{};1.0;{}", version_text(s->protocol), version_text(ctx->options.protocol_version)));
        } else if (cmd == "GETTIME") {
            reply(fmt::format("GETTIME;{};{}", decoder_date(*ctx, now), clock_text(now.time_of_day, 3)));
        } else if (cmd == "SETTIME") {
            const auto tod = f.size() >= 3 ? timing::parse_time_of_day(f[2]) : std::nullopt;
            const auto day = f.size() >= 3 ? timing::parse_date(f[1]) : std::nullopt;
            if (!tod) {
                reply("SETTIME;ERROR");
            } else {
                const auto set = day ? ctx->calendar.at_local(*day, *tod) : ctx->calendar.at_local(ctx->calendar.race_date(), *tod);
                d.clock_error = set - ctx->clock.now();
                reply("SETTIME;OK");
            }
        } else if (cmd == "STARTOPERATION") {
            reply(fmt::format("STARTOPERATION;OK;{};{}", decoder_date(*ctx, now), clock_text(now.time_of_day, 3)));
        } else if (cmd == "STOPOPERATION") {
            // The emulated decoder keeps recording: a stopped decoder would lose the race.
            reply("STOPOPERATION;OK");
        } else if (cmd == "PASSINGS") {
            if (s->protocol >= 1.6 - 1e-9) reply(fmt::format("PASSINGS;{};1", d.passings.size()));
            else reply(fmt::format("PASSINGS;{}", d.passings.size()));
        } else if (cmd == "SETPUSHPASSINGS") {
            s->push = f.size() >= 2 && f[1] == "1";
            reply("SETPUSHPASSINGS;OK");
        } else {
            reply(fmt::format("{};ERROR", f[0]));
        }
        s->signal.notify();
    }
}

// Writes replies as they are queued; a fetch streams its passings in chunks. False when the
// connection ended (or was dropped on purpose).
awaitable<bool> serve(std::shared_ptr<DeviceContext> ctx, std::shared_ptr<RrSession> s, Decoder& d) {
    for (;;) {
        if (ctx->stopping() || s->closed) co_return false;
        std::string batch;
        bool drop = false;
        while (!s->replies.empty() && batch.size() < 65536 && !drop) {
            auto& r = s->replies.front();
            if (!r.text.empty()) {
                batch += r.text;
                s->replies.pop_front();
                continue;
            }
            while (r.from <= r.to && batch.size() < 65536 && !drop) {
                batch += passing_line(*ctx, d.passings[static_cast<std::size_t>(r.from - 1)], r.from, s->protocol) + "\r\n";
                if (r.from <= d.max_served) {
                    ++ctx->stats->resent;
                } else {
                    d.max_served = r.from;
                    ctx->stats->sent = d.max_served;
                    d.last_progress = steady::now();
                }
                ++r.from;
                drop = ctx->should_drop();
            }
            if (r.from > r.to && !drop) {
                batch += "\r\n";
                s->replies.pop_front();
            }
        }
        if (!co_await write(*s, batch)) co_return false;
        if (drop) {
            ++ctx->stats->drops;
            co_return false;
        }
        if (s->replies.empty()) co_await s->signal.wait(steady::now() + 1s);
    }
}

awaitable<void> run_session(std::shared_ptr<DeviceContext> ctx, std::shared_ptr<RrSession> s, Decoder& d) {
    start_reader(ctx, s, [&d](std::shared_ptr<DeviceContext> c, std::shared_ptr<RrSession> rs) {
        return read_commands(std::move(c), std::move(rs), d);
    });
    const bool ended = co_await serve(ctx, s, d);
    co_await end_session(*ctx, *s, !ended && s->closed);
}

// Moves passings into the decoder's memory as the clock reaches them, pushing them to
// sessions that asked for it.
awaitable<void> record(std::shared_ptr<DeviceContext> ctx, Decoder& d, RecordStream& stream) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!ctx->stopping()) {
        const auto now = ctx->clock.now();
        std::size_t before = d.passings.size();
        while (const auto* rec = stream.peek()) {
            if (rec->read.time > now) break;
            d.passings.push_back(Passing{rec->read.time + d.clock_error, rec->read.chip, rec->read.rssi,
                                         rec->read.hits, rec->read.antenna});
            stream.pop();
        }
        if (d.passings.size() > before) {
            for (auto it = d.sessions.begin(); it != d.sessions.end();) {
                auto s = it->lock();
                if (!s) {
                    it = d.sessions.erase(it);
                    continue;
                }
                if (s->push) {
                    for (auto n = before; n < d.passings.size(); ++n)
                        s->replies.push_back(Reply{"#P;" + passing_line(*ctx, d.passings[n], static_cast<std::int64_t>(n + 1), s->protocol) + "\r\n"});
                    s->signal.notify();
                }
                ++it;
            }
        }
        const auto* next = stream.peek();
        if (!next) {
            d.recorded_all = true;
            d.recorded_all_at = steady::now();
            co_return;
        }
        timer.expires_at(std::min(ctx->when(next->read.time), steady::now() + 100ms));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

// `running` counts this loop and the sessions it starts: the decoder outlives them all.
awaitable<void> accept_loop(std::shared_ptr<DeviceContext> ctx, tcp::acceptor& acceptor, Decoder& d,
                            std::shared_ptr<int> running) {
    for (;;) {
        boost::system::error_code ec;
        auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;  // closed: the race is over
        ++ctx->stats->connections;
        ctx->stats->connected = true;
        auto s = std::make_shared<RrSession>(std::move(socket));
        s->protocol = ctx->options.protocol_version;
        d.sessions.push_back(s);
        ++*running;
        asio::co_spawn(acceptor.get_executor(), run_session(ctx, s, d), [running](std::exception_ptr) { --*running; });
    }
}

}  // namespace

awaitable<void> play_raceresult(std::shared_ptr<DeviceContext> ctx) {
    if (!(ctx->options.protocol_version >= 1.0 && ctx->options.protocol_version <= 9.9))
        throw Error(fmt::format("RACE RESULT protocol version {}: expected e.g. 2.0", ctx->options.protocol_version));
    const auto ex = co_await asio::this_coro::executor;
    StreamOptions so;
    so.points = ctx->points;
    so.guns = false;  // the protocol has no gun marker
    so.peak_only = ctx->options.peak_only;
    RecordStream stream(ctx->plan, so);
    ctx->stats->planned = stream.total();
    Decoder d;
    d.clock_error = ctx->options.clock_error;

    tcp::acceptor acceptor(ex);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(ctx->options.endpoint.host, ec);
    if (ec) throw Error(fmt::format("cannot listen on '{}': expected an IP address such as 127.0.0.1", ctx->options.endpoint.host));
    const tcp::endpoint where(address, ctx->options.endpoint.port);
    acceptor.open(where.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(where, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw Error(fmt::format("cannot listen on {}: {}", ctx->options.endpoint.to_string(), ec.message()));
    ctx->stats->listen_port = acceptor.local_endpoint().port();

    auto running = std::make_shared<int>(0);
    auto recorder_done = std::make_shared<bool>(false);
    asio::co_spawn(ex, record(ctx, d, stream), [recorder_done](std::exception_ptr) { *recorder_done = true; });
    ++*running;
    asio::co_spawn(ex, accept_loop(ctx, acceptor, d, running), [running](std::exception_ptr) { --*running; });

    // Played out once every passing is recorded and has been fetched; then linger, so the
    // service's last poll is answered.
    std::optional<steady::time_point> fetched_all_at;
    while (!ctx->stopping()) {
        const auto now = steady::now();
        if (d.recorded_all && d.max_served >= static_cast<std::int64_t>(d.passings.size())) {
            if (!fetched_all_at) fetched_all_at = now;
            if (now - *fetched_all_at >= ctx->options.linger) break;
        } else if (d.recorded_all && now - std::max(d.last_progress, d.recorded_all_at) >= ctx->options.final_wait) {
            ctx->stats->set_error(fmt::format("{}: {} of {} passing(s) were never fetched", ctx->options.name,
                                              static_cast<std::int64_t>(d.passings.size()) - d.max_served, d.passings.size()));
            break;
        }
        co_await sleep_until(*ctx, now + 50ms);
    }
    acceptor.close(ec);
    for (auto& w : d.sessions)
        if (auto s = w.lock()) {
            s->closed = true;
            s->signal.notify();
        }
    asio::steady_timer timer(ex);
    while (*running > 0 || !*recorder_done) {
        timer.expires_after(20ms);
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace fl::sim::detail
