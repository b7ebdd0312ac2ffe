#include "ingest/marshal_connection.hpp"

#include <array>
#include <deque>
#include <optional>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "ingest/line_splitter.hpp"
#include "ingest/parse_output.hpp"
#include "ingest/read_builder.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
using Type = MarshalSession::Action::Type;

namespace {

// Answers in line order: a store's answer waits for its commit, and answers to later lines
// wait behind it.
class ReplyQueue {
public:
    explicit ReplyQueue(std::shared_ptr<Connection> conn) : conn_(std::move(conn)) {}
    using Slot = std::shared_ptr<std::optional<std::string>>;
    Slot reserve() {
        slots_.push_back(std::make_shared<std::optional<std::string>>());
        return slots_.back();
    }
    void flush() {
        while (!slots_.empty() && slots_.front()->has_value()) {
            conn_->send(**slots_.front() + "\r\n");
            slots_.pop_front();
        }
    }

private:
    std::shared_ptr<Connection> conn_;
    std::deque<Slot> slots_;
};

}  // namespace

Type run_marshal_line(IngestContext& ctx, MarshalSession& session, std::string_view line,
                      const std::shared_ptr<Connection>& conn,
                      std::function<void(std::string)> reply) {
    auto action = session.handle(line, ctx.clock.now());
    const auto& who = session.who();
    switch (action.type) {
        case Type::ignore:
            break;
        case Type::status: {
            const auto lines = status_lines(ctx.status.snapshot(), ctx.calendar);
            reply(fmt::format("{}{}OK status {} reader(s)", fmt::join(lines, "\r\n"),
                              lines.empty() ? "" : "\r\n", lines.size()));
            break;
        }
        case Type::reply:
        case Type::quit:
        case Type::close:
            if (action.reply.starts_with("ERR")) ctx.log.say(who, "{}", session.loggable(line, action.reply));
            reply(std::move(action.reply));
            break;
        case Type::store: {
            if (ctx.stopping) {
                reply("ERR the service is stopping: not stored, send it again once it is back");
                break;
            }
            auto record = std::move(*action.record);
            ctx.submit(
                conn, {record},
                [&ctx, who, record, describe = std::move(action.describe),
                 reply = std::move(reply)](std::vector<RecordOutcome> outcomes) {
                    const auto text = MarshalSession::reply_for(
                        record, outcomes.empty() ? RecordOutcome{} : outcomes.front(), describe);
                    ctx.log.say(who, "{}", text);
                    reply(text);
                },
                /*fail_fast=*/true);
            break;
        }
    }
    return action.type;
}

asio::awaitable<void> serve_marshal(IngestContext& ctx, std::shared_ptr<Connection> conn) {
    const bool token = ctx.race.marshal.token.has_value();
    MarshalSession session(ctx.race, fmt::format("marshal {}", conn->peer()), false);
    session.limit_auth(ctx.auth_failures, std::string(peer_host(conn->peer())));
    ctx.log.say(conn->label(), "connected{}", token ? " (AUTH required)" : "");
    auto replies = std::make_shared<ReplyQueue>(conn);
    LineSplitter lines(LineSplitter::Ends::cr_or_lf);
    std::array<char, 4096> buf;
    std::string why = "closed by the client";
    bool closing = false;
    while (!closing) {
        boost::system::error_code ec;
        const auto n = co_await conn->socket().async_read_some(
            asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ctx.stopping) why = "service stopping";
            else if (ec != asio::error::eof) why = ec.message();
            break;
        }
        conn->touch();
        const bool ok = lines.feed(std::string_view(buf.data(), n), [&](std::string_view line) {
            if (closing || trim(line).empty()) return;
            auto slot = replies->reserve();
            const auto type = run_marshal_line(ctx, session, line, conn,
                                               [replies, slot](std::string text) {
                                                   *slot = std::move(text);
                                                   replies->flush();
                                               });
            if (type == Type::quit || type == Type::close) {
                closing = true;
                why = type == Type::quit ? "QUIT" : "too many wrong tokens";
            }
        });
        if (!ok) {
            *replies->reserve() = fmt::format("ERR a line longer than {} bytes: closing the connection",
                                              lines.max_bytes());
            replies->flush();
            why = "line limit exceeded";
            break;
        }
    }
    co_await settle(conn);
    conn->close_after_writes();
    ctx.log.say(conn->label(), "disconnected: {}", why);
}

}  // namespace fl::ingest
