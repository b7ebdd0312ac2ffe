#include "ingest/raceresult.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ingest/clock_offset.hpp"
#include "timing/text.hpp"

namespace fl::ingest {
namespace {

// Far beyond any decoder file (millions of passings), and small enough that the fetch
// arithmetic on it (number + 1, number + fetch size) cannot overflow.
constexpr std::int64_t max_passing_number = 1'000'000'000'000;

// "0000-00-NN": no real date, a day counter since the decoder started (GPS decoders count past
// 24 h). nullopt for anything else.
std::optional<std::int64_t> day_counter(std::string_view day) {
    if (day.substr(0, 5) != "0000-") return std::nullopt;
    const auto f = timing::split(day, '-');
    const auto n = f.size() == 3 ? parse_int(f[2]) : std::nullopt;
    if (!n || *n < 0 || *n > 31) return std::nullopt;
    return n;
}

}  // namespace

RaceResultParser::RaceResultParser(const ReadBuilder& builder,
                                   std::optional<std::int64_t> last_stored, int fetch_size)
    : builder_(builder), next_(last_stored ? *last_stored + 1 : 1), fetch_size_(fetch_size) {}

ParseOutput RaceResultParser::start(timing::Instant) {
    ParseOutput out;
    state_ = State::set_protocol;
    out.replies.emplace_back("SETPROTOCOL;2.0\r\n");
    return out;
}

ParseOutput RaceResultParser::keepalive(timing::Instant) {
    ParseOutput out;
    if (state_ == State::idle) ask_passings(out);
    return out;
}

ParseOutput RaceResultParser::feed(std::string_view bytes, timing::Instant now) {
    ParseOutput out;
    const bool ok = lines_.feed(bytes, [&](std::string_view text) { line(text, now, out); });
    if (!ok) {
        out.fatal = fmt::format("a line longer than {} bytes without CRLF: not a RACE RESULT "
                                "decoder, reconnecting",
                                lines_.max_bytes());
    }
    return out;
}

void RaceResultParser::ask_passings(ParseOutput& out) {
    state_ = State::passings;
    out.replies.emplace_back("PASSINGS\r\n");
}

std::optional<timing::Instant> RaceResultParser::decoder_time(std::string_view day,
                                                              std::string_view tod_text) const {
    const auto tod = timing::parse_time_of_day(tod_text);
    if (!tod) return std::nullopt;
    day = timing::trim(day);
    if (day.empty()) return builder_.at_time_of_day(*tod);
    if (day.substr(0, 5) == "0000-") {
        const auto n = day_counter(day);
        if (!n) return std::nullopt;
        if (*n == 0) return builder_.at_time_of_day(*tod);
        const date::year_month_day d{date::sys_days{builder_.calendar().race_date()} +
                                     date::days{*n}};
        return builder_.at_date(d, *tod);
    }
    const auto d = timing::parse_date(day);
    if (!d) return std::nullopt;
    return builder_.at_date(*d, *tod);
}

std::optional<timing::Duration> RaceResultParser::clock_offset(std::string_view day,
                                                               std::string_view tod_text,
                                                               timing::Instant ours) const {
    const auto tod = timing::parse_time_of_day(tod_text);
    if (!tod) return std::nullopt;
    day = timing::trim(day);
    if (day.empty() || day_counter(day)) {
        // No date (a day counter at most): only the times of day can be compared; the race
        // day is not today when passings are pulled after the race.
        return time_of_day_offset(local_time_of_day(builder_.calendar(), ours), *tod);
    }
    const auto d = timing::parse_date(day);
    if (!d) return std::nullopt;
    return ours - builder_.at_date(*d, *tod);
}

void RaceResultParser::line(std::string_view text, timing::Instant now, ParseOutput& out) {
    if (text.substr(0, 3) == "#P;") {  // a pushed passing (SETPUSHPASSINGS)
        passing_record(text.substr(3), now, out);
        return;
    }
    const auto f = timing::split(text, ';');
    const bool error = text.find("ERROR") != std::string_view::npos ||
                       (f.size() > 1 && f[1] == "ERR");
    switch (state_) {
        case State::set_protocol:
            if (error) out.device_errors.push_back(fmt::format("decoder: {}", printable(text)));
            else out.notes.push_back(fmt::format("decoder protocol: {}", printable(text)));
            state_ = State::get_time;
            asked_time_at_ = now;
            out.replies.emplace_back("GETTIME\r\n");
            return;
        case State::get_time: {
            // The decoder read its clock about half way through the round trip.
            const auto ours = asked_time_at_ + (now - asked_time_at_) / 2;
            std::optional<timing::Duration> offset;
            if (f.size() >= 3 && f[0] == "GETTIME") offset = clock_offset(f[1], f[2], ours);
            if (offset) {
                out.clock_syncs.push_back({builder_.reader().id, now, *offset});
                out.notes.push_back(fmt::format("decoder clock {} (offset {:+.3f} s)",
                                                printable(text),
                                                static_cast<double>(offset->count()) / 1e6));
                if (builder_.reader().clock_offset) {
                    out.notes.push_back(fmt::format(
                        "the config's clock_offset {} is applied instead of the measured one",
                        signed_offset_text(*builder_.reader().clock_offset)));
                } else if (auto warning = clock_offset_warning(builder_.reader().name, *offset)) {
                    out.notes.push_back("warning: " + std::move(*warning));
                }
            } else {
                out.device_errors.push_back(
                    fmt::format("cannot read the decoder clock from \"{}\": expected "
                                "GETTIME;<date>;HH:MM:SS.mmm",
                                printable(text)));
            }
            ask_passings(out);
            return;
        }
        case State::passings: {
            const auto count = f.size() >= 2 && f[0] == "PASSINGS" ? parse_int(f[1]) : std::nullopt;
            if (!count || *count < 0 || *count > max_passing_number) {
                out.device_errors.push_back(
                    fmt::format("unexpected answer to PASSINGS: \"{}\"", printable(text)));
                state_ = State::idle;
                out.idle = true;
                return;
            }
            decoder_count_ = *count;
            if (decoder_count_ < next_ - 1) {
                out.notes.push_back(fmt::format(
                    "the decoder holds {} passings but passing {} is already stored (a new "
                    "file?): fetching from 1, passings already stored are kept once",
                    decoder_count_, next_ - 1));
                next_ = 1;
            }
            if (decoder_count_ >= next_) {
                fetch_end_ = std::min(decoder_count_ + 1, next_ + fetch_size_);
                state_ = State::fetching;
                out.replies.push_back(fmt::format("{}:{}\r\n", next_, fetch_end_ - next_));
            } else {
                state_ = State::idle;
                out.idle = true;
            }
            return;
        }
        case State::fetching:
            if (text.empty()) {  // end of the records asked for
                if (decoder_count_ >= next_ && next_ < fetch_end_) {
                    // Fewer records than asked: ask for the count again before fetching.
                    ask_passings(out);
                } else if (decoder_count_ >= next_) {
                    fetch_end_ = std::min(decoder_count_ + 1, next_ + fetch_size_);
                    out.replies.push_back(fmt::format("{}:{}\r\n", next_, fetch_end_ - next_));
                } else {
                    state_ = State::idle;
                    out.idle = true;
                }
                return;
            }
            if (f.size() == 1 && text.find(':') != std::string_view::npos) return;  // an echo
            if (error) {
                out.device_errors.push_back(fmt::format("decoder: {}", printable(text)));
                return;
            }
            passing_record(text, now, out);
            return;
        case State::idle:
            if (!text.empty()) out.notes.push_back(fmt::format("decoder said {}", printable(text)));
            return;
    }
}

void RaceResultParser::passing_record(std::string_view text, timing::Instant now,
                                      ParseOutput& out) {
    // Protocol >= 1.6 has 20 fields; older ones fewer: read by position, tolerate short tails.
    const auto f = timing::split(text, ';');
    if (f.size() < 4) {
        out.malformed.push_back({fmt::format("a passing needs at least 4 fields "
                                             "(PassingNo;Transponder;Date;Time), got {}",
                                             f.size()),
                                 std::string(text)});
        return;
    }
    const auto no = parse_int(timing::trim(f[0]));
    if (!no || *no < 1 || *no > max_passing_number) {
        out.malformed.push_back({fmt::format("passing number \"{}\" is not a number from 1 to {}",
                                             printable(f[0]), max_passing_number),
                                 std::string(text)});
        return;
    }
    // Past this passing whatever it holds: a malformed one is stored as refused, not fetched
    // again and again.
    next_ = std::max(next_, *no + 1);
    const auto code = timing::trim(f[1]);
    if (code.empty()) {
        out.malformed.push_back({"the transponder field is empty", std::string(text)});
        return;
    }
    // Lines end CRLF, so a CR inside a field is line noise: a chip or location holding one would
    // break every line-based output that shows it (the marshal port, logs, exports).
    if (has_control(code) || (f.size() > 10 && has_control(f[10])) ||
        (f.size() > 16 && has_control(f[16]))) {
        out.malformed.push_back({"a control character (CR, NUL, ...) or a byte that is not "
                                 "UTF-8 inside the transponder or location field",
                                 std::string(text)});
        return;
    }
    ReadBuilder::Fields fields;
    fields.seq = *no;
    fields.chip = std::string(code);
    fields.device_time = decoder_time(f[2], f[3]);
    if (!fields.device_time) {
        out.notes.push_back(fmt::format("passing {} time \"{};{}\" unreadable: stored and flagged",
                                        *no, printable(f[2]), printable(f[3])));
    }
    if (f.size() > 5)
        if (const auto h = parse_int(timing::trim(f[5])); h && *h >= 0 && *h <= 1'000'000)
            fields.hits = static_cast<int>(*h);
    if (f.size() > 6)
        if (const auto r = parse_int(timing::trim(f[6]))) fields.rssi = static_cast<double>(*r);
    if (f.size() > 16 && !timing::trim(f[16]).empty()) {
        fields.location = std::string(timing::trim(f[16]));  // BoxName
    } else if (f.size() > 10 && !timing::trim(f[10]).empty()) {
        fields.location = std::string(timing::trim(f[10]));  // LoopID
    }
    out.reads.push_back(builder_.make(std::move(fields), text, now));
}

}  // namespace fl::ingest
