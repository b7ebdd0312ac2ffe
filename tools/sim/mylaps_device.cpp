// The MYLAPS side of the ASCII exchange protocol: connects to the service, introduces itself
// with Pong, sends passings several to a message, and keeps every message until the service
// acknowledges it, resending after a timeout or a reconnect (so a passing can arrive twice).
#include <deque>

#include <fmt/format.h>

#include "timing/text.hpp"
#include "tools/sim/device_context.hpp"
#include "tools/sim/record_stream.hpp"

namespace fl::sim::detail {
namespace {

struct Message {
    std::int64_t number = 0;
    std::string text;
    int passings = 0;
    steady::time_point sent_at{};
};

struct Outstanding {
    std::deque<Message> messages;  // unacknowledged, oldest first
    std::int64_t next_number = 1;
};

struct MlSession : Session {
    using Session::Session;
    bool pong_acked = false;
    Outstanding* outstanding = nullptr;
    std::string greeting;  // our location name, first field of what we send
};

awaitable<void> read_replies(std::shared_ptr<DeviceContext> ctx, std::shared_ptr<MlSession> s) {
    LineReader records(s->socket);
    while (auto raw = co_await records.next("$")) {
        std::string record;
        for (char c : *raw)
            if (c != '\r' && c != '\n' && c != '\0') record += c;
        const auto f = timing::split(record, '@');
        if (f.size() < 2) continue;
        if (f[1] == "AckPong") {
            s->pong_acked = true;
        } else if (f[1] == "AckPassing" && f.size() >= 3) {
            auto& q = s->outstanding->messages;
            for (auto it = q.begin(); it != q.end(); ++it) {
                if (std::to_string(it->number) == f[2]) {
                    ctx->stats->acked += it->passings;
                    q.erase(it);
                    break;
                }
            }
        } else if (f[1] == "Ping") {
            s->outbox += fmt::format("{}@AckPing@$", s->greeting);
        } else if (f[1] != "AckPing") {
            ctx->log(fmt::format("{}: ignoring an unexpected record from the service: {}$", ctx->options.name, record));
        }
        s->signal.notify();
    }
}

std::string passing_text(const DeviceContext& ctx, const Record& rec, std::string_view device) {
    const auto t = ctx.device_time(rec.read.time);
    const auto stamp = local_stamp(ctx.calendar, t);
    const auto date = fmt::format("{:02}{:02}{:02}", static_cast<int>(stamp.day.year()) % 100,
                                  static_cast<unsigned>(stamp.day.month()), static_cast<unsigned>(stamp.day.day()));
    if (rec.kind == RecordKind::gun)
        return fmt::format("mt=Gunshot|t={}|d={}|dv={}", clock_text(stamp.time_of_day, 3), date, device);
    std::string antennas(8, '0');
    antennas[static_cast<std::size_t>(8 - std::clamp<int>(rec.read.antenna, 1, 8))] = '1';
    return fmt::format("t={}|c={}|ct=UH|d={}|l=1|dv={}|re=0|an={}|g=0|h={}|utc={}", clock_text(stamp.time_of_day, 3),
                       ctx.plan->chips[rec.read.chip], date, device, antennas, rec.read.hits,
                       std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

// Runs one connection; true once every passing is acknowledged (or given up on) and the
// connection closed cleanly.
awaitable<bool> exchange(std::shared_ptr<DeviceContext> ctx, std::shared_ptr<MlSession> s, RecordStream& stream,
                         Outstanding& out) {
    const auto device = std::to_string(hash(ctx->options.name) % 90 + 10);
    std::string batch = fmt::format("{}@Pong@$", s->greeting);
    if (!co_await write(*s, batch)) co_return false;
    const auto handshake_deadline = steady::now() + std::max(ctx->options.ack_timeout, std::chrono::milliseconds(5000));
    while (!s->pong_acked) {
        if (ctx->stopping() || s->closed) co_return false;
        if (steady::now() >= handshake_deadline) {
            ctx->log(fmt::format("{}: no AckPong from {}: reconnecting", ctx->options.name, ctx->options.endpoint.to_string()));
            co_return false;
        }
        co_await s->signal.wait(handshake_deadline);
    }
    // Whatever the service never acknowledged goes again, first, with its old number.
    for (auto& m : out.messages) {
        batch += m.text;
        m.sent_at = steady::now();
        ctx->stats->resent += m.passings;
    }
    auto last_write = steady::now();
    std::optional<steady::time_point> exhausted_at;
    for (;;) {
        if (ctx->stopping() || s->closed) co_return false;
        bool drop = false;
        const auto now = ctx->clock.now();
        while (static_cast<int>(out.messages.size()) < ctx->options.unacked_window && !drop) {
            const auto* first = stream.peek();
            if (!first || first->read.time > now) break;
            const auto point = first->read.point;
            Message m;
            m.number = out.next_number++;
            m.text = fmt::format("{}@Passing@", ctx->location[point]);
            for (const Record* rec = first; rec && rec->read.time <= now && rec->read.point == point &&
                                            m.passings < ctx->options.passings_per_message;
                 rec = stream.peek()) {
                m.text += passing_text(*ctx, *rec, device) + "@";
                ++m.passings;
                stream.pop();
                drop = drop || ctx->should_drop();
            }
            m.text += fmt::format("{}@$", m.number);
            m.sent_at = steady::now();
            batch += m.text;
            ctx->stats->sent += m.passings;
            out.messages.push_back(std::move(m));
        }
        const auto real_now = steady::now();
        for (auto& m : out.messages) {
            if (real_now - m.sent_at < ctx->options.ack_timeout) continue;
            batch += m.text;
            m.sent_at = real_now;
            ctx->stats->resent += m.passings;
        }
        if (batch.empty() && s->outbox.empty() && real_now - last_write >= ctx->options.keepalive)
            batch = fmt::format("{}@Ping@$", s->greeting);
        if (!batch.empty() || !s->outbox.empty()) last_write = real_now;
        if (!co_await write(*s, batch)) co_return false;
        if (drop) {
            ++ctx->stats->drops;
            co_return false;
        }
        const auto* next = stream.peek();
        if (!next) {
            if (out.messages.empty()) co_return true;
            if (!exhausted_at) exhausted_at = real_now;
            if (real_now - *exhausted_at >= ctx->options.final_wait) {
                int missing = 0;
                for (const auto& m : out.messages) missing += m.passings;
                ctx->stats->set_error(fmt::format("{}: {} passing(s) in {} message(s) were never acknowledged by {}",
                                                  ctx->options.name, missing, out.messages.size(),
                                                  ctx->options.endpoint.to_string()));
                co_return true;
            }
        }
        auto deadline = last_write + ctx->options.keepalive;
        if (next && static_cast<int>(out.messages.size()) < ctx->options.unacked_window)
            deadline = std::min(deadline, ctx->when(next->read.time));
        for (const auto& m : out.messages) deadline = std::min(deadline, m.sent_at + ctx->options.ack_timeout);
        if (exhausted_at) deadline = std::min(deadline, *exhausted_at + ctx->options.final_wait);
        co_await s->signal.wait(deadline);
    }
}

}  // namespace

awaitable<void> play_mylaps(std::shared_ptr<DeviceContext> ctx) {
    StreamOptions so;
    so.points = ctx->points;
    so.guns = true;
    so.peak_only = ctx->options.peak_only;
    RecordStream stream(ctx->plan, so);
    ctx->stats->planned = stream.total();
    Outstanding out;
    const auto ex = co_await asio::this_coro::executor;
    bool done = false;
    while (!done && !ctx->stopping()) {
        tcp::socket socket(ex);
        if (!co_await connect(*ctx, socket)) break;
        auto s = std::make_shared<MlSession>(std::move(socket));
        s->outstanding = &out;
        s->greeting = ctx->location[ctx->points.front()];
        start_reader(ctx, s, read_replies);
        done = co_await exchange(ctx, s, stream, out);
        const bool dropped = !done && !s->closed && !ctx->stopping();
        co_await end_session(*ctx, *s, !dropped);
        if (!done && !ctx->stopping()) co_await sleep_until(*ctx, steady::now() + ctx->options.reconnect_delay);
    }
}

}  // namespace fl::sim::detail
