#include <fmt/format.h>

#include "ingest/log_file.hpp"
#include "ingest/service.hpp"
#include "tools/commands/command.hpp"
#ifdef FL_HAS_GUI
#include "gui/serve_window.hpp"
#include "gui/window_options.hpp"
#endif

namespace fl::cli {

namespace {

struct ServeArgs {
    std::string race;
    std::string log_path;
    double log_max_mb = 16;
    bool insecure = false;
};

void add_log_options(CLI::App& cmd, ServeArgs& a) {
    cmd.add_option("--log", a.log_path,
                   "Append the log to this file instead of stderr, rotated by size (FILE -> "
                   "FILE.1, one old file kept)");
    cmd.add_option("--log-max-mb", a.log_max_mb, "Size at which --log rotates, in MiB (default 16)")
        ->check(CLI::Range(0.01, 1024.0));
    cmd.add_flag("--insecure", a.insecure,
                 "Serve a marshal address other machines can reach although the race has no "
                 "marshal token (only on a network you trust)");
}

ingest::ServiceOptions service_options(const ServeArgs& a) {
    ingest::ServiceOptions options;
    options.insecure_marshal = a.insecure;
    if (!a.log_path.empty()) {
        // The file is owned by the sink, so it outlives the service's last line.
        auto file = std::make_shared<ingest::LogFile>(a.log_path,
                                                      static_cast<std::uint64_t>(a.log_max_mb * 1024 * 1024));
        options.log_sink = [file](std::string_view line) { file->write(line); };
        fmt::print(stderr, "logging to {} (rotated at {:g} MiB to {}.1)\n", a.log_path, a.log_max_mb, a.log_path);
    }
    return options;
}

}  // namespace

void add_serve(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "serve", "Run the finish-line service: readers, bib scanners, marshal port, live results");
    static ServeArgs args;
    cmd->add_option("RACE", args.race, "Race file (created with 'finishline init')")->required();
    add_log_options(*cmd, args);
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
        auto options = service_options(args);
        const auto& race = args.race;
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

// A remote site: the same service over the site's race file, publishing its reads to the
// broker (issue 15).
void add_relay(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "relay", "Run a remote timing site: take its readers' reads and relay them to the finish through MQTT");
    static ServeArgs args;
    cmd->add_option("SITE", args.race, "The site's race file ('finishline init' with [site] and [mqtt])")
        ->required();
    add_log_options(*cmd, args);
    cmd->footer(
        "Takes reads exactly as 'serve' does (acknowledged after the site's own commit) and publishes every "
        "committed read, in order, to finishline/<race-id>/reads/<site> on the [mqtt] broker; keeps going "
        "while the broker is away and sends what the finish has not confirmed when it is back. Stop with "
        "Ctrl-C or SIGTERM. 'finishline status SITE' shows its readers.");
    cmd->callback([] {
        auto options = service_options(args);
        options.relay_site = true;
        options.handle_signals = true;
        ingest::Service service(args.race, std::move(options));
        service.run();
    });
}

}  // namespace fl::cli
