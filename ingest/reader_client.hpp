#pragma once
// Readers that are servers (RACE RESULT decoders): we connect, poll, and reconnect with a
// capped exponential backoff for as long as the service runs.
#include <utility>

#include <boost/asio/awaitable.hpp>

#include "ingest/device_session.hpp"

namespace fl::ingest {

inline constexpr timing::Duration reconnect_first = std::chrono::milliseconds{250};
inline constexpr timing::Duration reconnect_cap = std::chrono::seconds{30};
// A session that lasted this long without a malformed record counts as healthy even if the
// decoder had nothing to report yet.
inline constexpr timing::Duration healthy_session = std::chrono::seconds{30};

boost::asio::awaitable<void> run_reader_client(DeviceContext& ctx, ReaderRuntime& reader);

}  // namespace fl::ingest
