#pragma once
// The marshal line protocol (marshal consoles, the GUI, scripts): one command per line, each
// answered "OK <id> ..." once committed or "ERR <reason>". Parsing only: no I/O, no state.
//
// Words are separated by spaces or tabs. A name holding spaces is written in double quotes
// ("Fun Run"); inside quotes \" is a quote and \\ a backslash. A quote may start anywhere in
// a word (name="Zoë Quinn"). Unquoted, START/GUN take the longest configured event name the
// words spell, then a wave (marshal_session.cpp); a DQ reason and an EDIT value are the rest of
// the line, its words joined by one space.
//
//   123 | 123 10:15:03.250         bib scan at receipt / finish at the stated local time
//   TAP | TAP 10:15:03.250         a finish time without a bib
//   START <event> [<wave>] [<time>]  a gun (an unquoted last word that is a time is the time)
//   GUN <event> [<wave>] <time>    correct a gun time (set_gun correction)
//   AUTH <token>                   first, when the race has a marshal token
//   UNDO E<id> | UNDO C<id>        undo an entry or a correction
//   DQ <bib> <reason> | DNF <bib> | PREFER MANUAL <bib> | MOVE <bib> <time>
//   ASSIGN <chip> <bib> | ASSIGN READ <read-id> <bib> | IGNORE <read-id>
//   EDIT <bib> <field>=<value> | DEADHEAT <bib> <bib>... | STATUS | HELP | QUIT
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timing/time.hpp"

namespace fl::ingest {

// One word of a line: its text with quotes removed; `quoted` when any part was in quotes (a
// quoted word is one name, never a time and never joined with its neighbours).
struct MarshalWord {
    std::string text;
    bool quoted = false;
    bool operator==(const MarshalWord&) const = default;
};

struct MarshalWords {
    std::vector<MarshalWord> words;
    std::string error;  // a quote left open
};

// Splits a line into words (the rule above).
MarshalWords split_marshal_words(std::string_view line);

// `text` as one word that split_marshal_words gives back unchanged: as it is when it can be,
// else in double quotes (spaces, a quote, empty, or reading as a time of day) with \" and \\.
// Every line the GUI builds and every name a reply or STATUS line shows goes through it.
std::string marshal_word(std::string_view text);

struct MarshalCommand {
    enum class Kind {
        auth, bib, tap, start, gun, undo, dq, dnf, assign_chip, assign_read, ignore,
        prefer_manual, edit, deadheat, move, status, help, quit
    };
    Kind kind = Kind::bib;
    std::string bib;
    std::string chip;                 // ASSIGN <chip>
    std::vector<MarshalWord> names;   // START / GUN: the words naming the event and wave
    std::string text;                 // AUTH token, DQ reason, EDIT "field=value"
    std::vector<std::string> bibs;    // DEADHEAT
    std::optional<timing::Duration> time_of_day;
    std::int64_t id = 0;              // read id (ASSIGN READ, IGNORE), entry/correction (UNDO)
    bool undo_entry = false;          // UNDO E<id> (else C<id>)
};

struct MarshalParse {
    std::optional<MarshalCommand> command;  // nullopt with an empty error: a blank line
    std::string error;                      // why the line was refused (for "ERR <error>")
};

MarshalParse parse_marshal_line(std::string_view line);

// The HELP text, one command per line.
std::string_view marshal_help();

// Compares a presented token with the configured one in time that does not depend on where
// they differ.
bool constant_time_equal(std::string_view presented, std::string_view secret);

}  // namespace fl::ingest
