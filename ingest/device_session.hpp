#pragma once
// The life of one device connection: whoever connected (a listening reader) or whoever we
// connected to (a RACE RESULT decoder), bytes go to the reader's protocol parser, records to
// the journal, acknowledgements back after the commit.
#include <utility>

#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "ingest/device_protocol.hpp"
#include "ingest/journal_submission.hpp"
#include "ingest/log.hpp"
#include "ingest/peer_budget.hpp"
#include "ingest/reader_runtime.hpp"
#include "ingest/reader_status.hpp"
#include "ingest/shutdown.hpp"
#include "ingest/tasks.hpp"
#include "timing/clock.hpp"

namespace fl::ingest {

// What a device connection uses of the service (io thread).
struct DeviceContext {
    boost::asio::io_context& io;
    const timing::Clock& clock;  // "now" for everything received
    Log& log;
    StatusBoard& status;
    JournalSubmission& journal;
    Shutdown& shutdown;
    Tasks& tasks;
    // Unreadable records and scanner lines one peer address may have stored (peer_budget.hpp).
    PeerBudget& refused;
    PeerBudget& scans;
};

// The parser for a reader's protocol, resuming from what the journal has committed.
std::shared_ptr<DeviceProtocol> make_parser(const JournalSubmission& journal, ReaderRuntime& reader);

// Logs, counts, sends replies and submits the records of one parse; acknowledgements go out
// once the records are committed.
void handle_output(DeviceContext& ctx, ReaderRuntime& reader,
                   const std::shared_ptr<Connection>& conn, ParseOutput&& out);

// Reads until the device goes away, the connection is closed or a fatal parse error; returns
// why it ended. Stops reading while the journal is full.
boost::asio::awaitable<std::string> read_device(DeviceContext& ctx, ReaderRuntime& reader,
                                                std::shared_ptr<Connection> conn,
                                                std::shared_ptr<DeviceProtocol> parser);

// Keepalive and idle timeout: every `tick` of quiet asks the parser for a keepalive; after
// `idle` of quiet closes the connection.
boost::asio::awaitable<void> watch_device(DeviceContext& ctx, ReaderRuntime& reader,
                                          std::shared_ptr<Connection> conn,
                                          std::shared_ptr<DeviceProtocol> parser,
                                          timing::Duration tick, timing::Duration idle);

// A device that connected to one of our listeners.
boost::asio::awaitable<void> serve_device(DeviceContext& ctx, ReaderRuntime& reader,
                                          std::shared_ptr<Connection> conn);

}  // namespace fl::ingest
