#include "fuzz/targets/device_stream.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "fuzz/targets/line_oracle.hpp"
#include "fuzz/targets/violation.hpp"
#include "ingest/parse_output.hpp"

namespace fl::fuzz {
namespace {

using ingest::ParseOutput;
using ingest::printable;

std::string full(std::string_view raw) { return printable(raw, std::string_view::npos); }
Shown shown(std::string_view raw) { return Shown{raw}; }

template <class T>
std::string opt(const std::optional<T>& v) {
    return v ? fmt::format("{}", *v) : std::string("-");
}

// Everything a parser said, one item per entry, so two runs compare as text and a difference
// can be shown. Raw bytes go in as they are (escaping them on every run costs more than the
// parsing); a difference is escaped when it is reported.
std::vector<std::string> describe(const ParseOutput& out) {
    std::vector<std::string> d;
    for (const auto& r : out.reads) {
        d.push_back(fmt::format(
            "read reader={} point={} kind={} chip={} device={} received={} rssi={} hits={} "
            "location={} seq={} flags={} raw={}",
            r.reader_id, opt(r.timing_point_id), timing::to_string(r.kind), r.chip,
            r.device_time ? fmt::format("{}", timing::to_micros(*r.device_time)) : "-",
            timing::to_micros(r.receive_time), opt(r.rssi), opt(r.hits), r.location,
            r.device_seq, r.flags, r.raw));
    }
    for (const auto& e : out.entries) {
        d.push_back(fmt::format("entry kind={} bib={} event={} wave={} time={} source={} seq={}",
                                timing::to_string(e.kind), e.bib, opt(e.event_id),
                                opt(e.wave_id), timing::to_micros(e.time), e.source,
                                opt(e.device_seq)));
    }
    for (const auto& s : out.clock_syncs) {
        d.push_back(fmt::format("clock reader={} measured={} offset={}", s.reader_id,
                                timing::to_micros(s.measured), s.offset.count()));
    }
    for (const auto& r : out.replies) d.push_back("reply " + r);
    for (const auto& a : out.acks) d.push_back("ack " + a);
    for (const auto& m : out.malformed) d.push_back(fmt::format("malformed {} | {}", m.reason, m.raw));
    for (const auto& n : out.notes) d.push_back("note " + n);
    for (const auto& e : out.device_errors) d.push_back("device error " + e);
    if (out.fatal) d.push_back("fatal " + *out.fatal);
    if (out.idle) d.push_back("idle");
    return d;
}

// One connection's life: greeting, the bytes in these chunks (stopping at a fatal answer, as
// the connection does), then one keepalive.
ParseOutput run(const ParserVariant& v, const std::vector<std::string_view>& chunks,
                timing::Instant now) {
    auto parser = v.make();
    ParseOutput out = parser->start(now);
    for (const auto chunk : chunks) {
        auto o = parser->feed(chunk, now);
        const bool fatal = o.fatal.has_value();
        out.append(std::move(o));
        if (fatal) return out;
    }
    out.append(parser->keepalive(now));
    return out;
}

bool has_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

// A reply must be exactly one protocol message: a device reads a second terminator as a
// second command.
void check_message(std::string_view what, std::string_view msg, std::string_view end) {
    require(msg.size() > end.size() && msg.ends_with(end), "{} \"{}\" does not end with \"{}\"",
            what, shown(msg), shown(end));
    const auto body = msg.substr(0, msg.size() - end.size());
    require(!has_control(body) && body.find(end) == std::string_view::npos,
            "{} \"{}\" holds a line end or control byte before its end", what, shown(msg));
}

void check_invariants(const ParseOutput& out, const StreamRules& rules, const ParserVariant& v,
                      const RaceSetup& race, bool expect_fatal) {
    const auto day_start = race.calendar.midnight() - std::chrono::hours{24};
    const auto day_end = race.calendar.midnight() + std::chrono::hours{48};
    for (const auto& r : out.reads) {
        const auto raw = shown(r.raw);
        require(r.reader_id == v.reader->id, "read for reader {} from reader {}: {}", r.reader_id,
                v.reader->id, raw);
        require(r.raw.size() <= rules.max_raw, "a read keeps {} raw bytes, over the {} limit",
                r.raw.size(), rules.max_raw);
        require(r.receive_time == race.now, "receive_time is not the time of receipt: {}", raw);
        require(r.device_seq >= 0, "negative device sequence {}: {}", r.device_seq, raw);
        require(((r.flags & timing::read_flag_bad_time) != 0) == !r.device_time,
                "bad_time flag {} but device_time {}: {}", r.flags, r.device_time.has_value(), raw);
        if (r.device_time) {
            const bool far = *r.device_time < day_start || *r.device_time >= day_end;
            require(((r.flags & timing::read_flag_impossible_time) != 0) == far,
                    "impossible_time flag {} for a time {} from the race day: {}", r.flags,
                    far ? "far" : "not far", raw);
        }
        require(((r.flags & timing::read_flag_unknown_location) != 0) == !r.timing_point_id,
                "unknown_location flag {} but timing point {}: {}", r.flags,
                r.timing_point_id.value_or(0), raw);
        if (r.timing_point_id) {
            require(std::any_of(race.config.timing_points.begin(), race.config.timing_points.end(),
                                [&](const auto& p) { return p.id == *r.timing_point_id; }),
                    "timing point {} is not in the config: {}", *r.timing_point_id, raw);
        }
        if (r.kind == timing::ReadKind::tag) {
            require(!r.chip.empty(), "a tag read without a chip: {}", raw);
        } else {
            require(r.chip.empty(), "a {} marker carries chip \"{}\": {}", timing::to_string(r.kind),
                    shown(r.chip), raw);
        }
        // Chips and locations are shown line by line (marshal port, logs, exports): a control
        // byte in one, a line end above all, makes the record malformed instead.
        require(!has_control(r.chip) && !has_control(r.location),
                "a chip or location holds a control byte: {}", raw);
        if (r.hits) require(*r.hits >= 0, "negative hits {}: {}", *r.hits, raw);
    }
    for (const auto& m : out.malformed) {
        require(!m.reason.empty(), "a malformed record without a reason: {}", shown(m.raw));
        require(!has_control(m.reason), "a malformed reason holds control bytes: {}", shown(m.reason));
        require(m.raw.size() <= rules.max_bytes, "a malformed record keeps {} bytes, over {}",
                m.raw.size(), rules.max_bytes);
    }
    for (const auto& r : out.replies) check_message("reply", r, rules.reply_end);
    for (const auto& a : out.acks) check_message("ack", a, rules.reply_end);
    for (const auto& n : out.notes) require(!has_control(n), "a log note holds control bytes: {}", shown(n));
    for (const auto& e : out.device_errors)
        require(!has_control(e), "a device error holds control bytes: {}", shown(e));
    require(out.fatal.has_value() == expect_fatal, "{}: fatal \"{}\" where the line limit says {}",
            v.label, out.fatal.value_or("-"), expect_fatal ? "fatal" : "not fatal");
}

}  // namespace

Outcome fuzz_device_stream(std::string_view bytes, const StreamRules& rules,
                           const std::vector<ParserVariant>& variants, const RaceSetup& race) {
    const auto plans = chunkings(bytes);
    const auto expected = expected_lines(rules.ends, rules.max_bytes, bytes);
    check_line_splitter(rules.ends, rules.max_bytes, plans, expected);

    Outcome outcome;
    for (const auto& v : variants) {
        const auto whole = run(v, plans.front(), race.now);
        check_invariants(whole, rules, v, race, expected.overflow);
        const auto want = describe(whole);
        for (std::size_t p = 1; p < plans.size(); ++p) {
            const auto got = describe(run(v, plans[p], race.now));
            const auto [a, b] = std::mismatch(want.begin(), want.end(), got.begin(), got.end());
            require(a == want.end() && b == got.end(),
                    "{}: the output depends on how the bytes were split (chunking {}, {} chunks):\n"
                    "  whole:   {}\n  chunked: {}",
                    v.label, p, plans[p].size(), a == want.end() ? "(nothing)" : full(*a),
                    b == got.end() ? "(nothing)" : full(*b));
        }
        outcome.records += whole.reads.size() + whole.entries.size() + whole.clock_syncs.size();
        outcome.refused += whole.malformed.size();
        outcome.fatal = outcome.fatal || whole.fatal.has_value();
    }
    return outcome;
}

}  // namespace fl::fuzz
