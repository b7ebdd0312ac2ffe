#include "ingest/connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/write.hpp>
#include <fmt/format.h>

namespace fl::ingest {

namespace asio = boost::asio;

std::string peer_address(const asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    if (ec) return "?";
    if (ep.address().is_v6()) return fmt::format("[{}]:{}", ep.address().to_string(), ep.port());
    return fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

void tune_socket(asio::ip::tcp::socket& socket) {
    // 20 s of silence, then a probe every 10 s, 4 unanswered probes: dead after ~60 s.
    constexpr int idle_s = 20, interval_s = 10, probes = 4;
    // Written bytes not acknowledged for 60 s fail the connection (a peer gone mid-reply).
    constexpr unsigned user_timeout_ms = 60'000;
    boost::system::error_code ec;
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    socket.set_option(asio::socket_base::keep_alive(true), ec);
    const int fd = socket.native_handle();
    // Best effort: a socket that refuses an option still works, with the system's defaults.
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle_s, sizeof idle_s);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval_s, sizeof interval_s);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
}

asio::ip::address plain_address(const asio::ip::address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
    return a;
}

namespace {

std::string address_of(const asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    return ec ? "?" : plain_address(ep.address()).to_string();
}

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, std::string reader, std::string peer)
    : socket_(std::move(socket)),
      reader_(std::move(reader)),
      peer_(std::move(peer)),
      label_(fmt::format("{} {}", reader_, peer_)),
      address_(address_of(socket_)),
      settled_(socket_.get_executor(), asio::steady_timer::time_point::max()),
      watchdog_(socket_.get_executor()) {
    tune_socket(socket_);
}

void Connection::send(std::string bytes) {
    if (!open_ || close_when_flushed_ || bytes.empty()) return;
    if (unsent_ + bytes.size() > max_unsent_bytes) {
        why_closed = fmt::format("the client does not read its replies ({} bytes unsent, limit "
                                 "{}): closed",
                                 unsent_ + bytes.size(), max_unsent_bytes);
        close();
        return;
    }
    unsent_ += bytes.size();
    outbox_.push_back(std::move(bytes));
    if (!writing_) write_next();
}

void Connection::write_next() {
    if (outbox_.empty()) {
        writing_ = false;
        if (close_when_flushed_) close();
        return;
    }
    writing_ = true;
    // Everything queued goes out in one write (many small acknowledgements, one syscall).
    in_flight_.clear();
    for (auto& s : outbox_) in_flight_ += s;
    outbox_.clear();
    asio::async_write(socket_, asio::buffer(in_flight_),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                          if (!self->open_ || ec) {
                              self->writing_ = false;
                              self->outbox_.clear();
                              self->unsent_ = 0;
                              self->close();
                              return;
                          }
                          self->unsent_ -= self->in_flight_.size();
                          self->write_next();
                      });
}

void Connection::close_after_writes() {
    if (!open_) return;
    close_when_flushed_ = true;
    if (!writing_) close();
}

void Connection::stop_reading() {
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_receive, ec);
}

void Connection::close() {
    if (!open_) return;
    open_ = false;
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    watchdog_.cancel();
    settled_.cancel();
}

}  // namespace fl::ingest
