#include "ingest/shutdown.hpp"

namespace fl::ingest {

namespace asio = boost::asio;

Shutdown::Shutdown(asio::io_context& io) : drained_(io, asio::steady_timer::time_point::max()) {}

void Shutdown::begin() {
    stopping_ = true;
    for (auto* t : sleepers_) t->cancel();
    for (const auto& conn : live_) conn->stop_reading();
}

void Shutdown::closed(const std::shared_ptr<Connection>& conn) {
    live_.erase(conn);
    if (stopping_ && live_.empty()) drained_.cancel();
}

}  // namespace fl::ingest
