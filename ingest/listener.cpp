#include "ingest/listener.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "ingest/error.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

tcp::endpoint resolve_listen(asio::io_context& io, const timing::Endpoint& at,
                             const std::string& name) {
    boost::system::error_code ec;
    const auto addr = asio::ip::make_address(at.host, ec);
    if (!ec) return {addr, at.port};
    tcp::resolver resolver(io);
    const auto found = resolver.resolve(at.host, std::to_string(at.port), ec);
    if (ec || found.empty()) {
        throw Error(fmt::format("{}: cannot listen on {}: '{}' is not an address of this "
                                "machine ({}): use e.g. 127.0.0.1 in the config",
                                name, at.to_string(), at.host, ec.message()));
    }
    return found.begin()->endpoint();
}

}  // namespace

bool peer_allowed(const asio::ip::address& peer, const std::vector<std::string>& allow) {
    if (allow.empty()) return true;
    const auto address = plain_address(peer);
    for (const auto& a : allow) {
        boost::system::error_code ec;
        const auto allowed = asio::ip::make_address(a, ec);
        if (!ec && plain_address(allowed) == address) return true;
    }
    return false;
}

Listener::Listener(asio::io_context& io, const timing::Endpoint& at, std::string name)
    : acceptor_(io), name_(std::move(name)) {
    const auto ep = resolve_listen(io, at, name_);
    boost::system::error_code ec;
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        const auto hint = ec == asio::error::address_in_use
                              ? "another program (or another race's service) uses the port: "
                                "stop it or change the port in the config"
                              : "check the address in the config is one of this machine's";
        throw Error(fmt::format("{}: cannot listen on {}: {}: {}", name_, at.to_string(),
                                ec.message(), hint));
    }
    const auto local = acceptor_.local_endpoint();
    bound_ = timing::Endpoint{local.address().to_string(), local.port()};
}

void Listener::close() {
    boost::system::error_code ec;
    acceptor_.close(ec);
}

asio::awaitable<void> Listener::accept_loop(AcceptContext& ctx, ConnectionPool& pool,
                                            WhenFull when_full, int& open_now,
                                            std::vector<std::string> allow, Serve serve) {
    for (;;) {
        boost::system::error_code ec;
        auto socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ctx.shutdown.stopping() || !acceptor_.is_open()) co_return;
        if (ec) {
            // Out of descriptors and the like: say so, breathe, keep accepting.
            ctx.log.say(name_, "accept failed: {}", ec.message());
            asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds{100});
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        const auto peer = peer_address(socket);
        boost::system::error_code peer_ec;
        const auto remote = socket.remote_endpoint(peer_ec);
        if (peer_ec) continue;  // gone already
        if (!peer_allowed(remote.address(), allow)) {
            ctx.log.say(fmt::format("{} {}", name_, peer),
                        "refused: {} is not in this reader's allow list", remote.address().to_string());
            ctx.status.error(name_, fmt::format("refused {}: not in the allow list", peer));
            socket.close(peer_ec);
            continue;
        }
        auto conn = std::make_shared<Connection>(std::move(socket), name_, peer);
        if (pool.full()) {
            const auto old = when_full == WhenFull::replace_oldest ? pool.oldest()
                                                                   : pool.oldest_from(conn->address());
            if (!old) {
                ctx.log.say(conn->label(),
                            "refused: {} connection(s) already open from other addresses "
                            "(max_connections = {})",
                            pool.size(), pool.cap());
                ctx.status.error(name_, fmt::format("refused {}: max_connections {} reached", peer,
                                                    pool.cap()));
                conn->close();
                continue;
            }
            pool.remove(old);
            if (when_full == WhenFull::replace_oldest) {
                old->why_closed = fmt::format("{} connections without AUTH (or, with no token, "
                                              "a first line) yet: closed the oldest to let {} in",
                                              pool.cap(), peer);
                old->send(fmt::format("ERR too many connections that have not authenticated yet "
                                      "({}): closing this one, the oldest; send AUTH (or, without "
                                      "a token, a command) as soon as you connect\r\n",
                                      pool.cap()));
                old->close_after_writes();
            } else {
                old->why_closed = fmt::format("replaced by a newer connection from the same "
                                              "address ({}, max_connections = {})",
                                              peer, pool.cap());
                old->close();
            }
        }
        pool.add(conn);
        ++open_now;
        ctx.shutdown.opened(conn);
        ctx.tasks.spawn(conn->label(),
                  [](Shutdown& shutdown, ConnectionPool& pool, int& count,
                     std::shared_ptr<Connection> conn, Serve serve) -> asio::awaitable<void> {
                      // The count, the pool and the live set are put right however the session
                      // ends.
                      struct Done {
                          Shutdown& shutdown;
                          ConnectionPool& pool;
                          int& count;
                          std::shared_ptr<Connection> conn;
                          ~Done() {
                              --count;
                              pool.remove(conn);
                              conn->close_after_writes();
                              shutdown.closed(conn);
                          }
                      } done{shutdown, pool, count, conn};
                      co_await serve(conn);
                  }(ctx.shutdown, pool, open_now, conn, serve));
    }
}

}  // namespace fl::ingest
