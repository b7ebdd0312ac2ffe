#include <fmt/format.h>

#include "ingest/log_file.hpp"
#include "ingest/service.hpp"
#include "tools/commands/command.hpp"
#ifdef FL_HAS_GUI
#include "gui/serve_window.hpp"
#include "gui/window_options.hpp"
#endif

namespace fl::cli {

void add_serve(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "serve", "Run the finish-line service: readers, bib scanners, marshal port, live results");
    static std::string race;
    cmd->add_option("RACE", race, "Race file (created with 'finishline init')")->required();
    static std::string log_path;
    static double log_max_mb = 16;
    static bool insecure = false;
    cmd->add_option("--log", log_path,
                    "Append the log to this file instead of stderr, rotated by size (FILE -> "
                    "FILE.1, one old file kept)");
    cmd->add_option("--log-max-mb", log_max_mb, "Size at which --log rotates, in MiB (default 16)")
        ->check(CLI::Range(0.01, 1024.0));
    cmd->add_flag("--insecure", insecure,
                  "Serve a marshal address other machines can reach although the race has no "
                  "marshal token (only on a network you trust)");
    cmd->footer(
        "Listens for / connects to the readers in the race config and the [marshal] port, stores "
        "every read before acknowledging it, and keeps the standings current. One line per event "
        "on stderr (or in --log FILE). Stop with Ctrl-C or SIGTERM: what was received is "
        "committed first. 'finishline status RACE' shows the readers of a running service.");
#ifdef FL_HAS_GUI
    static gui::GuiOptions gui_options;
    gui::add_gui_options(*cmd, gui_options);
#endif
    cmd->callback([] {
        ingest::ServiceOptions options;
        options.insecure_marshal = insecure;
        if (!log_path.empty()) {
            // The file is owned by the sink, so it outlives the service's last line.
            auto file = std::make_shared<ingest::LogFile>(
                log_path, static_cast<std::uint64_t>(log_max_mb * 1024 * 1024));
            options.log_sink = [file](std::string_view line) { file->write(line); };
            fmt::print(stderr, "logging to {} (rotated at {:g} MiB to {}.1)\n", log_path, log_max_mb,
                       log_path);
        }
#ifdef FL_HAS_GUI
        if (gui_options.wanted()) {
            // The window takes SIGINT/SIGTERM: it closes, then the service commits and stops.
            ingest::Service service(race, std::move(options));
            const timing::Clock clock;
            gui::serve_with_window(service, clock, gui_options.resolve());
            return;
        }
#endif
        options.handle_signals = true;
        ingest::Service service(race, std::move(options));
        service.run();
    });
}

}  // namespace fl::cli
