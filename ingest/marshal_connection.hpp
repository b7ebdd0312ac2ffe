#pragma once
// The marshal port: line protocol clients (consoles, scripts, `finishline status`). Replies
// go out in the order the lines came in, each store answered only after its commit.
#include <utility>

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "ingest/ingest_context.hpp"
#include "ingest/marshal_session.hpp"

namespace fl::ingest {

// Runs one marshal line through `session` (the TCP port and the in-process GUI share this):
// `reply` gets the answer, after the commit when something is stored. Returns the action's
// type so a connection knows to close after quit/close.
MarshalSession::Action::Type run_marshal_line(IngestContext& ctx, MarshalSession& session,
                                              std::string_view line,
                                              const std::shared_ptr<Connection>& conn,
                                              std::function<void(std::string)> reply);

boost::asio::awaitable<void> serve_marshal(IngestContext& ctx, std::shared_ptr<Connection> conn);

}  // namespace fl::ingest
