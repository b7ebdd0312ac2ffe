// The marshal line protocol as a client would type it: lines are split as the marshal port
// splits them (checked against the line oracle under every chunking), parsed, and run through
// two sessions: a race without a token and one with a token (nothing may be stored before a
// successful AUTH). Every reply must be one protocol line (no smuggled second line), every
// stored record well formed.
#include <algorithm>
#include <chrono>

#include "fuzz/targets/line_oracle.hpp"
#include "fuzz/targets/race_setup.hpp"
#include "fuzz/targets/targets.hpp"
#include "fuzz/targets/violation.hpp"
#include "ingest/bibscan.hpp"
#include "ingest/marshal_protocol.hpp"
#include "ingest/marshal_session.hpp"
#include "ingest/parse_output.hpp"
#include "ingest/read_builder.hpp"
#include "timing/participant_fields.hpp"
#include "timing/text.hpp"

namespace fl::fuzz {
namespace {

using ingest::MarshalCommand;
using ingest::MarshalSession;
using Kind = MarshalCommand::Kind;
using Type = MarshalSession::Action::Type;

// Tabs separate tokens in this protocol and may stay inside a DQ reason or an EDIT value:
// every other control byte, and any line end above all, must never reach a reply.
bool has_control(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool needs_bib(Kind k) {
    return k == Kind::bib || k == Kind::dq || k == Kind::dnf || k == Kind::prefer_manual ||
           k == Kind::move || k == Kind::assign_chip || k == Kind::assign_read || k == Kind::edit;
}

void check_parse(std::string_view line, const ingest::MarshalParse& p) {
    const Shown shown{line};
    if (!p.command) {
        require(!p.error.empty() || timing::trim(line).empty(),
                "\"{}\": neither a command nor an error", shown);
        require(!has_control(p.error), "\"{}\": the error holds control bytes: {}", shown,
                Shown{p.error});
        return;
    }
    require(p.error.empty(), "\"{}\": a command and an error", shown);
    const auto& c = *p.command;
    if (needs_bib(c.kind)) require(ingest::valid_bib(c.bib), "\"{}\": invalid bib accepted", shown);
    if (c.time_of_day) {
        require(*c.time_of_day >= timing::Duration{0} && *c.time_of_day < std::chrono::hours{24},
                "\"{}\": time of day {} us", shown, c.time_of_day->count());
    }
    if (c.kind == Kind::deadheat) {
        require(c.bibs.size() >= 2 && std::all_of(c.bibs.begin(), c.bibs.end(), ingest::valid_bib),
                "\"{}\": a dead heat needs two or more valid bibs", shown);
    }
    if (c.kind == Kind::undo || c.kind == Kind::ignore || c.kind == Kind::assign_read)
        require(c.id >= 1, "\"{}\": id {}", shown, c.id);
    if (c.kind == Kind::gun) require(c.time_of_day.has_value(), "\"{}\": GUN without a time", shown);
    if (c.kind == Kind::start || c.kind == Kind::gun) require(!c.names.empty(), "\"{}\": no event", shown);
    if (c.kind == Kind::assign_chip) require(!c.chip.empty(), "\"{}\": ASSIGN without a chip", shown);
    if (c.kind == Kind::edit) {
        const auto eq = c.text.find('=');
        require(eq != std::string::npos && timing::editable_field(c.text.substr(0, eq)),
                "\"{}\": EDIT \"{}\" names no editable field", shown, Shown{c.text});
    }
}

// One reply as it goes over the wire: one line, except HELP (its lines, then "OK help").
void check_reply(std::string_view line, const std::string& reply, bool help) {
    require(!reply.empty(), "\"{}\": an empty reply", Shown{line});
    require(reply.find('\r') == std::string::npos, "\"{}\": the reply holds a CR", Shown{line});
    if (help) {
        require(reply.ends_with("\nOK help"), "HELP reply does not end with OK help");
        return;
    }
    require(!has_control(reply), "\"{}\": the reply \"{}\" holds a line end or control byte",
            Shown{line}, Shown{reply});
    require(reply.starts_with("OK") || reply.starts_with("ERR "), "\"{}\": reply \"{}\"",
            Shown{line}, Shown{reply});
}

void check_record(std::string_view line, const ingest::JournalRecord& record,
                  const ingest::MarshalCommand& c, const MarshalSession& session,
                  const RaceSetup& race) {
    const Shown shown{line};
    const auto time = c.time_of_day ? race.calendar.at_local(*c.time_of_day) : race.now;
    if (const auto* e = std::get_if<timing::NewEntry>(&record)) {
        require(e->source == session.who(), "\"{}\": entry source {}", shown, e->source);
        require(e->time == time, "\"{}\": entry time is not the stated time or receipt", shown);
        if (e->kind == timing::EntryKind::gun) {
            const bool known = std::any_of(race.config.events.begin(), race.config.events.end(),
                                           [&](const auto& ev) { return e->event_id == ev.id; });
            require(known, "\"{}\": a gun for an event not in the config", shown);
            if (e->wave_id) {
                const auto& ev = *std::find_if(race.config.events.begin(), race.config.events.end(),
                                               [&](const auto& x) { return e->event_id == x.id; });
                require(std::any_of(ev.waves.begin(), ev.waves.end(),
                                    [&](const auto& w) { return w.id == *e->wave_id; }),
                        "\"{}\": a gun for a wave of another event", shown);
            }
        } else if (e->kind == timing::EntryKind::tap) {
            require(e->bib.empty(), "\"{}\": a tap with a bib", shown);
        } else {
            require(ingest::valid_bib(e->bib), "\"{}\": entry with invalid bib", shown);
        }
        return;
    }
    const auto* k = std::get_if<timing::NewCorrection>(&record);
    require(k != nullptr, "\"{}\": a marshal line stored a read or clock sync", shown);
    require(k->who == session.who(), "\"{}\": correction by {}", shown, k->who);
    if (!k->bib.empty()) require(ingest::valid_bib(k->bib), "\"{}\": correction with invalid bib", shown);
    if (k->kind == timing::CorrectionKind::set_gun || k->kind == timing::CorrectionKind::move_finish)
        require(k->time == time, "\"{}\": correction time is not the stated time", shown);
}

struct Run {
    const RaceSetup& race;
    MarshalSession session;
    bool token;
    bool authenticated = false;
    bool closed = false;
};

}  // namespace

Outcome fuzz_marshal(Bytes data) {
    const auto bytes = as_text(data.data(), data.size());
    const auto expected = expected_lines(ingest::LineSplitter::Ends::cr_or_lf, ingest::max_line_bytes,
                                         bytes);
    check_line_splitter(ingest::LineSplitter::Ends::cr_or_lf, ingest::max_line_bytes,
                        chunkings(bytes), expected);

    Outcome outcome;
    outcome.fatal = expected.overflow;
    Run runs[] = {
        {device_race(), MarshalSession(device_race().config, "marshal fuzz", false), false},
        {token_race(), MarshalSession(token_race().config, "marshal fuzz", false), true},
    };
    for (const auto& line : expected.lines) {
        const auto parsed = ingest::parse_marshal_line(line);
        check_parse(line, parsed);
        if (timing::trim(line).empty()) continue;  // the port skips blank lines
        for (auto& run : runs) {
            if (run.closed) continue;
            const auto action = run.session.handle(line, run.race.now);
            const bool help = parsed.command && parsed.command->kind == Kind::help;
            switch (action.type) {
                case Type::ignore:
                    throw Violation(fmt::format("\"{}\": a non-blank line was ignored", Shown{line}));
                case Type::reply:
                case Type::quit:
                case Type::close:
                    check_reply(line, action.reply, help && !action.reply.starts_with("ERR"));
                    if (action.reply.starts_with("ERR")) ++outcome.refused;
                    if (action.reply == "OK authenticated") run.authenticated = true;
                    run.closed = action.type != Type::reply;
                    break;
                case Type::status:
                    break;
                case Type::store: {
                    require(parsed.command.has_value(), "\"{}\": stored a line that does not parse",
                            Shown{line});
                    require(!run.token || run.authenticated, "\"{}\": stored before AUTH",
                            Shown{line});
                    require(action.record.has_value() && !action.describe.empty() &&
                                !has_control(action.describe),
                            "\"{}\": a store without a record or with a bad description \"{}\"",
                            Shown{line}, Shown{action.describe});
                    check_record(line, *action.record, *parsed.command, run.session, run.race);
                    const auto reply = MarshalSession::reply_for(*action.record, {12, false, {}, {}},
                                                                 action.describe);
                    check_reply(line, reply, false);
                    ++outcome.records;
                    break;
                }
            }
            if (run.token && !run.authenticated && action.type == Type::reply && parsed.command &&
                parsed.command->kind != Kind::auth && parsed.command->kind != Kind::quit) {
                require(action.reply.starts_with("ERR authenticate first"),
                        "\"{}\": answered before AUTH: {}", Shown{line}, action.reply);
            }
        }
    }
    return outcome;
}

}  // namespace fl::fuzz
