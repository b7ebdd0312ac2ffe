#pragma once
// Back-pressure between the connections and the journal writer: records handed to the writer
// but not yet committed are counted; past the limit, connections stop reading (TCP flow
// control then slows the devices) until commits catch up. io thread only.
#include <cstddef>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace fl::ingest {

class Admission {
public:
    Admission(boost::asio::io_context& io, std::size_t capacity);

    // Returns at once while there is room, else when commits have made room.
    boost::asio::awaitable<void> wait_for_room();
    void acquire(std::size_t n) { used_ += n; }
    void release(std::size_t n);

    std::size_t used() const { return used_; }
    std::size_t capacity() const { return capacity_; }
    std::size_t stalls() const { return stalls_; }

private:
    boost::asio::steady_timer room_;
    std::size_t capacity_;
    std::size_t used_ = 0;
    std::size_t stalls_ = 0;
};

}  // namespace fl::ingest
