#include <fmt/format.h>

#include "ingest/marshal_protocol.hpp"
#include "ingest/status_query.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_status(CLI::App& app) {
    auto* cmd = app.add_subcommand("status", "Show the readers of the running service");
    static std::string race;
    cmd->add_option("RACE", race, "Race file served by 'finishline serve'")->required();
    cmd->callback([] {
        const auto lines = ingest::query_status(race);
        fmt::print("{:<16} {:<12} {:<28} {:>4} {:<13} {:>8} {:>7} {:>6} {:<16} {}\n", "reader",
                   "protocol", "endpoint", "conn", "last read", "today", "resends", "errors",
                   "clock offset", "last error");
        // A name with spaces is shown in quotes, as a marshal line would write it.
        std::vector<std::string> warnings;
        for (const auto& line : lines) {
            const auto s = ingest::parse_status_line(line);
            if (!s) continue;
            fmt::print("{:<16} {:<12} {:<28} {:>4} {:<13} {:>8} {:>7} {:>6} {:<16} {}\n",
                       ingest::marshal_word(s->name),
                       s->protocol, s->endpoint, s->connected, s->last_read, s->reads_today,
                       s->resends, s->parse_errors,
                       s->clock_warning.empty() ? s->clock_offset : s->clock_offset + " (!)",
                       s->last_error);
            if (!s->clock_warning.empty()) warnings.push_back(fmt::format("warning: {}: {}", s->name, s->clock_warning));
        }
        if (lines.empty()) fmt::print("(no readers configured)\n");
        for (const auto& w : warnings) fmt::print("{}\n", w);
    });
}

}  // namespace fl::cli
