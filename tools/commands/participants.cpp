#include <fmt/format.h>

#include "timing/race_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_participants(CLI::App& app) {
    auto* cmd = app.add_subcommand("participants", "List the participants of a race");
    static std::string race, event;
    cmd->add_option("RACE", race, "Race file")->required();
    cmd->add_option("--event", event, "Only this event");
    cmd->callback([] {
        timing::RaceFile file(race, timing::RaceFile::Access::read_only);
        if (!event.empty() && !file.config().find_event(event))
            throw timing::Error(fmt::format("no event named '{}' in {}", event, race));
        const auto list = file.participants(event);
        fmt::print("{:<8} {:<28} {:<3} {:<10} {:<8} {:<6} {:<10} {:<16} {}\n", "bib", "name",
                   "sex", "born/age", "event", "wave", "category", "team", "chips");
        for (const auto& p : list) {
            const auto born = p.birthdate ? timing::format_date(*p.birthdate)
                                          : p.age ? std::to_string(*p.age) : std::string{};
            fmt::print("{:<8} {:<28} {:<3} {:<10} {:<8} {:<6} {:<10} {:<16} {}\n", p.bib, p.name,
                       p.gender ? std::string(1, timing::to_char(*p.gender)) : "", born, p.event,
                       p.wave, p.category, p.team, fmt::join(p.chips, ";"));
        }
        fmt::print("{} participant(s)\n", list.size());
    });
}

}  // namespace fl::cli
