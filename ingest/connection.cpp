#include "ingest/connection.hpp"

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

Connection::Connection(asio::ip::tcp::socket socket, std::string reader, std::string peer)
    : socket_(std::move(socket)),
      reader_(std::move(reader)),
      peer_(std::move(peer)),
      label_(fmt::format("{} {}", reader_, peer_)),
      settled_(socket_.get_executor(), asio::steady_timer::time_point::max()),
      watchdog_(socket_.get_executor()) {}

void Connection::send(std::string bytes) {
    if (!open_ || close_when_flushed_ || bytes.empty()) return;
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
                              self->close();
                              return;
                          }
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
