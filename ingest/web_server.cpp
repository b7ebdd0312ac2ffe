#include <utility>

#include "ingest/web_server.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "ingest/connection.hpp"
#include "ingest/http_fields.hpp"
#include "ingest/listener.hpp"
#include "ingest/live_feed.hpp"
#include "ingest/web_gzip.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

// An answer is written within this or the connection is closed (a phone that stopped reading).
constexpr std::chrono::seconds write_time{30};
// After refusing a request, how long and how much of what the client still sends is read and
// dropped before closing.
constexpr std::chrono::seconds linger_time{2};
constexpr std::size_t max_linger_bytes = 64 * 1024;

// Beast 1.74 speaks boost::string_view.
std::string_view std_view(beast::string_view s) { return {s.data(), s.size()}; }

// Reads and drops what a refused client still sends, for a moment (a lingering close). Its own
// coroutine, so the buffer is not part of every connection's frame (a /live client's stays).
asio::awaitable<void> linger(beast::tcp_stream& stream) {
    stream.expires_after(linger_time);
    std::array<char, 4096> sink;
    boost::system::error_code ec;
    for (std::size_t dropped = 0; dropped < max_linger_bytes;) {
        dropped += co_await stream.async_read_some(asio::buffer(sink),
                                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
    }
}

// /live: how many /live clients a round wakes before letting the io thread do other work
// (device reads, marshal lines) in between. A read waits for at most one batch of writes:
// measured with 10,000 clients during a 175/min surge (bench_web, Release), read sent ->
// committed p99 was 31.9 ms with batches of 256 and 16.9 ms with 32 (8.0 ms with no client);
// delivery to every client was no slower (p99 553 and 524 ms).
constexpr std::size_t live_batch = 32;
constexpr std::string_view live_comment = ": keep-alive\n\n";

bool is_live(std::string_view target) { return target.substr(0, target.find('?')) == "/live"; }

// The version a /live client was last sent: Last-Event-ID (what EventSource sends when it
// reconnects), else ?since=N (a page rendered at version N; EventSource cannot set headers).
// nullopt: a new client. Something that is not a version resumes from nowhere: a full event.
std::optional<std::uint64_t> live_from(std::string_view last_event_id, std::string_view target) {
    std::string since;
    std::string_view text = last_event_id;
    if (text.empty()) {
        const auto q = target.find('?');
        if (q == std::string_view::npos) return std::nullopt;
        const auto query = target.substr(q + 1);
        since = query_value(query, "since");
        if (since.empty()) return std::nullopt;
        text = since;
    }
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::numeric_limits<std::uint64_t>::max();
    return v;
}

// The header of a /live answer: the body is the event stream until the connection closes.
std::string live_header(unsigned version) {
    return fmt::format("HTTP/{}.{} 200 OK\r\n"
                       "Content-Type: text/event-stream\r\n"
                       "Cache-Control: no-cache\r\n"
                       "X-Accel-Buffering: no\r\n"
                       "X-Content-Type-Options: nosniff\r\n"
                       "Content-Security-Policy: default-src 'none'\r\n"
                       "Connection: close\r\n\r\n",
                       version / 10, version % 10);
}

// A /live client as the rounds see it.
struct LiveClient {
    explicit LiveClient(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    bool idle = false;  // waiting for news (or for its keep-alive time): a round may wake it
};

}  // namespace

struct WebServer::Impl {
    Impl(asio::io_context& ctx, const timing::WebConfig& cfg, Snapshot snap, Log& l,
         const WebOptions& opts)
        : io(ctx), listener(ctx, cfg.listen, "web"), config(cfg), options(opts), diff(snap()),
          feed(snap(), opts), routes(std::move(snap)), log(l) {}

    asio::awaitable<void> session(tcp::socket socket);
    asio::awaitable<void> live(beast::tcp_stream& stream, const std::string& who,
                               std::optional<std::uint64_t> from, bool head, unsigned version);
    void announce();
    asio::awaitable<void> round();

    asio::io_context& io;
    Listener listener;
    timing::WebConfig config;
    WebOptions options;
    LiveDiff diff;  // the publishing thread's
    LiveFeed feed;
    WebRoutes routes;
    WebGzip gzip;
    Log& log;
    bool closing = false;
    std::size_t open_now = 0;
    std::set<beast::tcp_stream*> streams;  // open now, closed by close()
    // /live clients by arrival: a round resumes by key after yielding, whoever left meanwhile.
    std::map<std::uint64_t, LiveClient*> live_clients;
    std::uint64_t next_live_id = 0;
    // Rounds: waking every idle /live client when there is news, at most once per interval.
    // No timer of the server's own: asio objects must not outlive the io_context, and this
    // server does (the service's sessions touch it while the io_context is destroyed).
    std::chrono::steady_clock::time_point last_round{};
    bool round_running = false, round_again = false;
    asio::steady_timer* round_sleep = nullptr;  // the running round's, while it waits
};

asio::awaitable<void> WebServer::Impl::session(tcp::socket socket) {
    const auto who = fmt::format("web {}", peer_address(socket));
    beast::tcp_stream stream(std::move(socket));
    streams.insert(&stream);
    struct Leave {
        Impl& impl;
        beast::tcp_stream* stream;
        ~Leave() {
            impl.streams.erase(stream);
            --impl.open_now;
        }
    } leave{*this, &stream};

    // Bytes read and not yet parsed. The header is read up to its blank line into a buffer
    // that holds web_header_limit bytes at most, so the request line and the fields together
    // stay within it (Beast's own header_limit counts them apart), then parsed.
    std::string pending;
    for (;;) {
        http::request_parser<http::empty_body> parser;
        parser.header_limit(web_header_limit);
        parser.eager(false);
        // One deadline for the whole header, however it trickles in.
        stream.expires_after(web_header_time);
        boost::system::error_code ec;
        const auto header_size = co_await asio::async_read_until(
            stream, asio::dynamic_buffer(pending, web_header_limit), "\r\n\r\n",
            asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) {
            parser.put(asio::buffer(pending.data(), header_size), ec);
            if (!ec && !parser.is_header_done()) ec = http::error::partial_message;
            pending.erase(0, header_size);
        } else if (ec == asio::error::not_found) {
            ec = http::error::header_limit;
        } else if (ec == asio::error::eof) {
            ec = http::error::end_of_stream;
        }
        if (closing) co_return;
        WebReply reply;
        bool head = false;
        unsigned version = 11;
        if (ec == beast::error::timeout) {
            log.say(who, "closed: no complete request header within {} s",
                    web_header_time.count());
            co_return;
        } else if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
            log.say(who, "refused: request line and headers over {} bytes", web_header_limit);
            reply = text_reply(431, fmt::format("request line and headers over {} bytes\n",
                                                web_header_limit),
                               true);
        } else if (ec == http::error::end_of_stream) {
            co_return;
        } else if (ec && ec.category() == http::make_error_code(http::error::bad_method).category()) {
            reply = text_reply(400, fmt::format("not an HTTP request: {}\n", ec.message()), true);
        } else if (ec) {
            co_return;  // reset, closed: nobody to answer
        } else {
            const auto& req = parser.get();
            head = req.method() == http::verb::head;
            version = req.version();
            const auto method = std_view(req.method_string());
            if ((head || req.method() == http::verb::get) && is_live(std_view(req.target()))) {
                const auto from = live_from(std_view(req["Last-Event-ID"]), std_view(req.target()));
                // The stream may stay for hours: let go of the request and its buffer first.
                (void)parser.release();
                std::string().swap(pending);
                co_await live(stream, who, from, head, version);
                co_return;
            }
            reply = routes.answer({method, std_view(req.target()), std_view(req[http::field::if_none_match]),
                                   std_view(req[http::field::accept_encoding])});
            gzip.encode(reply, std_view(req[http::field::accept_encoding]));
            if (reply.status == 405) log.say(who, "refused: method {}", method.substr(0, 32));
            // A body we did not read, or a client that wants to close.
            if (!parser.is_done() || !req.keep_alive()) reply.close = true;
        }

        // The body stays in `reply` (maybe shared with other answers) until written.
        http::response<http::span_body<const char>> res{static_cast<http::status>(reply.status), version};
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Content-Security-Policy", reply.csp);
        res.set(http::field::cache_control, reply.cache_control);
        if (!reply.etag.empty()) res.set(http::field::etag, reply.etag);
        if (!reply.allow.empty()) res.set(http::field::allow, reply.allow);
        if (reply.vary_encoding) res.set(http::field::vary, "Accept-Encoding");
        if (!reply.content_encoding.empty()) res.set(http::field::content_encoding, reply.content_encoding);
        if (reply.status != 304) {
            res.set(http::field::content_type, reply.content_type);
            const auto content = reply.content();
            res.content_length(content.size());
            if (!head) res.body() = {content.data(), content.size()};
        }
        res.keep_alive(!reply.close);
        stream.expires_after(write_time);
        co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || reply.close || closing) {
            stream.socket().shutdown(tcp::socket::shutdown_send, ec);
            // A refused client may still be sending (a body, endless headers): closing with
            // bytes unread would reset the connection and could destroy the answer on its
            // way, so read and drop a little first (what HTTP servers call a lingering close).
            if (!ec && !closing && reply.status >= 400) co_await linger(stream);
            co_return;
        }
    }
}

// A /live stream: the first event at once, then whenever there is news (at most once per
// live_interval), a comment after live_keepalive of silence. Nothing is queued per client: it
// remembers the version it was sent and gets everything newer at write time.
asio::awaitable<void> WebServer::Impl::live(beast::tcp_stream& stream, const std::string& who,
                                            std::optional<std::uint64_t> from, bool head,
                                            unsigned version) {
    using clock = std::chrono::steady_clock;
    boost::system::error_code ec;
    stream.expires_never();  // the header deadline is over: this client stays
    std::string header = live_header(version);
    if (head) {
        stream.expires_after(write_time);
        co_await asio::async_write(stream, asio::buffer(header),
                                   asio::redirect_error(asio::use_awaitable, ec));
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        co_return;
    }
    LiveClient client(stream.get_executor());
    const auto id = next_live_id++;
    live_clients.emplace(id, &client);
    struct Leave {
        std::map<std::uint64_t, LiveClient*>& clients;
        std::uint64_t id;
        ~Leave() { clients.erase(id); }
    } leave{live_clients, id};

    auto event = from ? feed.since(*from) : feed.opening();
    std::uint64_t sent = 0;
    auto last_event = clock::now();
    auto last_write = last_event;
    for (;;) {
        if (closing) co_return;
        std::array<asio::const_buffer, 2> out{asio::buffer(header), asio::const_buffer{}};
        if (event.text) {
            out[1] = asio::buffer(*event.text);
        } else if (feed.changed() > sent) {
            if (clock::now() < last_event + options.live_interval) {
                // Sent one a moment ago: what comes meanwhile goes out together.
                client.timer.expires_at(last_event + options.live_interval);
                co_await client.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                continue;
            }
            event = feed.since(sent);
            continue;
        } else if (clock::now() >= last_write + options.live_keepalive) {
            out[1] = asio::buffer(live_comment.data(), live_comment.size());
        } else {
            client.idle = true;
            client.timer.expires_at(last_write + options.live_keepalive);
            co_await client.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            client.idle = false;
            continue;
        }
        stream.expires_after(write_time);
        co_await asio::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == beast::error::timeout)
                log.say(who, "closed: a /live client that read nothing for {} s", write_time.count());
            co_return;
        }
        stream.expires_never();
        if (!header.empty()) std::string().swap(header);
        last_write = clock::now();
        if (event.text) {
            sent = event.version;
            last_event = last_write;
            event = {};
        }
    }
}

void WebServer::Impl::announce() {
    if (closing) return;
    if (round_running) {
        round_again = true;
        return;
    }
    round_running = true;
    asio::co_spawn(io, round(), [this](std::exception_ptr e) {
        if (!e) return;
        round_running = false;
        log.say("web", "a /live round ended on an unexpected error");
    });
}

// Wakes the idle /live clients a batch at a time; each writes its own event when it runs.
// Between batches the round goes to the back of the io queue, so device reads and marshal
// lines are handled while ten thousand phones are served. Rounds start live_interval apart at
// least; news during a round makes another.
asio::awaitable<void> WebServer::Impl::round() {
    struct Running {
        Impl& impl;
        ~Running() {
            impl.round_running = false;
            impl.round_sleep = nullptr;
        }
    } running{*this};
    do {
        if (const auto at = last_round + options.live_interval; std::chrono::steady_clock::now() < at) {
            asio::steady_timer sleep(io, at);
            round_sleep = &sleep;
            boost::system::error_code ec;
            co_await sleep.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            round_sleep = nullptr;
        }
        // News that came while it waited goes out in this round.
        round_again = false;
        last_round = std::chrono::steady_clock::now();
        std::uint64_t next = 0;
        while (!closing) {
            auto it = live_clients.lower_bound(next);
            for (std::size_t n = 0; it != live_clients.end() && n < live_batch; ++it, ++n)
                if (it->second->idle) it->second->timer.cancel();
            if (it == live_clients.end()) break;
            next = it->first;
            co_await asio::post(io, asio::use_awaitable);
        }
    } while (round_again && !closing);
}

WebServer::WebServer(asio::io_context& io, const timing::WebConfig& config, Snapshot snapshot, Log& log,
                     const WebOptions& options)
    : impl_(std::make_unique<Impl>(io, config, std::move(snapshot), log, options)) {}

WebServer::~WebServer() = default;

timing::Endpoint WebServer::bound() const { return impl_->listener.bound(); }

asio::awaitable<void> WebServer::accept_loop() {
    auto& impl = *impl_;
    auto& acceptor = impl.listener.acceptor();
    const auto cap = std::min(static_cast<std::size_t>(impl.config.max_connections),
                              impl.options.connection_cap);
    for (;;) {
        boost::system::error_code ec;
        auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (impl.closing || !acceptor.is_open()) co_return;
        if (ec) {
            // Out of descriptors and the like: say so, breathe, keep accepting.
            impl.log.say("web", "accept failed: {}", ec.message());
            asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds{100});
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        if (impl.open_now >= cap) {
            // Full: the newcomer is closed at once, so the phones already served keep theirs.
            impl.log.say(fmt::format("web {}", peer_address(socket)),
                         "refused: {} connections open (max_connections = {})", impl.open_now, cap);
            socket.close(ec);
            continue;
        }
        tune_socket(socket);
        ++impl.open_now;
        asio::co_spawn(acceptor.get_executor(), impl.session(std::move(socket)),
                       [&impl](std::exception_ptr e) {
                           if (!e) return;
                           try {
                               std::rethrow_exception(e);
                           } catch (const std::exception& ex) {
                               impl.log.say("web", "a connection ended on an unexpected error: {}",
                                            ex.what());
                           }
                       });
    }
}

void WebServer::close() {
    impl_->closing = true;
    impl_->listener.close();
    for (auto* s : std::set(impl_->streams)) {
        boost::system::error_code ec;
        s->socket().close(ec);
    }
    // /live clients waiting for news wake, see closing and end.
    for (auto& [id, client] : impl_->live_clients) client->timer.cancel();
    if (impl_->round_sleep) impl_->round_sleep->cancel();
}

void WebServer::published(std::shared_ptr<const results::Standings> now) {
    auto change = impl_->diff.next(now);
    asio::post(impl_->io, [impl = impl_.get(), change = std::move(change), now = std::move(now)]() mutable {
        if (impl->closing) return;
        const auto before = impl->feed.changed();
        impl->feed.add(std::move(change), std::move(now));
        if (impl->feed.changed() != before) impl->announce();
    });
}

}  // namespace fl::ingest
