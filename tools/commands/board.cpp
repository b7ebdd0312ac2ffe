// `finishline board --mqtt host:port --race <race-id>`: the live board at another site, from
// the standings the finish publishes through the MQTT broker (issue 15).
#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>

#include <date/tz.h>
#include <fmt/format.h>

#include "ingest/error.hpp"
#include "timing/config.hpp"
#include "tools/commands/command.hpp"
#ifdef FL_HAS_GUI
#include "gui/remote_board.hpp"
#include "gui/window.hpp"
#include "gui/window_options.hpp"
#include "ingest/log.hpp"
#include "ingest/stop_signals.hpp"
#endif

namespace fl::cli {

namespace {

struct BoardArgs {
    std::string broker;
    std::string race;
    std::optional<std::string> username, password, tls_ca;
};

bool race_id_ok(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

timing::MqttConfig broker_config(const BoardArgs& a) {
    timing::MqttConfig m;
    const auto at = timing::parse_endpoint(a.broker);
    if (!at)
        throw ingest::Error(fmt::format("--mqtt \"{}\": expected the broker as host:port (e.g. broker.example.org:1883)",
                                        a.broker));
    m.broker = *at;
    if (!race_id_ok(a.race))
        throw ingest::Error(fmt::format("--race \"{}\": expected a race id of letters, digits, '-' or '_' (as "
                                        "'finishline status' shows it at the finish, e.g. pycon-5k-fun-run-20260503)",
                                        a.race));
    if (a.password && !a.username) throw ingest::Error("--password needs --username");
    if (a.tls_ca && !std::filesystem::exists(*a.tls_ca))
        throw ingest::Error(fmt::format("--tls-ca \"{}\": no such file: name the broker's CA certificate (PEM)", *a.tls_ca));
    m.username = a.username;
    m.password = a.password;
    m.tls_ca = a.tls_ca;
    return m;
}

}  // namespace

void add_board(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "board", "Show the live board of a race at another site, from the results the finish publishes through MQTT");
    static BoardArgs args;
    cmd->add_option("--mqtt", args.broker, "The MQTT broker the finish publishes to, host:port")->required();
    cmd->add_option("--race", args.race, "The race id (shown by 'finishline init' and 'finishline status')")
        ->required();
    cmd->add_option("--username", args.username, "User name at the broker");
    cmd->add_option("--password", args.password, "Password at the broker");
    cmd->add_option("--tls-ca", args.tls_ca, "CA certificate (PEM) of the broker: connect over TLS");
    cmd->footer(
        "Subscribes to finishline/<race-id>/standings and shows per event the counts, the top 10 and the latest "
        "finishers, live and read-only. Says so on the board while the broker cannot be reached or nothing has "
        "been published for that race id. Close the window, Ctrl-C or SIGTERM to stop.");
#ifdef FL_HAS_GUI
    static gui::GuiOptions gui_options;
    gui::add_gui_options(*cmd, gui_options);
#endif
    cmd->callback([] {
        const auto broker = broker_config(args);
#ifdef FL_HAS_GUI
        const date::time_zone* zone = nullptr;
        try {
            zone = date::current_zone();
        } catch (const std::exception&) {
            zone = date::locate_zone("UTC");
        }
        ingest::Log log(zone);
        gui::RemoteBoard board({broker, args.race}, log);
        auto options = gui_options.resolve();
        options.settings.histogram = false;
        options.title = fmt::format("FinishLine board: {}", args.race);
        ingest::StopSignals signals;
        options.should_close = [] { return ingest::StopSignals::requested(); };
        const timing::Clock clock;
        gui::Window window(gui::link_to(board), clock, options);  // no display: fail before connecting
        board.on_standings([&window] { window.snapshot_published(); });
        board.start();
        window.run();
        board.stop();
#else
        throw ingest::Error("this finishline was built without the GUI (FL_GUI=OFF): 'board' needs it");
#endif
    });
}

}  // namespace fl::cli
