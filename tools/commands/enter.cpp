#include <fmt/format.h>

#include "timing/error.hpp"
#include "timing/participant_fields.hpp"
#include "timing/race_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_enter(CLI::App& app) {
    auto* cmd = app.add_subcommand("enter", "Record a manual finish for a bib");
    static std::string race, bib, at;
    cmd->add_option("RACE", race, "Race file")->required();
    cmd->add_option("BIB", bib, "Bib number")->required();
    cmd->add_option("--at", at, "Finish time of day HH:MM:SS[.fff] (default: now)");
    cmd->callback([] {
        if (!timing::valid_bib(bib))
            throw timing::Error(fmt::format(
                "BIB: {}", timing::field_problem(timing::Field::bib, bib, date::year_month_day{})));
        timing::RaceFile file(race);
        const auto calendar = file.config().calendar();
        timing::NewEntry e;
        e.kind = timing::EntryKind::finish;
        e.bib = bib;
        e.source = "cli";
        if (at.empty()) {
            e.time = timing::RaceCalendar::now();
        } else {
            const auto tod = timing::parse_time_of_day(at);
            if (!tod)
                throw timing::Error(fmt::format("--at: expected a time of day HH:MM:SS[.fff], got \"{}\"", at));
            e.time = calendar.at_local(*tod);
        }
        if (!file.participant(bib))
            fmt::print(stderr, "warning: bib {} is not a participant; the finish is stored and "
                               "listed under unknown bibs until the bib is imported or corrected\n", bib);
        const auto id = file.append_entry(e);
        fmt::print("recorded finish for bib {} at {} (entry {})\n", bib, calendar.local_time(e.time),
                   id ? *id : 0);
    });
}

}  // namespace fl::cli
