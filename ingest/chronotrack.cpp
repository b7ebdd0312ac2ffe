#include "ingest/chronotrack.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "timing/text.hpp"

namespace fl::ingest {
namespace {

using namespace std::chrono;

constexpr std::string_view our_name = "FinishLine";
constexpr std::string_view our_version = "0.1";

bool all_digits(std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    return timing::iequals(text.substr(0, prefix.size()), prefix);
}

}  // namespace

std::optional<timing::Instant> parse_chronotrack_time(std::string_view t,
                                                      const ReadBuilder& builder) {
    t = timing::trim(t);
    if (const auto tpos = t.find('T'); tpos != std::string_view::npos) {  // iso
        auto day = timing::parse_date(t.substr(0, tpos));
        auto tod = timing::parse_time_of_day(t.substr(tpos + 1));
        if (!day || !tod) return std::nullopt;
        return builder.at_date(*day, *tod);
    }
    if (t.find(':') != std::string_view::npos) {  // normal
        auto tod = timing::parse_time_of_day(t);
        if (!tod) return std::nullopt;
        return builder.at_time_of_day(*tod);
    }
    const auto dot = t.find('.');
    const auto whole = t.substr(0, dot);
    if (!all_digits(whole) || whole.size() > 12) return std::nullopt;
    const auto value = *parse_int(whole);
    if (dot == std::string_view::npos && value < 86'400'000) {  // msecs since midnight
        return builder.at_time_of_day(milliseconds{value});
    }
    // Unix seconds (UTC), with an optional fraction.
    std::int64_t us = 0;
    if (dot != std::string_view::npos) {
        const auto frac = t.substr(dot + 1);
        if (!all_digits(frac) || frac.size() > 9) return std::nullopt;
        for (std::size_t i = 0; i < 6; ++i) us = us * 10 + (i < frac.size() ? frac[i] - '0' : 0);
    }
    return timing::Instant{seconds{value} + microseconds{us}};
}

ChronoTrackParser::ChronoTrackParser(const ReadBuilder& builder,
                                     std::map<std::string, std::int64_t> resume)
    : builder_(builder), resume_(std::move(resume)) {}

ParseOutput ChronoTrackParser::start(timing::Instant) {
    // Our greeting goes out at once: a device that greets first reads it as the answer to its
    // own, one that waits for us gets it straight away.
    const bool single = builder_.reader().locations.empty();
    const std::vector<std::string> settings{
        "stream-mode=push",  "time-format=normal",   "guntimes=true",
        "newlocations=true", "connection-id=false",
        single ? "location=single" : "location=multiple"};
    ParseOutput out;
    out.replies.push_back(fmt::format("{}~{}~{}\r\n", our_name, our_version, settings.size()));
    for (const auto& s : settings) out.replies.push_back(s + "\r\n");
    return out;
}

ParseOutput ChronoTrackParser::keepalive(timing::Instant) {
    ParseOutput out;
    out.replies.emplace_back("ping\r\n");
    return out;
}

ParseOutput ChronoTrackParser::feed(std::string_view bytes, timing::Instant now) {
    ParseOutput out;
    const bool ok = lines_.feed(bytes, [&](std::string_view text) { line(text, now, out); });
    if (!ok) {
        out.fatal = fmt::format("a line longer than {} bytes without a line end: not a "
                                "ChronoTrack device, closing",
                                lines_.max_bytes());
    }
    return out;
}

void ChronoTrackParser::send_start(ParseOutput& out) {
    if (started_) return;
    started_ = true;
    std::map<std::string, std::optional<std::int64_t>> points;
    for (const auto& [location, seq] : resume_) points[location] = seq;
    for (const auto& [location, point] : builder_.reader().locations) points.try_emplace(location);
    if (points.empty()) {
        out.replies.emplace_back("start\r\n");
        return;
    }
    for (const auto& [location, seq] : points) {
        if (seq) {
            // Resending the last stored read is harmless (stored once); skipping one is not.
            out.replies.push_back(fmt::format("start~{}~{}\r\n", location, *seq));
            out.notes.push_back(fmt::format("resuming location {} from sequence {}", location, *seq));
        } else {
            // Nothing stored from it yet: from its first read, so that what the controller
            // recorded before we ever connected is fetched too (plain `start~loc` may mean
            // "from now on" to a controller).
            out.replies.push_back(fmt::format("start~{}~1\r\n", location));
        }
    }
}

void ChronoTrackParser::line(std::string_view text, timing::Instant now, ParseOutput& out) {
    if (starts_with_ci(text, "ct01_")) {
        const char sep = text.find('~') != std::string_view::npos ? '~' : ',';
        tag_read(text, sep, now, out);
        return;
    }
    if (text.find('=') != std::string_view::npos && text.find('~') == std::string_view::npos) {
        out.notes.push_back(fmt::format("device setting {}", printable(text)));
        if (settings_expected_ > 0 && --settings_expected_ == 0) send_start(out);
        return;
    }
    const auto f = timing::split(text, '~');
    if (f[0] == "ack") {
        if (f.size() >= 2 && f[1] == "ping") return;  // keepalive answer; activity is enough
        out.notes.push_back(fmt::format("device: {}", printable(text)));
        return;
    }
    if (f[0] == "err") {
        out.device_errors.push_back(fmt::format("device error: {}", printable(text)));
        return;
    }
    if (f.size() == 3 && !f[0].empty() && !greeted_) {
        greeted_ = true;
        out.notes.push_back(fmt::format("device greeting {}", printable(text)));
        if (const auto n = parse_int(f[2]); n && *n > 0) {
            settings_expected_ = static_cast<int>(std::min<std::int64_t>(*n, 64));
        } else {
            send_start(out);
        }
        return;
    }
    out.malformed.push_back({"not a ChronoTrack line: expected CT01_33~seq~location~tag~time~..., "
                             "ack~..., err~... or a greeting name~version~CTP01",
                             std::string(text)});
}

void ChronoTrackParser::tag_read(std::string_view text, char sep, timing::Instant now,
                                 ParseOutput& out) {
    const auto f = timing::split(text, sep);
    if (f.size() < 5) {
        out.malformed.push_back({fmt::format("a tag read needs at least 5 fields "
                                             "(CT01_33{0}seq{0}location{0}tag{0}time), got {1}",
                                             sep, f.size()),
                                 std::string(text)});
        return;
    }
    const auto seq = parse_int(timing::trim(f[1]));
    if (!seq || *seq < 0) {
        out.malformed.push_back({fmt::format("sequence \"{}\" is not a number", printable(f[1])),
                                 std::string(text)});
        return;
    }
    const auto tag = timing::trim(f[3]);
    if (tag.empty()) {
        out.malformed.push_back({"the tag field is empty", std::string(text)});
        return;
    }
    if (has_control(tag) || has_control(f[2])) {
        out.malformed.push_back({"a control character or a byte that is not UTF-8 inside the "
                                 "tag or location field",
                                 std::string(text)});
        return;
    }
    ReadBuilder::Fields fields;
    fields.seq = *seq;
    fields.location = std::string(timing::trim(f[2]));
    if (tag == "guntime") {
        fields.kind = timing::ReadKind::gun;
    } else if (tag == "newlocation") {
        fields.kind = timing::ReadKind::marker;
    } else {
        fields.chip = std::string(tag);
    }
    fields.device_time = parse_chronotrack_time(f[4], builder_);
    if (!fields.device_time) {
        out.notes.push_back(fmt::format("time \"{}\" unreadable: read {} stored and flagged",
                                        printable(f[4]), *seq));
    }
    // Whatever was sent in the handshake, a device that streams reads is started.
    started_ = true;
    out.reads.push_back(builder_.make(std::move(fields), text, now));
}

}  // namespace fl::ingest
