// A ChronoTrack controller (CTP01, the SimpleClient side): connects to the service, greets,
// reads the settings it is given, streams tag reads once told to `start` and resumes from the
// sequence number the service asks for after a reconnect.
#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "timing/text.hpp"
#include "tools/sim/device_context.hpp"
#include "tools/sim/record_stream.hpp"

namespace fl::sim::detail {
namespace {

struct CtSession : Session {
    using Session::Session;
    int settings_left = -1;           // settings lines still to come after the service's header
    bool started = false;
    bool all_locations = true;
    std::set<std::string> locations;  // started locations when not all
    std::optional<std::int64_t> resume_from;
    std::string time_format = "normal";
    bool guntimes = true;
    bool newlocations = false;
};

std::optional<std::int64_t> number(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

awaitable<void> read_commands(std::shared_ptr<DeviceContext> ctx, std::shared_ptr<CtSession> s) {
    LineReader lines(s->socket);
    std::set<std::string, std::less<>> covered;
    for (auto p : ctx->points) covered.insert(ctx->location[p]);
    while (auto line = co_await lines.next("\r\n")) {
        const auto fields = timing::split(*line, '~');
        if (s->settings_left > 0) {
            --s->settings_left;
            const auto eq = line->find('=');
            const auto key = timing::ascii_lower(line->substr(0, eq));
            const auto value = eq == std::string::npos ? std::string{} : timing::ascii_lower(line->substr(eq + 1));
            if (key == "time-format") s->time_format = value;
            if (key == "guntimes") s->guntimes = value == "true";
            if (key == "newlocations") s->newlocations = value == "true";
            continue;
        }
        // The service's header: <name>~<version>~<number of settings lines>.
        if (s->settings_left < 0 && fields.size() == 3 && number(fields[2])) {
            s->settings_left = static_cast<int>(std::clamp<std::int64_t>(*number(fields[2]), 0, 100));
            continue;
        }
        const auto cmd = timing::ascii_lower(fields[0]);
        if (cmd == "ping") {
            s->outbox += "ack~ping\r\n";
        } else if (cmd == "start") {
            if (fields.size() >= 2 && !covered.count(fields[1])) {
                s->outbox += fmt::format("err~start~unknown location {}\r\n", fields[1]);
            } else if (fields.size() >= 3 && (!number(fields[2]) || *number(fields[2]) < 0)) {
                s->outbox += fmt::format("err~start~bad sequence number {}\r\n", fields[2]);
            } else {
                if (fields.size() >= 2) {
                    if (!s->started) s->all_locations = false;
                    s->locations.emplace(fields[1]);
                } else {
                    s->all_locations = true;
                }
                s->started = true;
                if (fields.size() >= 3) {
                    const auto seq = std::max<std::int64_t>(1, *number(fields[2]));
                    s->resume_from = std::min(s->resume_from.value_or(seq), seq);
                }
            }
        } else if (cmd == "stop") {
            s->started = false;
            s->all_locations = true;
            s->locations.clear();
        } else if (cmd == "getlocations") {
            s->outbox += "ack~getlocations";
            for (const auto& l : covered) s->outbox += "~" + l;
            s->outbox += "\r\n";
        } else if (cmd == "geteventinfo") {
            s->outbox += fmt::format("ack~geteventinfo~{}~1~{}\r\n", ctx->plan->config.name,
                                     timing::format_date(ctx->plan->config.date));
        } else if (cmd == "getconnectionid") {
            s->outbox += fmt::format("ack~getconnectionid~{}\r\n", ctx->stats->connections.load());
        } else {
            s->outbox += fmt::format("err~{}~unknown command\r\n", fields[0]);
        }
        s->signal.notify();
    }
}

std::string ct_time(const DeviceContext& ctx, Instant true_time, std::string_view format) {
    const auto t = ctx.device_time(true_time);
    const auto stamp = local_stamp(ctx.calendar, t);
    if (format == "iso") return fmt::format("{}T{}", timing::format_date(stamp.day), clock_text(stamp.time_of_day, 2));
    if (format == "unix") {
        const auto cs = std::chrono::floor<std::chrono::duration<std::int64_t, std::centi>>(t.time_since_epoch()).count();
        return fmt::format("{}.{:02}", cs / 100, cs % 100);
    }
    if (format == "msecs") return std::to_string(std::chrono::floor<std::chrono::milliseconds>(stamp.time_of_day).count());
    return clock_text(stamp.time_of_day, 2);
}

// Runs one connection; true once the race is played out and the connection closed cleanly.
awaitable<bool> stream_records(std::shared_ptr<DeviceContext> ctx, std::shared_ptr<CtSession> s,
                               RecordStream& stream, std::int64_t& high_sent, std::int64_t& high_seen) {
    const auto reader_id = fmt::format("{:06X}", hash(ctx->options.name) & 0xFFFFFF);
    std::string batch = fmt::format("SimpleClient~{}~CTP01\r\n", ctx->options.version);
    if (!co_await write(*s, batch)) co_return false;
    std::optional<steady::time_point> linger_until;
    for (;;) {
        if (ctx->stopping() || s->closed) co_return false;
        bool drop = false;
        if (s->started) {
            if (s->resume_from) {
                stream.seek(std::min(*s->resume_from, stream.next_seq()));
                s->resume_from.reset();
                linger_until.reset();
            }
            const auto now = ctx->clock.now();
            while (batch.size() < 65536 && !drop) {
                const auto* rec = stream.peek();
                if (!rec || rec->read.time > now) break;
                const auto& loc = ctx->location[rec->read.point];
                const bool wanted = (s->all_locations || s->locations.count(loc)) &&
                                    (rec->kind != RecordKind::gun || s->guntimes) &&
                                    (rec->kind != RecordKind::new_location || s->newlocations);
                if (wanted) {
                    const auto tag = rec->kind == RecordKind::gun ? std::string("guntime")
                                   : rec->kind == RecordKind::new_location ? std::string("newlocation")
                                   : ctx->plan->chips[rec->read.chip];
                    batch += fmt::format("CT01_33~{}~{}~{}~{}~0~{}~{}\r\n", rec->seq, loc, tag,
                                         ct_time(*ctx, rec->read.time, s->time_format), reader_id,
                                         rec->kind == RecordKind::tag ? rec->read.antenna : 0);
                    if (rec->seq <= high_sent) {
                        ++ctx->stats->resent;
                    } else {
                        high_sent = rec->seq;
                        ++ctx->stats->sent;
                    }
                    drop = ctx->should_drop();
                } else if (rec->seq > high_seen && rec->kind != RecordKind::tag) {
                    --ctx->stats->planned;  // a marker the service did not ask for
                }
                high_seen = std::max(high_seen, rec->seq);
                stream.pop();
            }
        }
        if (!co_await write(*s, batch)) co_return false;
        if (drop) {
            ++ctx->stats->drops;
            co_return false;
        }
        steady::time_point deadline = steady::now() + std::chrono::hours(1);
        if (s->started) {
            if (const auto* next = stream.peek()) {
                deadline = ctx->when(next->read.time);
            } else {
                // Played out: stay a moment (answering pings, honouring a late resume), then
                // close cleanly. A connection lost before then is re-established.
                if (!linger_until) linger_until = steady::now() + ctx->options.linger;
                if (steady::now() >= *linger_until && s->outbox.empty()) co_return true;
                deadline = *linger_until;
            }
        }
        co_await s->signal.wait(deadline);
    }
}

}  // namespace

awaitable<void> play_chronotrack(std::shared_ptr<DeviceContext> ctx) {
    StreamOptions so;
    so.points = ctx->points;
    so.guns = true;
    so.new_locations = true;
    so.peak_only = ctx->options.peak_only;
    RecordStream stream(ctx->plan, so);
    ctx->stats->planned = stream.total();
    std::int64_t high_sent = 0, high_seen = 0;
    const auto ex = co_await asio::this_coro::executor;
    bool played_out = false;
    while (!played_out && !ctx->stopping()) {
        tcp::socket socket(ex);
        if (!co_await connect(*ctx, socket)) break;
        auto s = std::make_shared<CtSession>(std::move(socket));
        start_reader(ctx, s, read_commands);
        played_out = co_await stream_records(ctx, s, stream, high_sent, high_seen);
        const bool dropped = !played_out && !s->closed && !ctx->stopping();
        co_await end_session(*ctx, *s, !dropped);
        if (!played_out && !ctx->stopping())
            co_await sleep_until(*ctx, steady::now() + ctx->options.reconnect_delay);
    }
}

}  // namespace fl::sim::detail
