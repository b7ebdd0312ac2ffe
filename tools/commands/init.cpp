#include <filesystem>

#include <fmt/format.h>

#include "timing/error.hpp"
#include "timing/race_file.hpp"
#include "timing/race_id.hpp"
#include "timing/text_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_init(CLI::App& app) {
    auto* cmd = app.add_subcommand("init", "Create a race file from a config, or update its config");
    static std::string race, config;
    cmd->add_option("RACE", race, "Race file to create or update (e.g. race.db)")->required();
    cmd->add_option("--config,-c", config, "Race config (TOML)")->required();
    cmd->callback([] {
        const auto text = timing::read_text_file(config);
        if (!text) throw timing::Error(fmt::format("cannot read config '{}': check the path", config));
        const bool existed = std::filesystem::exists(race);
        const auto dir = std::filesystem::absolute(config).parent_path().string();
        auto file = timing::RaceFile::init(race, *text, config, dir);
        const auto& cfg = file.config();
        fmt::print("{} {} for \"{}\" on {} ({}): {} event(s), {} timing point(s), {} reader(s)\n",
                   existed ? "updated" : "created", race, cfg.name, timing::format_date(cfg.date),
                   cfg.timezone, cfg.events.size(), cfg.timing_points.size(), cfg.readers.size());
        // The id that names the race's MQTT topics: the same at every site and at the finish.
        fmt::print("race id: {}\n", timing::race_id(cfg));
        if (cfg.site)
            fmt::print("site {}: 'finishline relay {}' relays its reads through {}\n", cfg.site->name, race,
                       cfg.mqtt->broker.to_string());
        else if (cfg.mqtt)
            fmt::print("finish: 'finishline serve {}' takes the reads sites relay through {}\n", race,
                       cfg.mqtt->broker.to_string());
    });
}

}  // namespace fl::cli
