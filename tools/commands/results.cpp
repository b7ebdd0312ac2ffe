#include <fstream>

#include <fmt/format.h>

#include "results/exports.hpp"
#include "results/replay.hpp"
#include "timing/error.hpp"
#include "timing/race_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_results(CLI::App& app) {
    auto* cmd = app.add_subcommand("results", "Score the race and export the results");
    static std::string race, event, category, teams, format = "csv", output;
    cmd->add_option("RACE", race, "Race file")->required();
    cmd->add_option("--event", event, "Only this event (a CSV needs one when there are several)");
    cmd->add_option("--category", category, "Only this category (e.g. M35-39)");
    cmd->add_option("--teams", teams, "Only this [[teams]] table (by its name)");
    cmd->add_option("--format", format, "csv, html, json, awards, teams (CSV of a [[teams]] table) or laps (CSV of a lap race's laps)")
        ->check(CLI::IsMember({"csv", "html", "json", "awards", "teams", "laps"}));
    cmd->add_option("-o,--output", output, "Write to this file instead of standard output");
    cmd->callback([] {
        timing::RaceFile file(race, timing::RaceFile::Access::read_only);
        auto engine = results::load_engine(file);
        const auto standings = engine.snapshot();
        const results::ExportFilter filter{event, category, teams};
        std::string text;
        if (format == "csv") text = results::to_csv(*standings, filter);
        else if (format == "html") text = results::to_html(*standings, filter);
        else if (format == "json") text = results::to_json(*standings, filter);
        else if (format == "teams") text = results::to_teams_csv(*standings, filter);
        else if (format == "laps") text = results::to_laps_csv(*standings, filter);
        else text = results::to_awards_report(*standings, filter);
        if (output.empty()) {
            fmt::print("{}", text);
            std::fflush(stdout);
            return;
        }
        std::ofstream out(output, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out)
            throw timing::Error(fmt::format("cannot write '{}': check the folder exists and is writable", output));
        fmt::print(stderr, "wrote {} ({} bytes)\n", output, text.size());
    });
}

}  // namespace fl::cli
