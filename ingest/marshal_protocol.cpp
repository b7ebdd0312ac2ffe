#include "ingest/marshal_protocol.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ingest/bibscan.hpp"
#include "ingest/parse_output.hpp"
#include "ingest/read_builder.hpp"
#include "timing/participant_fields.hpp"
#include "timing/text.hpp"

namespace fl::ingest {
namespace {

using Kind = MarshalCommand::Kind;

bool blank(char c) { return c == ' ' || c == '\t'; }

// The words from `first` on, joined by one space: a DQ reason or an EDIT assignment.
std::string rest_words(const std::vector<MarshalWord>& words, std::size_t first) {
    std::string out;
    for (std::size_t i = first; i < words.size(); ++i) {
        if (i > first) out += ' ';
        out += words[i].text;
    }
    return out;
}

std::optional<std::int64_t> parse_id(std::string_view t, char prefix) {
    if (!t.empty() && std::toupper(static_cast<unsigned char>(t[0])) == prefix) t.remove_prefix(1);
    const auto v = parse_int(t);
    if (!v || *v < 1) return std::nullopt;
    return v;
}

MarshalParse fail(std::string message) { return {std::nullopt, std::move(message)}; }
MarshalParse ok(MarshalCommand c) { return {std::move(c), {}}; }

MarshalParse need_bib(std::string_view t, MarshalCommand c, std::string_view usage) {
    if (!valid_bib(t)) return fail(fmt::format("\"{}\" is not a bib: usage {}", t, usage));
    c.bib = std::string(t);
    return ok(std::move(c));
}

}  // namespace

MarshalWords split_marshal_words(std::string_view line) {
    MarshalWords out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && blank(line[i])) ++i;
        if (i == line.size()) break;
        MarshalWord w;
        while (i < line.size() && !blank(line[i])) {
            if (line[i] != '"') {
                w.text += line[i++];
                continue;
            }
            w.quoted = true;
            const auto open = i++;
            for (;;) {
                if (i == line.size()) {
                    out.error = fmt::format(
                        "a quote is not closed in {}: close it with \" (inside quotes write "
                        "\\\" for a quote)",
                        printable(line.substr(open), 60));
                    return out;
                }
                const char ch = line[i++];
                if (ch == '"') break;
                if (ch == '\\' && i < line.size() && (line[i] == '"' || line[i] == '\\')) {
                    w.text += line[i++];
                    continue;
                }
                w.text += ch;
            }
        }
        out.words.push_back(std::move(w));
    }
    return out;
}

std::string marshal_word(std::string_view text) {
    const bool plain = !text.empty() &&
                       text.find_first_of(" \t\"") == std::string_view::npos &&
                       !timing::parse_time_of_day(text);
    if (plain) return std::string(text);
    std::string out = "\"";
    for (const char ch : text) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    out += '"';
    return out;
}

std::string_view marshal_help() {
    return "123 | 123 HH:MM:SS.fff          bib at receipt / with its finish time\n"
           "TAP | TAP HH:MM:SS.fff          a finish time without a bib\n"
           "START <event> [<wave>] [HH:MM:SS]  record a gun\n"
           "GUN <event> [<wave>] HH:MM:SS   correct a gun time\n"
           "Names with spaces: START \"Fun Run\" \"Wave 1\" (or unquoted: START Fun Run Wave 1,\n"
           "  the longest event name the words spell, then the wave); \\\" is a quote inside quotes\n"
           "UNDO E<id> | UNDO C<id>         undo an entry or a correction\n"
           "DQ <bib> <reason> | DNF <bib> | PREFER MANUAL <bib> | MOVE <bib> HH:MM:SS.fff\n"
           "ASSIGN <chip> <bib> | ASSIGN READ <read-id> <bib> | IGNORE <read-id>\n"
           "EDIT <bib> <field>=<value>      field: name gender age birthdate category team wave event\n"
           "DEADHEAT <bib> <bib>... | STATUS | HELP | QUIT | AUTH <token>";
}

bool constant_time_equal(std::string_view presented, std::string_view secret) {
    // Every byte of the secret is compared whatever the presented length or content.
    unsigned diff = presented.size() == secret.size() ? 0u : 1u;
    for (std::size_t i = 0; i < secret.size(); ++i) {
        const auto p = i < presented.size() ? static_cast<unsigned char>(presented[i]) : 0u;
        diff |= p ^ static_cast<unsigned char>(secret[i]);
    }
    return diff == 0;
}

MarshalParse parse_marshal_line(std::string_view line) {
    line = timing::trim(line);
    if (line.empty()) return {};
    if (std::any_of(line.begin(), line.end(), [](char ch) {
            const auto u = static_cast<unsigned char>(ch);
            return (u < 0x20 && u != '\t') || u == 0x7f;
        }))
        return fail(fmt::format("the line holds control characters: \"{}\"", printable(line, 60)));
    auto split = split_marshal_words(line);
    if (!split.error.empty()) return fail(std::move(split.error));
    const auto& words = split.words;
    std::vector<std::string_view> t;
    for (const auto& w : words) t.push_back(w.text);
    const auto word = timing::ascii_upper(t[0]);
    const auto n = t.size();
    MarshalCommand c;

    auto time_at = [&](std::size_t i) { return timing::parse_time_of_day(t[i]); };

    if (word == "AUTH") {
        if (n != 2) return fail("usage: AUTH <token>");
        c.kind = Kind::auth;
        c.text = std::string(t[1]);
        return ok(std::move(c));
    }
    if (word == "STATUS" || word == "HELP" || word == "QUIT") {
        if (n != 1) return fail(fmt::format("{} takes no arguments", word));
        c.kind = word == "STATUS" ? Kind::status : word == "HELP" ? Kind::help : Kind::quit;
        return ok(std::move(c));
    }
    if (word == "TAP") {
        c.kind = Kind::tap;
        if (n > 2) return fail("usage: TAP [HH:MM:SS.fff]");
        if (n == 2 && !(c.time_of_day = time_at(1)))
            return fail(fmt::format("\"{}\" is not a time: expected HH:MM:SS with an optional "
                                    "fraction, e.g. 10:15:03.250",
                                    t[1]));
        return ok(std::move(c));
    }
    if (word == "START" || word == "GUN") {
        c.kind = word == "START" ? Kind::start : Kind::gun;
        const auto usage = word == "START" ? "START <event> [<wave>] [HH:MM:SS]"
                                           : "GUN <event> [<wave>] HH:MM:SS";
        std::size_t last = n;
        if (n >= 3 && !words[n - 1].quoted && (c.time_of_day = time_at(n - 1))) last = n - 1;
        if (c.kind == Kind::gun && !c.time_of_day)
            return fail(fmt::format("GUN needs the gun time: usage {}", usage));
        if (last < 2) return fail(fmt::format("usage: {}", usage));
        c.names.assign(words.begin() + 1, words.begin() + static_cast<std::ptrdiff_t>(last));
        return ok(std::move(c));
    }
    if (word == "UNDO") {
        if (n != 2) return fail("usage: UNDO E<entry id> or UNDO C<correction id>");
        const auto prefix = std::toupper(static_cast<unsigned char>(t[1][0]));
        const auto id = prefix == 'E' || prefix == 'C' ? parse_id(t[1], static_cast<char>(prefix))
                                                       : std::nullopt;
        if (!id)
            return fail(fmt::format("\"{}\" is not an id: say UNDO E<n> for an entry or UNDO "
                                    "C<n> for a correction (as in the OK reply)",
                                    t[1]));
        c.kind = Kind::undo;
        c.id = *id;
        c.undo_entry = prefix == 'E';
        return ok(std::move(c));
    }
    if (word == "DQ") {
        if (n < 3) return fail("usage: DQ <bib> <reason>");
        c.kind = Kind::dq;
        c.text = rest_words(words, 2);
        if (timing::trim(c.text).empty()) return fail("a DQ needs its reason: usage DQ <bib> <reason>");
        return need_bib(t[1], std::move(c), "DQ <bib> <reason>");
    }
    if (word == "DNF") {
        if (n != 2) return fail("usage: DNF <bib>");
        c.kind = Kind::dnf;
        return need_bib(t[1], std::move(c), "DNF <bib>");
    }
    if (word == "PREFER") {
        if (n != 3 || timing::ascii_upper(t[1]) != "MANUAL") return fail("usage: PREFER MANUAL <bib>");
        c.kind = Kind::prefer_manual;
        return need_bib(t[2], std::move(c), "PREFER MANUAL <bib>");
    }
    if (word == "MOVE") {
        if (n != 3) return fail("usage: MOVE <bib> HH:MM:SS.fff");
        c.kind = Kind::move;
        if (!(c.time_of_day = time_at(2)))
            return fail(fmt::format("\"{}\" is not a time: usage MOVE <bib> HH:MM:SS.fff", t[2]));
        return need_bib(t[1], std::move(c), "MOVE <bib> HH:MM:SS.fff");
    }
    if (word == "ASSIGN") {
        if (n == 4 && timing::ascii_upper(t[1]) == "READ") {
            c.kind = Kind::assign_read;
            const auto id = parse_id(t[2], 'R');
            if (!id) return fail(fmt::format("\"{}\" is not a read id", t[2]));
            c.id = *id;
            return need_bib(t[3], std::move(c), "ASSIGN READ <read-id> <bib>");
        }
        if (n != 3) return fail("usage: ASSIGN <chip> <bib> or ASSIGN READ <read-id> <bib>");
        c.kind = Kind::assign_chip;
        c.chip = std::string(t[1]);
        return need_bib(t[2], std::move(c), "ASSIGN <chip> <bib>");
    }
    if (word == "IGNORE") {
        if (n != 2) return fail("usage: IGNORE <read-id>");
        const auto id = parse_id(t[1], 'R');
        if (!id) return fail(fmt::format("\"{}\" is not a read id", t[1]));
        c.kind = Kind::ignore;
        c.id = *id;
        return ok(std::move(c));
    }
    if (word == "EDIT") {
        const auto assignment_text = rest_words(words, 2);
        const std::string_view assignment = assignment_text;
        const auto eq = assignment.find('=');
        if (n < 3 || eq == std::string_view::npos)
            return fail("usage: EDIT <bib> <field>=<value>");
        const auto field = timing::trim(assignment.substr(0, eq));
        if (!timing::editable_field(field))
            return fail(fmt::format("cannot edit \"{}\": fields are {}", field,
                                    fmt::join(timing::editable_fields, ", ")));
        c.kind = Kind::edit;
        c.text = fmt::format("{}={}", field, timing::trim(assignment.substr(eq + 1)));
        return need_bib(t[1], std::move(c), "EDIT <bib> <field>=<value>");
    }
    if (word == "DEADHEAT") {
        if (n < 3) return fail("usage: DEADHEAT <bib> <bib>...");
        c.kind = Kind::deadheat;
        for (std::size_t i = 1; i < n; ++i) {
            if (!valid_bib(t[i])) return fail(fmt::format("\"{}\" is not a bib", t[i]));
            c.bibs.emplace_back(t[i]);
        }
        return ok(std::move(c));
    }
    // Anything else is a bib, optionally with its finish time.
    if (!valid_bib(t[0]) || n > 2) {
        return fail(fmt::format("\"{}\" is not a bib or a command: send a bib (123), a bib and a "
                                "time (123 10:15:03.250), TAP, START <event>, or HELP",
                                printable(line, 60)));
    }
    c.kind = Kind::bib;
    c.bib = std::string(t[0]);
    if (n == 2 && !(c.time_of_day = time_at(1)))
        return fail(fmt::format("\"{}\" is not a time: expected HH:MM:SS with an optional "
                                "fraction, e.g. 10:15:03.250",
                                t[1]));
    return ok(std::move(c));
}

}  // namespace fl::ingest
