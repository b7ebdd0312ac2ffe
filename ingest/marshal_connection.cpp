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
#include "timing/text.hpp"

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
    std::size_t waiting() const { return slots_.size(); }

private:
    std::shared_ptr<Connection> conn_;
    std::deque<Slot> slots_;
};

// What the connection and its first-line watchdog share.
struct MarshalClient {
    MarshalSession session;
    bool heard = false;  // a line came in
};

// Commands a connection without a console slot may still send: nothing they do is stored,
// and `finishline status` (AUTH, STATUS) must always get its answer.
bool needs_no_console(std::string_view line) {
    const auto parsed = parse_marshal_line(line);
    if (!parsed.command) return false;
    using Kind = MarshalCommand::Kind;
    const auto k = parsed.command->kind;
    return k == Kind::auth || k == Kind::status || k == Kind::help || k == Kind::quit;
}

// A console slot for `conn`: a free one, else (`may_replace`) the oldest console from the same
// address makes way (the client reconnected; its old connection is likely half-dead). False
// when no slot can be had.
bool take_console(Log& log, MarshalSlots& slots, const std::shared_ptr<Connection>& conn,
                  bool may_replace) {
    if (slots.consoles.holds(conn)) return true;
    if (slots.consoles.full()) {
        const auto old = may_replace ? slots.consoles.oldest_from(conn->address()) : nullptr;
        if (!old) return false;
        slots.consoles.remove(old);
        old->why_closed = fmt::format("replaced by a newer connection from the same address ({}, "
                                      "max_connections = {})",
                                      conn->peer(), slots.consoles.cap());
        old->send("ERR replaced by a newer connection from the same address: closing\r\n");
        old->close_after_writes();
        log.say(conn->label(), "takes the console slot of {}", old->peer());
    }
    slots.waiting.remove(conn);
    slots.consoles.add(conn);
    return true;
}

// `first_line_within` after connecting: a connection that authenticated but found every slot
// taken (it only asked STATUS, or it is a console back from a Wi-Fi drop and idle since its
// AUTH) now takes a slot the way a command would, replacing its address's oldest; one that
// cannot, or never authenticated, is closed.
asio::awaitable<void> watch_first_line(const Shutdown& shutdown, Log& log, MarshalSlots& slots,
                                       std::shared_ptr<Connection> conn,
                                       std::shared_ptr<const MarshalClient> client) {
    boost::system::error_code ec;
    conn->watchdog().expires_after(slots.first_line_within);
    co_await conn->watchdog().async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !conn->open() || shutdown.stopping() || slots.consoles.holds(conn)) co_return;
    if (client->session.authenticated() && client->heard && take_console(log, slots, conn, true))
        co_return;
    const auto secs = std::chrono::duration<double>(slots.first_line_within).count();
    std::string why;
    if (!client->session.authenticated()) why = fmt::format("no valid AUTH within {:.1f} s", secs);
    else if (!client->heard) why = fmt::format("no command within {:.1f} s", secs);
    else
        why = fmt::format("no console slot came free within {:.1f} s (all {} held by other "
                          "addresses, max_connections)",
                          secs, slots.consoles.cap());
    conn->why_closed = why;
    conn->send(fmt::format("ERR {}: closing the connection\r\n", why));
    conn->close_after_writes();
}

}  // namespace

Type run_marshal_line(MarshalContext& ctx, MarshalSession& session, std::string_view line,
                      const std::shared_ptr<Connection>& conn,
                      std::function<void(std::string)> reply) {
    auto action = session.handle(line, ctx.clock.now());
    const auto& who = session.who();
    switch (action.type) {
        case Type::ignore:
            break;
        case Type::status: {
            auto lines = status_lines(ctx.status.snapshot(), ctx.calendar);
            const auto readers = lines.size();
            for (auto& l : site_lines(ctx.status.sites(), ctx.calendar)) lines.push_back(std::move(l));
            reply(fmt::format("{}{}OK status {} reader(s)", fmt::join(lines, "\r\n"),
                              lines.empty() ? "" : "\r\n", readers));
            break;
        }
        case Type::reply:
        case Type::quit:
        case Type::close:
            if (action.reply.starts_with("ERR")) ctx.log.say(who, "{}", session.loggable(line, action.reply));
            reply(std::move(action.reply));
            break;
        case Type::store: {
            if (ctx.shutdown.stopping()) {
                reply("ERR the service is stopping: not stored, send it again once it is back");
                break;
            }
            auto record = std::move(*action.record);
            ctx.journal.submit(
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

asio::awaitable<void> serve_marshal(MarshalContext& ctx, MarshalSlots& slots,
                                    std::shared_ptr<Connection> conn) {
    const bool token = ctx.race.marshal.token.has_value();
    auto client = std::make_shared<MarshalClient>(
        MarshalClient{MarshalSession(ctx.race, fmt::format("marshal {}", conn->peer()), false)});
    auto& session = client->session;
    session.limit_auth(ctx.auth_failures, conn->address());
    ctx.log.say(conn->label(), "connected{}", token ? " (AUTH required)" : "");
    ctx.tasks.spawn(conn->label(), watch_first_line(ctx.shutdown, ctx.log, slots, conn, client));
    auto replies = std::make_shared<ReplyQueue>(conn);
    LineSplitter lines(LineSplitter::Ends::cr_or_lf);
    std::array<char, 4096> buf;
    std::string why = "closed by the client";
    bool closing = false;
    while (!closing) {
        // Like a device: no new lines while the commit queue is full, nor while this client
        // has many answers outstanding (TCP flow control then slows it down).
        co_await ctx.journal.wait_for_room();
        if (replies->waiting() >= max_outstanding_replies) co_await settle(conn);
        if (!conn->open()) {
            why = conn->why_closed.empty() ? "closed" : conn->why_closed;
            break;
        }
        boost::system::error_code ec;
        const auto n = co_await conn->socket().async_read_some(
            asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (!conn->why_closed.empty()) why = conn->why_closed;
            else if (ctx.shutdown.stopping()) why = "service stopping";
            else if (ec != asio::error::eof) why = ec.message();
            break;
        }
        conn->touch();
        const bool ok = lines.feed(std::string_view(buf.data(), n), [&](std::string_view line) {
            if (closing || timing::trim(line).empty()) return;
            client->heard = true;
            auto slot = replies->reserve();
            // A command that can store something needs a console slot; AUTH, STATUS, HELP and
            // QUIT do not, so `finishline status` never pushes a console out.
            if (session.authenticated() && !needs_no_console(line)) {
                if (!take_console(ctx.log, slots, conn, true)) {
                    *slot = fmt::format("ERR all {} marshal connections are held by other "
                                        "addresses (max_connections): not done, closing; close "
                                        "a console no longer in use or raise [marshal] "
                                        "max_connections",
                                        slots.consoles.cap());
                    replies->flush();
                    closing = true;
                    why = fmt::format("refused: max_connections = {} reached", slots.consoles.cap());
                    return;
                }
            }
            const auto type = run_marshal_line(ctx, session, line, conn,
                                               [replies, slot](std::string text) {
                                                   *slot = std::move(text);
                                                   replies->flush();
                                               });
            // Right after a good AUTH (no token: after the first line) a free slot is taken.
            if (session.authenticated()) take_console(ctx.log, slots, conn, false);
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
    slots.consoles.remove(conn);
    co_await settle(conn);
    conn->close_after_writes();
    ctx.log.say(conn->label(), "disconnected: {}", why);
}

}  // namespace fl::ingest
