#include <algorithm>

#include <fmt/format.h>

#include "ingest/marshal_protocol.hpp"
#include "ingest/status_query.hpp"
#include "timing/race_file.hpp"
#include "timing/race_id.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {
namespace {

// Device records that could not be understood are in the race file, not in the service's
// counters (those restart at zero): counted from the file so none is forgotten after a restart.
void print_refused(const std::string& race) {
    timing::RaceFile file(race, timing::RaceFile::Access::read_only);
    const auto by_reader = file.refused_per_reader();
    if (by_reader.empty()) return;
    std::int64_t total = 0;
    std::string per_reader;
    for (const auto& [id, n] : by_reader) {
        total += n;
        std::string name = fmt::format("reader {}", id);
        for (const auto& rd : file.config().readers)
            if (rd.id == id) name = rd.name;
        per_reader += fmt::format("{}{} {}", per_reader.empty() ? "" : ", ", name, n);
    }
    fmt::print("refused records: {} stored as received ({}): read them in the console's Refused "
               "records list or 'finishline results {} --format json' (refused_records), and "
               "enter what they meant\n",
               total, per_reader, race);
}

// The remote sites the finish takes relayed reads from (issue 15), from the SITE lines.
void print_sites(const std::vector<std::string>& lines) {
    bool header = false;
    for (const auto& line : lines) {
        const auto s = ingest::parse_site_line(line);
        if (!s) continue;
        if (!header) {
            fmt::print("\n{:<16} {:>4} {:<13} {:<13} {:>9} {:>9} {:>7} {}\n", "site", "conn", "heartbeat",
                       "last read", "last seq", "held", "behind", "clock difference");
            header = true;
        }
        fmt::print("{:<16} {:>4} {:<13} {:<13} {:>9} {:>9} {:>7} {}{}\n", s->name, s->connected, s->last_heartbeat,
                   s->last_read, s->last_seq, s->held, s->behind, s->clock_difference,
                   s->connected == 1 ? "" : "   (quiet: no heartbeat for 15 s)");
    }
}

}  // namespace

void add_status(CLI::App& app) {
    auto* cmd = app.add_subcommand("status", "Show the readers of the running service");
    static std::string race;
    cmd->add_option("RACE", race, "Race file served by 'finishline serve'")->required();
    cmd->callback([] {
        const auto lines = ingest::query_status(race);
        {
            timing::RaceFile file(race, timing::RaceFile::Access::read_only);
            const auto& cfg = file.config();
            if (cfg.mqtt)
                fmt::print("race id {} ({} through {})\n", timing::race_id(cfg),
                           cfg.site ? "site " + cfg.site->name + ", relaying" : std::string("the finish, taking relayed reads"),
                           cfg.mqtt->broker.to_string());
        }
        fmt::print("{:<16} {:<12} {:<28} {:>4} {:<13} {:>8} {:>7} {:>6} {:<16} {}\n", "reader",
                   "protocol", "endpoint", "conn", "last read", "today", "resends", "errors",
                   "clock offset", "last error");
        std::vector<std::string> warnings;
        for (const auto& line : lines) {
            const auto s = ingest::parse_status_line(line);
            if (!s) continue;
            // A name with spaces is shown in quotes, as a marshal line would write it.
            fmt::print("{:<16} {:<12} {:<28} {:>4} {:<13} {:>8} {:>7} {:>6} {:<16} {}\n",
                       ingest::marshal_word(s->name),
                       s->protocol, s->endpoint, s->connected, s->last_read, s->reads_today,
                       s->resends, s->parse_errors,
                       s->clock_warning.empty() ? s->clock_offset : s->clock_offset + " (!)",
                       s->last_error);
            if (!s->clock_warning.empty()) warnings.push_back(fmt::format("warning: {}: {}", s->name, s->clock_warning));
        }
        if (std::none_of(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with("STATUS "); }))
            fmt::print("(no readers configured)\n");
        print_sites(lines);
        for (const auto& w : warnings) fmt::print("{}\n", w);
        print_refused(race);
    });
}

}  // namespace fl::cli
