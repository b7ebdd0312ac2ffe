#pragma once
// The marshal port: line protocol clients (consoles, scripts, `finishline status`). Replies
// go out in the order the lines came in, each store answered only after its commit.
#include <utility>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "ingest/auth_failures.hpp"
#include "ingest/connection_pool.hpp"
#include "ingest/journal_submission.hpp"
#include "ingest/log.hpp"
#include "ingest/marshal_session.hpp"
#include "ingest/reader_status.hpp"
#include "ingest/shutdown.hpp"
#include "ingest/tasks.hpp"
#include "timing/clock.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

// What a marshal line and a marshal connection use of the service (io thread).
struct MarshalContext {
    const timing::RaceConfig& race;
    const timing::RaceCalendar& calendar;  // STATUS times
    const timing::Clock& clock;            // "now" for entries without a time
    Log& log;
    const StatusBoard& status;             // STATUS
    JournalSubmission& journal;
    Shutdown& shutdown;
    Tasks& tasks;
    AuthFailures& auth_failures;           // wrong tokens per peer address
};

// Runs one marshal line through `session` (the TCP port and the in-process GUI share this):
// `reply` gets the answer, after the commit when something is stored. Returns the action's
// type so a connection knows to close after quit/close.
MarshalSession::Action::Type run_marshal_line(MarshalContext& ctx, MarshalSession& session,
                                              std::string_view line,
                                              const std::shared_ptr<Connection>& conn,
                                              std::function<void(std::string)> reply);

// The marshal port's two kinds of slot, so idle or half-dead sockets never lock a console or
// `finishline status` out. A new connection waits in `waiting` (its own small cap; when full
// the oldest waiting connection makes way for the newcomer) until it authenticates (with no
// token: until its first line), then takes one of `consoles` (max_connections) if one is free.
// When all are held, its first command that needs one (not AUTH, STATUS, HELP, QUIT), or
// `first_line_within` after connecting, makes the oldest console from the same address make
// way (a reconnect); failing that the connection is closed, told why.
struct MarshalSlots {
    MarshalSlots(std::size_t max_consoles, std::size_t max_waiting,
                 std::chrono::milliseconds first_line_within_)
        : waiting(max_waiting), consoles(max_consoles), first_line_within(first_line_within_) {}
    ConnectionPool waiting;
    ConnectionPool consoles;
    std::chrono::milliseconds first_line_within;
};

// Lines waiting for their answer on one connection (a store awaiting its commit, and the lines
// behind it) before the connection stops reading until they are answered: a client pipelining
// thousands of lines cannot make the service queue them without bound.
inline constexpr std::size_t max_outstanding_replies = 256;

// `conn` was accepted into `slots.waiting`.
boost::asio::awaitable<void> serve_marshal(MarshalContext& ctx, MarshalSlots& slots,
                                           std::shared_ptr<Connection> conn);

}  // namespace fl::ingest
