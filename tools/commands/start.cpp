#include <fmt/format.h>

#include "timing/error.hpp"
#include "timing/race_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_start(CLI::App& app) {
    auto* cmd = app.add_subcommand("start", "Record the gun of an event or one of its waves");
    static std::string race, event, wave, at;
    cmd->add_option("RACE", race, "Race file")->required();
    cmd->add_option("--event", event, "Event name")->required();
    cmd->add_option("--wave", wave, "Wave name (default: the whole event, waves by their offsets)");
    cmd->add_option("--at", at, "Gun time of day HH:MM:SS[.fff] (default: now)");
    cmd->callback([] {
        timing::RaceFile file(race);
        const auto& cfg = file.config();
        const auto* ev = cfg.find_event(event);
        if (!ev) {
            std::vector<std::string> names;
            for (const auto& e : cfg.events) names.push_back(e.name);
            throw timing::Error(fmt::format("no event named \"{}\": the race has {}", event,
                                            fmt::join(names, ", ")));
        }
        timing::NewEntry e;
        e.kind = timing::EntryKind::gun;
        e.event_id = ev->id;
        e.source = "cli";
        if (!wave.empty()) {
            auto it = std::find_if(ev->waves.begin(), ev->waves.end(),
                                   [&](const timing::WaveConfig& w) { return w.name == wave; });
            if (it == ev->waves.end()) {
                std::vector<std::string> names;
                for (const auto& w : ev->waves) names.push_back(w.name);
                throw timing::Error(fmt::format("event \"{}\" has no wave \"{}\"{}", event, wave,
                                                names.empty() ? std::string(": it has no waves")
                                                              : fmt::format(": its waves are {}", fmt::join(names, ", "))));
            }
            e.wave_id = it->id;
        }
        const auto calendar = cfg.calendar();
        if (at.empty()) {
            e.time = timing::RaceCalendar::now();
        } else {
            const auto tod = timing::parse_time_of_day(at);
            if (!tod)
                throw timing::Error(fmt::format("--at: expected a time of day HH:MM:SS[.fff], got \"{}\"", at));
            e.time = calendar.at_local(*tod);
        }
        const auto id = file.append_entry(e);
        fmt::print("recorded gun for {}{} at {} (entry {})\n", event,
                   wave.empty() ? std::string{} : fmt::format(" wave {}", wave), calendar.local_time(e.time),
                   id ? *id : 0);
    });
}

}  // namespace fl::cli
