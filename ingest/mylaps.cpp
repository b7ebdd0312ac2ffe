#include "ingest/mylaps.hpp"

#include <fmt/format.h>

#include "ingest/record_hash.hpp"
#include "timing/text.hpp"

namespace fl::ingest {
namespace {

// utc= beyond ±10^15 ms (±31,000 years) is not a time.
constexpr std::int64_t max_utc_ms = 1'000'000'000'000'000;

// YYMMDD → a date in 2000-2099.
std::optional<date::year_month_day> parse_yymmdd(std::string_view t) {
    if (t.size() != 6) return std::nullopt;
    const auto v = parse_int(t);
    if (!v || *v < 0) return std::nullopt;
    const date::year_month_day d{date::year{2000 + static_cast<int>(*v / 10000)},
                                 date::month{static_cast<unsigned>(*v / 100 % 100)},
                                 date::day{static_cast<unsigned>(*v % 100)}};
    if (!d.ok()) return std::nullopt;
    return d;
}

}  // namespace

MylapsParser::MylapsParser(const ReadBuilder& builder, std::string our_name)
    : builder_(builder), name_(std::move(our_name)) {}

ParseOutput MylapsParser::feed(std::string_view bytes, timing::Instant now) {
    ParseOutput out;
    const bool ok = records_.feed(bytes, [&](std::string_view text) { message(text, now, out); });
    if (!ok) {
        out.fatal = fmt::format("a message longer than {} bytes without its closing '$': not a "
                                "MYLAPS exchange, closing",
                                records_.max_bytes());
    }
    return out;
}

void MylapsParser::message(std::string_view text, timing::Instant now, ParseOutput& out) {
    if (text.empty()) return;
    auto f = timing::split(text, '@');
    // "<location>@Pong@" splits into a trailing empty field.
    if (f.size() > 1 && f.back().empty()) f.pop_back();
    if (f.size() < 2) {
        out.malformed.push_back({"expected <location>@<type>@...@$", std::string(text)});
        return;
    }
    const auto location = f[0];
    const auto type = f[1];
    if (type == "Pong") {
        out.notes.push_back(fmt::format("device greeting from location {}", printable(location)));
        out.replies.push_back(fmt::format("{}@AckPong@Version2.1@$", name_));
        return;
    }
    if (type == "Ping") {
        out.replies.push_back(fmt::format("{}@AckPing@$", name_));
        return;
    }
    if (type == "Passing" || type == "Marker") {
        if (f.size() < 3) {
            out.malformed.push_back({"a Passing message needs a message number before '$'",
                                     std::string(text)});
            return;
        }
        const auto msg_no = f.back();
        if (!parse_int(msg_no)) {
            out.malformed.push_back({fmt::format("message number \"{}\" is not a number",
                                                 printable(msg_no)),
                                     std::string(text)});
            return;
        }
        for (std::size_t i = 2; i + 1 < f.size(); ++i) passing(location, f[i], now, out);
        // Acknowledged even when a passing in it was malformed (stored as refused, before the
        // acknowledgement): otherwise the device would resend the message for ever.
        out.acks.push_back(fmt::format("{}@AckPassing@{}@$", name_, msg_no));
        return;
    }
    out.notes.push_back(fmt::format("ignored a {} message: {}", printable(type), printable(text)));
}

void MylapsParser::passing(std::string_view location, std::string_view record, timing::Instant now,
                           ParseOutput& out) {
    std::string_view chip, time, day, utc, hits, marker;
    for (const auto kv : timing::split(record, '|')) {
        const auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        const auto key = kv.substr(0, eq);
        const auto value = kv.substr(eq + 1);
        if (key == "c") chip = value;
        else if (key == "t") time = value;
        else if (key == "d") day = value;
        else if (key == "utc") utc = value;
        else if (key == "h") hits = value;
        else if (key == "mt") marker = value;
    }
    ReadBuilder::Fields fields;
    // Markers carry the location too: checked before the kind is decided.
    if (has_control(chip) || has_control(location)) {
        out.malformed.push_back({"a control character or a byte that is not UTF-8 inside the "
                                 "chip or location",
                                 fmt::format("{}@{}", location, record)});
        return;
    }
    if (marker == "Gunshot") {
        fields.kind = timing::ReadKind::gun;
    } else if (!marker.empty()) {
        fields.kind = timing::ReadKind::marker;
    } else if (chip.empty()) {
        out.malformed.push_back({"a passing without a chip (c=...) or marker (mt=...)",
                                 fmt::format("{}@{}", location, record)});
        return;
    } else {
        fields.chip = std::string(chip);
    }
    if (!time.empty()) {
        if (const auto tod = timing::parse_time_of_day(time)) {
            if (const auto d = parse_yymmdd(day))
                fields.device_time = builder_.at_date(*d, *tod);
            else
                fields.device_time = builder_.at_time_of_day(*tod);
        }
    } else if (const auto ms = parse_int(utc); ms && *ms > -max_utc_ms && *ms < max_utc_ms) {
        // Bounded so the conversion to microseconds (and a clock offset on top) cannot
        // overflow; a time beyond it is unreadable, and the read is stored flagged.
        fields.device_time = timing::Instant{std::chrono::milliseconds{*ms}};
    }
    if (!fields.device_time) {
        out.notes.push_back(fmt::format("passing time unreadable (t=\"{}\"): stored and flagged",
                                        printable(time)));
    }
    if (const auto h = parse_int(hits); h && *h >= 0 && *h <= 1'000'000) fields.hits = static_cast<int>(*h);
    fields.location = std::string(location);
    // The same passing resent in a later message (new message number) is still the same
    // record: the key covers the location and the passing, not the message.
    const auto raw = fmt::format("{}@{}", location, record);
    fields.seq = record_hash(raw);
    out.reads.push_back(builder_.make(std::move(fields), raw, now));
}

}  // namespace fl::ingest
