#include <utility>

#include "ingest/web_server.hpp"

#include <array>
#include <set>

#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "ingest/connection.hpp"
#include "ingest/listener.hpp"

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

WebReply text_reply(unsigned status, std::string body, bool close) {
    WebReply r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(body);
    r.close = close;
    return r;
}

// Beast 1.74 speaks boost::string_view.
std::string_view std_view(beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

struct WebServer::Impl {
    Impl(asio::io_context& io, const timing::WebConfig& cfg, Snapshot snap, Log& l)
        : listener(io, cfg.listen, "web"), config(cfg), routes(std::move(snap)), log(l) {}

    asio::awaitable<void> session(tcp::socket socket);

    Listener listener;
    timing::WebConfig config;
    WebRoutes routes;
    Log& log;
    bool closing = false;
    std::size_t open_now = 0;
    std::set<beast::tcp_stream*> streams;  // open now, closed by close()
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
            reply = routes.answer({method, std_view(req.target()), std_view(req[http::field::if_none_match]),
                                   std_view(req[http::field::accept_encoding])});
            if (reply.status == 405) log.say(who, "refused: method {}", method.substr(0, 32));
            // A body we did not read, or a client that wants to close.
            if (!parser.is_done() || !req.keep_alive()) reply.close = true;
        }

        http::response<http::string_body> res{static_cast<http::status>(reply.status), version};
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Content-Security-Policy", reply.csp);
        res.set(http::field::cache_control, reply.cache_control);
        if (!reply.etag.empty()) res.set(http::field::etag, reply.etag);
        if (!reply.allow.empty()) res.set(http::field::allow, reply.allow);
        if (reply.status != 304) {
            res.set(http::field::content_type, reply.content_type);
            res.content_length(reply.body.size());
            if (!head) res.body() = std::move(reply.body);
        }
        res.keep_alive(!reply.close);
        stream.expires_after(write_time);
        co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || reply.close || closing) {
            stream.socket().shutdown(tcp::socket::shutdown_send, ec);
            // A refused client may still be sending (a body, endless headers): closing with
            // bytes unread would reset the connection and could destroy the answer on its
            // way, so read and drop a little first (what HTTP servers call a lingering close).
            if (!ec && !closing && reply.status >= 400) {
                stream.expires_after(linger_time);
                std::array<char, 4096> sink;
                for (std::size_t dropped = 0; dropped < max_linger_bytes;) {
                    dropped += co_await stream.async_read_some(
                        asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
                    if (ec) break;
                }
            }
            co_return;
        }
    }
}

WebServer::WebServer(asio::io_context& io, const timing::WebConfig& config, Snapshot snapshot, Log& log)
    : impl_(std::make_unique<Impl>(io, config, std::move(snapshot), log)) {}

WebServer::~WebServer() = default;

timing::Endpoint WebServer::bound() const { return impl_->listener.bound(); }

asio::awaitable<void> WebServer::accept_loop() {
    auto& impl = *impl_;
    auto& acceptor = impl.listener.acceptor();
    const auto cap = static_cast<std::size_t>(impl.config.max_connections);
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
}

}  // namespace fl::ingest
