#include "ingest/reader_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "ingest/device_session.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono;

namespace {

// Sleeps, but wakes up at once when the service stops.
asio::awaitable<void> nap(asio::io_context& io, Shutdown& shutdown, timing::Duration d) {
    asio::steady_timer timer(io, d);
    shutdown.sleeping(&timer);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    shutdown.awake(&timer);
}

// Connects within `limit`, or gives up (a decoder that is off must not hang the loop).
asio::awaitable<std::string> connect_within(asio::io_context& io, Shutdown& shutdown,
                                            tcp::socket& socket, const timing::Endpoint& to,
                                            timing::Duration limit) {
    boost::system::error_code ec;
    tcp::resolver resolver(io);
    const auto found = co_await resolver.async_resolve(
        to.host, std::to_string(to.port), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return fmt::format("cannot resolve {}: {}", to.host, ec.message());
    asio::steady_timer deadline(io, limit);
    shutdown.sleeping(&deadline);  // the shutdown cancels the attempt too
    // The timer's handler may run after this coroutine moved on: it only touches the socket
    // while the attempt is still in progress.
    struct Attempt {
        bool over = false;
        bool timed_out = false;
    };
    auto attempt = std::make_shared<Attempt>();
    deadline.async_wait([attempt, &socket](boost::system::error_code e) {
        if (attempt->over) return;
        attempt->timed_out = !e;
        socket.close(e);
    });
    co_await asio::async_connect(socket, found, asio::redirect_error(asio::use_awaitable, ec));
    attempt->over = true;
    shutdown.awake(&deadline);
    deadline.cancel();
    if (attempt->timed_out) co_return fmt::format("no answer within {:.1f} s", duration<double>(limit).count());
    if (shutdown.stopping()) co_return "service stopping";
    if (ec) co_return ec.message();
    co_return "";
}

}  // namespace

asio::awaitable<void> run_reader_client(DeviceContext& ctx, ReaderRuntime& reader) {
    const auto& cfg = reader.config;
    const auto& to = *cfg.connect;
    auto backoff = reconnect_first;
    while (!ctx.shutdown.stopping()) {
        tcp::socket socket(ctx.io);
        const auto failed = co_await connect_within(ctx.io, ctx.shutdown, socket, to, cfg.idle_timeout);
        if (ctx.shutdown.stopping()) break;
        if (!failed.empty()) {
            const auto why = fmt::format("cannot connect to {}: {}: retrying in {:.1f} s (check "
                                         "the decoder is on and the address in the config)",
                                         to.to_string(), failed, duration<double>(backoff).count());
            ctx.log.line(cfg.name, why);
            ctx.status.error(cfg.name, why);
            co_await nap(ctx.io, ctx.shutdown, backoff);
            backoff = std::min(backoff * 2, reconnect_cap);
            continue;
        }
        const auto began = steady_clock::now();
        auto conn = std::make_shared<Connection>(std::move(socket), cfg.name, to.to_string());
        ctx.shutdown.opened(conn);
        ++reader.active;
        ctx.status.connected(cfg.name, conn->peer());
        ctx.log.say(conn->label(), "connected ({})", cfg.protocol);
        auto parser = make_parser(ctx.journal, reader);
        handle_output(ctx, reader, conn, parser->start(ctx.clock.now()));
        ctx.tasks.spawn(conn->label(), watch_device(ctx, reader, conn, parser, cfg.poll_interval,
                                              std::max(cfg.idle_timeout, cfg.poll_interval * 3)));
        std::string why;
        try {
            why = co_await read_device(ctx, reader, conn, parser);
        } catch (const std::exception& e) {
            why = fmt::format("error: {}", e.what());
        }
        // Only a healthy exchange resets the backoff: a decoder (or anything else on that port)
        // that sends junk and hangs up is redialled ever more slowly, not every 250 ms.
        const bool was_useful =
            conn->understood > 0 ||
            (steady_clock::now() - began >= healthy_session && conn->malformed == 0);
        co_await settle(conn);
        conn->close_after_writes();
        --reader.active;
        ctx.status.disconnected(cfg.name, conn->peer());
        ctx.shutdown.closed(conn);
        ctx.log.say(conn->label(), "disconnected: {}", why);
        if (ctx.shutdown.stopping()) break;
        if (was_useful) backoff = reconnect_first;
        ctx.status.error(cfg.name, fmt::format("disconnected: {}", why));
        co_await nap(ctx.io, ctx.shutdown, backoff);
        backoff = std::min(backoff * 2, reconnect_cap);
    }
}

}  // namespace fl::ingest
