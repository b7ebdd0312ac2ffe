#include <utility>

#include "ingest/admission.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace fl::ingest {

namespace asio = boost::asio;

Admission::Admission(asio::io_context& io, std::size_t capacity)
    : room_(io, asio::steady_timer::time_point::max()), capacity_(capacity) {}

asio::awaitable<void> Admission::wait_for_room() {
    if (used_ < capacity_) co_return;
    ++stalls_;
    while (used_ >= capacity_) {
        // The timer never expires: release() cancels it, waking every waiter at once.
        boost::system::error_code ec;
        co_await room_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

void Admission::release(std::size_t n) {
    const bool was_full = used_ >= capacity_;
    used_ = n > used_ ? 0 : used_ - n;
    if (was_full && used_ < capacity_) room_.cancel();
}

}  // namespace fl::ingest
