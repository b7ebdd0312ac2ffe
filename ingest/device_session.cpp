#include "ingest/device_session.hpp"

#include <algorithm>
#include <array>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "ingest/bibscan.hpp"
#include "ingest/chronotrack.hpp"
#include "ingest/error.hpp"
#include "ingest/mylaps.hpp"
#include "ingest/raceresult.hpp"
#include "ingest/record_hash.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
using namespace std::chrono;

namespace {

// A device spewing garbage must not flood the log: the first ones in full, then a sample.
constexpr std::int64_t malformed_logged_in_full = 50;
constexpr std::int64_t malformed_sample_every = 1000;

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += p;
    return out;
}

PeerBudget& budget_of(DeviceContext& ctx, const ReaderRuntime& reader) {
    return reader.config.protocol == timing::Protocol::bibscan ? ctx.scans : ctx.refused;
}
std::string budget_key(const ReaderRuntime& reader, const std::shared_ptr<Connection>& conn) {
    return fmt::format("{} {}", reader.config.name, conn->address());
}

// What a peer cannot be checked on — unreadable records, or every line on a bib scanner port —
// is charged to its budget; past it the connection is not read for a while (read_device). Said
// the first time on a connection and then one time in malformed_sample_every.
std::optional<std::string> charge_budget(DeviceContext& ctx, ReaderRuntime& reader,
                                         const std::shared_ptr<Connection>& conn, const ParseOutput& out) {
    const bool scanner = reader.config.protocol == timing::Protocol::bibscan;
    const auto n = out.malformed.size() + (scanner ? out.entries.size() : 0);
    if (n == 0) return std::nullopt;
    auto& budget = budget_of(ctx, reader);
    const auto wait = budget.charge(budget_key(reader, conn), n, steady_clock::now());
    if (wait <= steady_clock::duration::zero()) return std::nullopt;
    const auto what = fmt::format(
        "{} from {} past {} at once: read at {:g} a second from now on (held back {:.1f} s) — "
        "not a {} device? check the reader's protocol, or its allow list",
        scanner ? "lines" : "unreadable records", conn->address(), budget.rate().burst,
        budget.rate().per_second, duration<double>(wait).count(), reader.config.protocol);
    if (conn->throttled++ % malformed_sample_every == 0) ctx.log.line(conn->label(), what);
    return what;
}

}  // namespace

std::shared_ptr<DeviceProtocol> make_parser(const JournalSubmission& journal, ReaderRuntime& reader) {
    const auto p = reader.config.protocol;
    switch (p) {
        case timing::Protocol::chronotrack:
            return std::make_shared<ChronoTrackParser>(
                reader.builder, journal.last_seq_by_location(reader.config.id));
        case timing::Protocol::mylaps: return std::make_shared<MylapsParser>(reader.builder);
        case timing::Protocol::bibscan: return std::make_shared<BibScanParser>(reader.builder);
        case timing::Protocol::raceresult:
            return std::make_shared<RaceResultParser>(reader.builder, journal.last_seq(reader.config.id));
    }
    throw Error(fmt::format("reader {}: protocol \"{}\" is not supported", reader.config.name, p));
}

void handle_output(DeviceContext& ctx, ReaderRuntime& reader,
                   const std::shared_ptr<Connection>& conn, ParseOutput&& out) {
    const auto& name = reader.config.name;
    const auto& label = conn->label();
    if (out.understood()) ++conn->understood;
    // A reader whose clock or date is wrong must be noticed at the line, not only in results.
    for (const auto& r : out.reads)
        if (r.flags & timing::read_flag_impossible_time)
            out.notes.push_back(fmt::format("read \"{}\" is timed more than 24 h from the race "
                                            "day: stored and flagged, not scored (check the "
                                            "reader's clock and date)",
                                            printable(r.raw, 120)));
    for (const auto& note : out.notes) {
        // Notes can come per record (an unreadable time on every read): sample them too.
        const auto n = ++conn->notes;
        if (n <= malformed_logged_in_full || n % malformed_sample_every == 0) ctx.log.line(label, note);
        if (n == malformed_logged_in_full)
            ctx.log.say(label, "further notes on this connection: one in {} logged", malformed_sample_every);
    }
    for (const auto& e : out.device_errors) {
        ctx.log.line(label, e);
        ctx.status.error(name, e);
    }
    const auto over_budget = charge_budget(ctx, reader, conn, out);
    if (!out.malformed.empty()) {
        for (const auto& m : out.malformed) {
            const auto n = ++conn->malformed;
            if (n <= malformed_logged_in_full || n % malformed_sample_every == 0) {
                ctx.log.say(label, "malformed record #{} on this connection ({}), stored as refused: "
                                   "\"{}\"",
                            n, m.reason, printable(m.raw));
            }
            if (n == malformed_logged_in_full)
                ctx.log.say(label, "further malformed records are stored as refused and counted, "
                                   "one in {} logged",
                            malformed_sample_every);
        }
        const auto& last = out.malformed.back();
        ctx.status.parse_errors(name, static_cast<std::int64_t>(out.malformed.size()),
                                fmt::format("malformed: {}: \"{}\"", last.reason,
                                            printable(last.raw, 80)));
    }
    if (over_budget) ctx.status.error(name, *over_budget);
    if (!out.replies.empty()) conn->send(joined(out.replies));
    for (const auto& s : out.clock_syncs) ctx.status.clock_offset(name, s.offset);
    if (out.fatal) {
        ctx.log.line(label, *out.fatal);
        ctx.status.error(name, *out.fatal);
    }
    if (!out.has_records()) {
        if (!out.acks.empty()) conn->send(joined(out.acks));
        return;
    }
    std::vector<JournalRecord> records;
    records.reserve(out.reads.size() + out.entries.size() + out.clock_syncs.size() +
                    out.malformed.size());
    std::optional<timing::Instant> last;
    for (auto& r : out.reads) {
        last = std::max(last.value_or(r.receive_time), r.receive_time);
        records.emplace_back(std::move(r));
    }
    for (auto& e : out.entries) records.emplace_back(std::move(e));
    for (auto& s : out.clock_syncs) records.emplace_back(s);
    // Malformed records go last, so the outcomes counted as stored reads and entries come first.
    const auto refused = out.malformed.size();
    const auto received = ctx.clock.now();
    const bool resends = reader.config.protocol != timing::Protocol::bibscan;
    for (auto& m : out.malformed) {
        timing::NewRefused r{reader.config.id, received, std::move(m.raw), std::move(m.reason),
                             std::nullopt};
        if (resends) r.resend_key = record_hash(r.raw);
        records.emplace_back(std::move(r));
    }
    // Entries from scanners carry their time of receipt as the entry time.
    if (!last && !out.entries.empty()) last = ctx.clock.now();
    ctx.journal.submit(conn, std::move(records),
                       [&ctx, &reader, conn, acks = std::move(out.acks), last,
                        refused](std::vector<RecordOutcome> outcomes) {
                           std::int64_t stored = 0, resent = 0;
                           const RecordOutcome* failed = nullptr;
                           for (std::size_t i = 0; i < outcomes.size(); ++i) {
                               const auto& o = outcomes[i];
                               if (!o.error.empty()) failed = &o;
                               else if (i + refused >= outcomes.size()) continue;  // a refused record
                               else if (o.duplicate) ++resent;
                               else if (o.id) ++stored;
                           }
                           if (failed) {
                               // Not committed: no acknowledgement, the device will send it again.
                               ctx.status.error(reader.config.name, failed->error);
                               ctx.log.say(conn->label(), "records not stored, not acknowledged: {}",
                                           failed->error);
                               return;
                           }
                           ctx.status.stored(reader.config.name, stored, resent, stored ? last : std::nullopt);
                           if (!acks.empty()) conn->send(joined(acks));
                       });
}

asio::awaitable<std::string> read_device(DeviceContext& ctx, ReaderRuntime& reader,
                                         std::shared_ptr<Connection> conn,
                                         std::shared_ptr<DeviceProtocol> parser) {
    std::array<char, 16 * 1024> buf;
    const auto key = budget_key(reader, conn);
    for (;;) {
        co_await ctx.journal.wait_for_room();
        // Its peer past its budget (on this connection or another): its bytes wait in the
        // socket, the sender is slowed. In slices, so a connection closed meanwhile (replaced,
        // shut down) ends promptly.
        for (auto owed = budget_of(ctx, reader).owed(key, steady_clock::now());
             owed > steady_clock::duration::zero() && conn->open() && !ctx.shutdown.stopping();
             owed = budget_of(ctx, reader).owed(key, steady_clock::now())) {
            asio::steady_timer pause(ctx.io, std::min<steady_clock::duration>(owed, milliseconds{500}));
            ctx.shutdown.sleeping(&pause);
            boost::system::error_code ec;
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            ctx.shutdown.awake(&pause);
        }
        if (!conn->open()) co_return conn->why_closed.empty() ? "closed" : conn->why_closed;
        if (ctx.shutdown.stopping()) co_return "service stopping";
        boost::system::error_code ec;
        const auto n = co_await conn->socket().async_read_some(
            asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (!conn->why_closed.empty()) co_return conn->why_closed;
            if (ec == asio::error::eof)
                co_return ctx.shutdown.stopping() ? "service stopping" : "closed by the device";
            if (ec == asio::error::operation_aborted || !conn->open()) co_return "closed";
            co_return ec.message();
        }
        conn->touch();
        conn->bytes_in += n;
        auto out = parser->feed(std::string_view(buf.data(), n), ctx.clock.now());
        const bool fatal = out.fatal.has_value();
        handle_output(ctx, reader, conn, std::move(out));
        if (fatal) co_return "line limit exceeded";
    }
}

asio::awaitable<void> watch_device(DeviceContext& ctx, ReaderRuntime& reader,
                                   std::shared_ptr<Connection> conn,
                                   std::shared_ptr<DeviceProtocol> parser, timing::Duration tick,
                                   timing::Duration idle) {
    for (;;) {
        boost::system::error_code ec;
        conn->watchdog().expires_after(tick);
        co_await conn->watchdog().async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (!conn->open() || ctx.shutdown.stopping()) co_return;
        const auto quiet = duration_cast<timing::Duration>(conn->quiet_for());
        if (quiet >= idle) {
            const auto why = fmt::format("nothing received for {:.1f} s (idle_timeout {:.1f} s): "
                                         "closing; the device reconnects",
                                         duration<double>(quiet).count(),
                                         duration<double>(idle).count());
            ctx.log.line(conn->label(), why);
            ctx.status.error(reader.config.name, why);
            conn->close();
            co_return;
        }
        if (quiet >= tick)
            handle_output(ctx, reader, conn, parser->keepalive(ctx.clock.now()));
    }
}

asio::awaitable<void> serve_device(DeviceContext& ctx, ReaderRuntime& reader,
                                   std::shared_ptr<Connection> conn) {
    const auto& cfg = reader.config;
    auto parser = make_parser(ctx.journal, reader);
    ctx.status.connected(cfg.name, conn->peer());
    ctx.log.say(conn->label(), "connected ({}, {} connection(s) open)", cfg.protocol, reader.active);
    handle_output(ctx, reader, conn, parser->start(ctx.clock.now()));
    if (parser->has_keepalive()) {
        // A keepalive a few times per idle period keeps a healthy device from timing out.
        const auto tick = std::clamp<timing::Duration>(cfg.idle_timeout / 3, milliseconds{100},
                                                       seconds{20});
        ctx.tasks.spawn(conn->label(), watch_device(ctx, reader, conn, parser, tick, cfg.idle_timeout));
    }
    std::string why;
    try {
        why = co_await read_device(ctx, reader, conn, parser);
    } catch (const std::exception& e) {
        why = fmt::format("error: {}", e.what());
        ctx.status.error(cfg.name, why);
    }
    co_await settle(conn);  // acknowledgements for what was received still go out
    conn->close_after_writes();
    ctx.status.disconnected(cfg.name, conn->peer());
    ctx.log.say(conn->label(), "disconnected: {}", why);
}

}  // namespace fl::ingest
