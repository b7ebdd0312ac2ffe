#pragma once
// The service's coroutines on the io_context: one that ends on an exception is logged and
// counted, never silently dropped.
#include <utility>

#include <atomic>
#include <cstddef>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "ingest/log.hpp"

namespace fl::ingest {

class Tasks {
public:
    Tasks(boost::asio::io_context& io, Log& log) : io_(io), log_(log) {}

    void spawn(std::string who, boost::asio::awaitable<void> task);
    // Coroutines that ended on an unexpected error. Any thread.
    std::size_t failures() const { return failures_.load(); }

private:
    boost::asio::io_context& io_;
    Log& log_;
    std::atomic<std::size_t> failures_{0};
};

}  // namespace fl::ingest
