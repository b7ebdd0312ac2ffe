#include <fmt/format.h>

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
    cmd->footer(
        "Listens for / connects to the readers in the race config and the [marshal] port, stores "
        "every read before acknowledging it, and keeps the standings current. One line per event "
        "on stderr. Stop with Ctrl-C or SIGTERM: what was received is committed first. "
        "'finishline status RACE' shows the readers of a running service.");
#ifdef FL_HAS_GUI
    static gui::GuiOptions gui_options;
    gui::add_gui_options(*cmd, gui_options);
#endif
    cmd->callback([] {
        ingest::ServiceOptions options;
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
