#include "ingest/marshal_session.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ingest/parse_output.hpp"
#include "ingest/read_builder.hpp"
#include "timing/participant_fields.hpp"
#include "timing/text.hpp"
#include "timing/text_encoding.hpp"

namespace fl::ingest {
namespace {

using Kind = MarshalCommand::Kind;
using Action = MarshalSession::Action;

Action reply(std::string text) { return {Action::Type::reply, std::move(text), std::nullopt, {}}; }
Action refuse(std::string why) { return reply("ERR " + why); }
Action store(JournalRecord r, std::string describe) {
    return {Action::Type::store, {}, std::move(r), std::move(describe)};
}

// Why an EDIT's "field=value" cannot be stored: the field's rule, the one import applies
// (participant_fields), or "" when it can.
std::string edit_problem(std::string_view data, const timing::RaceConfig& race) {
    const auto eq = data.find('=');
    const auto field = timing::parse_field(data.substr(0, eq));
    if (eq == std::string_view::npos || !field) return {};  // the parser has said what EDIT takes
    return timing::field_problem(*field, data.substr(eq + 1), race.date);
}

// Words [from, to) as typed, without their quotes, joined with a space (for an answer).
std::string joined(const std::vector<MarshalWord>& words, std::size_t from, std::size_t to) {
    std::string out;
    for (auto i = from; i < to; ++i) out += (i > from ? " " : "") + words[i].text;
    return out;
}

// Words [from, to) as one name: a quoted word stands alone, unquoted words join with a space.
std::optional<std::string> name_of(const std::vector<MarshalWord>& words, std::size_t from,
                                   std::size_t to) {
    if (to - from > 1 &&
        std::any_of(words.begin() + static_cast<std::ptrdiff_t>(from),
                    words.begin() + static_cast<std::ptrdiff_t>(to),
                    [](const auto& w) { return w.quoted; }))
        return std::nullopt;
    return joined(words, from, to);
}

// What the words offer as an event name when none matched: a quoted first word, else the
// unquoted words up to the first quoted one.
std::string first_name(const std::vector<MarshalWord>& words) {
    if (words.front().quoted) return words.front().text;
    std::size_t end = 1;
    while (end < words.size() && !words[end].quoted) ++end;
    return *name_of(words, 0, end);
}

// Names as a marshal types them, for "events are ..." in an answer.
template <class Items>
std::string typed_names(const Items& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(marshal_word(i.name));
    return fmt::format("{}", fmt::join(out, ", "));
}

}  // namespace

MarshalSession::MarshalSession(const timing::RaceConfig& race, std::string who, bool authenticated)
    : race_(race), calendar_(race.calendar()), who_(std::move(who)),
      authenticated_(authenticated || !race.marshal.token) {}

void MarshalSession::limit_auth(AuthFailures& failures, std::string address) {
    auth_failures_ = &failures;
    address_ = std::move(address);
}

std::string MarshalSession::loggable(std::string_view line, std::string_view reply) const {
    const auto first = timing::trim(line).substr(0, timing::trim(line).find_first_of(" \t"));
    if (authenticated_ && !timing::iequals(first, "AUTH")) return fmt::format("{} -> {}", printable(line), reply);
    // Replies quote the offending text after a '"': that part may hold the token.
    const auto quote = reply.find('"');
    return fmt::format("({} not logged) -> {}{}", timing::iequals(first, "AUTH") ? "AUTH line" : "line before AUTH",
                       reply.substr(0, quote), quote == std::string_view::npos ? "" : "(quote not logged)");
}

const timing::EventConfig* MarshalSession::find_event(std::string_view name) const {
    if (const auto* e = race_.find_event(name)) return e;
    for (const auto& e : race_.events)
        if (timing::iequals(e.name, name)) return &e;
    return nullptr;
}

// The longest event name the words spell, then the rest as one of its waves; a shorter event
// name is tried when the rest names no wave of the longer one.
MarshalSession::Start MarshalSession::find_start(const std::vector<MarshalWord>& names) const {
    const timing::EventConfig* longest = nullptr;
    std::string unknown_wave;
    for (auto k = names.size(); k >= 1; --k) {
        const auto event_name = name_of(names, 0, k);
        const auto* event = event_name ? find_event(*event_name) : nullptr;
        if (!event) continue;
        if (k == names.size()) return {event, nullptr, {}};
        const auto wave_name = name_of(names, k, names.size());
        if (wave_name) {
            const auto it = std::find_if(event->waves.begin(), event->waves.end(),
                                         [&](const auto& w) { return timing::iequals(w.name, *wave_name); });
            if (it != event->waves.end()) return {event, &*it, {}};
        }
        if (!longest) {
            longest = event;
            unknown_wave = joined(names, k, names.size());
        }
    }
    if (!longest) {
        return {nullptr, nullptr,
                fmt::format("no event \"{}\": events are {}", first_name(names),
                            typed_names(race_.events))};
    }
    if (longest->waves.empty())
        return {nullptr, nullptr, fmt::format("event {} has no waves", marshal_word(longest->name))};
    return {nullptr, nullptr,
            fmt::format("event {} has no wave \"{}\": waves are {}", marshal_word(longest->name),
                        unknown_wave, typed_names(longest->waves))};
}

Action MarshalSession::handle(std::string_view line, timing::Instant now) {
    auto parsed = parse_marshal_line(line);
    if (!parsed.command) {
        if (parsed.error.empty()) return {};
        return refuse(parsed.error);
    }
    const auto& c = *parsed.command;
    if (c.kind == Kind::quit) return {Action::Type::quit, "OK bye", std::nullopt, {}};
    if (c.kind == Kind::auth) {
        if (!race_.marshal.token) return reply("OK authenticated (this race has no marshal token)");
        const auto now_steady = AuthFailures::Clock::now();
        if (auth_failures_) {
            if (const auto wait = auth_failures_->blocked(address_, now_steady)) {
                const auto seconds = std::chrono::ceil<std::chrono::seconds>(*wait).count();
                return {Action::Type::close,
                        fmt::format("ERR too many wrong tokens from {}: wait {} s, then check "
                                    "[marshal] token in the race config",
                                    address_, seconds),
                        std::nullopt,
                        {}};
            }
        }
        if (constant_time_equal(c.text, *race_.marshal.token)) {
            authenticated_ = true;
            failed_auth_ = 0;
            if (auth_failures_) auth_failures_->succeeded(address_);
            return reply("OK authenticated");
        }
        if (auth_failures_) auth_failures_->failed(address_, now_steady);
        if (++failed_auth_ >= max_failed_auth) {
            return {Action::Type::close,
                    fmt::format("ERR wrong token {} times: closing the connection", failed_auth_),
                    std::nullopt,
                    {}};
        }
        return refuse("wrong token: check [marshal] token in the race config");
    }
    if (!authenticated_) return refuse("authenticate first: send AUTH <token>");
    // Names, reasons and edits go into the race file as they are: text that is not UTF-8 would
    // break every export and screen that shows it.
    if (const auto why = timing::utf8_problem(line); !why.empty())
        return refuse(fmt::format("the line is not UTF-8 ({}): send text as UTF-8", why));
    return command(c, now);
}

Action MarshalSession::command(const MarshalCommand& c, timing::Instant now) {
    const auto at = [&](const std::optional<timing::Duration>& tod) {
        return tod ? calendar_.at_local(*tod) : now;
    };
    timing::NewCorrection k;
    k.who = who_;
    switch (c.kind) {
        case Kind::status: return {Action::Type::status, {}, std::nullopt, {}};
        case Kind::help: return reply(fmt::format("{}\nOK help", marshal_help()));
        case Kind::bib:
        case Kind::tap: {
            timing::NewEntry e;
            e.kind = c.kind == Kind::tap ? timing::EntryKind::tap
                     : c.time_of_day     ? timing::EntryKind::finish
                                         : timing::EntryKind::scan;
            e.bib = c.bib;
            e.time = at(c.time_of_day);
            e.source = who_;
            auto describe = c.kind == Kind::tap
                                ? fmt::format("tap {}", local(e.time))
                                : fmt::format("{} {} {}", timing::to_string(e.kind), e.bib, local(e.time));
            return store(std::move(e), std::move(describe));
        }
        case Kind::start:
        case Kind::gun: {
            const auto found = find_start(c.names);
            if (!found.event) return refuse(found.error);
            const auto* event = found.event;
            const std::optional<std::int64_t> wave_id =
                found.wave ? std::optional(found.wave->id) : std::nullopt;
            const auto wave_name = found.wave ? " " + marshal_word(found.wave->name) : std::string();
            const auto t = at(c.time_of_day);
            auto describe = fmt::format("{} {}{} {}", c.kind == Kind::start ? "gun" : "set_gun",
                                        marshal_word(event->name), wave_name, local(t));
            if (c.kind == Kind::start) {
                timing::NewEntry e;
                e.kind = timing::EntryKind::gun;
                e.event_id = event->id;
                e.wave_id = wave_id;
                e.time = t;
                e.source = who_;
                return store(std::move(e), std::move(describe));
            }
            k.kind = timing::CorrectionKind::set_gun;
            k.event_id = event->id;
            k.wave_id = wave_id;
            k.time = t;
            return store(std::move(k), std::move(describe));
        }
        case Kind::undo:
            k.kind = timing::CorrectionKind::undo;
            (c.undo_entry ? k.entry_id : k.target_id) = c.id;
            return store(std::move(k), fmt::format("undo {}{}", c.undo_entry ? 'E' : 'C', c.id));
        case Kind::dq:
            k.kind = timing::CorrectionKind::dq;
            k.bib = c.bib;
            k.reason = c.text;
            return store(std::move(k), fmt::format("dq {} {}", c.bib, c.text));
        case Kind::dnf:
            k.kind = timing::CorrectionKind::dnf;
            k.bib = c.bib;
            return store(std::move(k), fmt::format("dnf {}", c.bib));
        case Kind::prefer_manual:
            k.kind = timing::CorrectionKind::prefer_manual;
            k.bib = c.bib;
            return store(std::move(k), fmt::format("prefer_manual {}", c.bib));
        case Kind::move:
            k.kind = timing::CorrectionKind::move_finish;
            k.bib = c.bib;
            k.time = at(c.time_of_day);
            return store(std::move(k), fmt::format("move_finish {} {}", c.bib, local(*k.time)));
        case Kind::assign_chip:
            if (auto why = timing::field_problem(timing::Field::chip, c.chip, race_.date); !why.empty())
                return refuse(why);
            k.kind = timing::CorrectionKind::assign_chip;
            k.chip = c.chip;
            k.bib = c.bib;
            return store(std::move(k), fmt::format("assign_chip {} {}", c.chip, c.bib));
        case Kind::assign_read:
            k.kind = timing::CorrectionKind::assign_read;
            k.read_id = c.id;
            k.bib = c.bib;
            return store(std::move(k), fmt::format("assign_read R{} {}", c.id, c.bib));
        case Kind::ignore:
            k.kind = timing::CorrectionKind::ignore_read;
            k.read_id = c.id;
            return store(std::move(k), fmt::format("ignore_read R{}", c.id));
        case Kind::edit:
            if (auto why = edit_problem(c.text, race_); !why.empty()) return refuse(why);
            if (c.text.starts_with("event=")) {
                const auto* event = find_event(std::string_view(c.text).substr(6));
                if (!event) {
                    std::vector<std::string_view> names;
                    for (const auto& e : race_.events) names.push_back(e.name);
                    return refuse(fmt::format("unknown event '{}': expected one of {}",
                                              c.text.substr(6), fmt::join(names, ", ")));
                }
                k.data = "event=" + event->name;  // scoring matches the config's spelling
            } else {
                k.data = c.text;
            }
            k.kind = timing::CorrectionKind::edit_participant;
            k.bib = c.bib;
            return store(std::move(k), fmt::format("edit {} {}", c.bib, k.data));
        case Kind::deadheat:
            k.kind = timing::CorrectionKind::dead_heat;
            k.data = fmt::format("{}", fmt::join(c.bibs, " "));
            return store(std::move(k), fmt::format("dead_heat {}", k.data));
        case Kind::auth:
        case Kind::quit:
            break;  // handled before
    }
    return refuse("internal: unhandled command");
}

std::string MarshalSession::reply_for(const JournalRecord& record, const RecordOutcome& outcome,
                                      std::string_view describe) {
    if (!outcome.error.empty()) return "ERR " + outcome.error;
    const char prefix = std::holds_alternative<timing::NewCorrection>(record) ? 'C' : 'E';
    if (!outcome.id) return fmt::format("OK {}? {} (already stored)", prefix, describe);
    if (!outcome.note.empty())
        return fmt::format("OK {}{} {} ({})", prefix, *outcome.id, describe, outcome.note);
    return fmt::format("OK {}{} {}", prefix, *outcome.id, describe);
}

}  // namespace fl::ingest
