// The `finishline` command. Exit codes: 0 success, 1 user error (one-line reason), 2 usage.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "tools/commands/command.hpp"

int main(int argc, char** argv) {
    CLI::App app{"FinishLine race timing: race file, participants, ingest, results"};
    // At most one subcommand; "none" is checked after parsing so that a mistyped subcommand is
    // named ("The following arguments were not expected: serv") instead of reported missing.
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", "finishline 0.1.0");
    fl::cli::add_init(app);
    fl::cli::add_import(app);
    fl::cli::add_participants(app);
    fl::cli::add_results(app);
    fl::cli::add_enter(app);
    fl::cli::add_start(app);
    fl::cli::add_serve(app);
    fl::cli::add_relay(app);
    fl::cli::add_status(app);
    fl::cli::add_simulate(app);
    fl::cli::add_demo(app);
    fl::cli::add_backup(app);
    fl::cli::add_qr(app);
    fl::cli::add_board(app);
    try {
        app.parse(argc, argv);
        if (app.get_subcommands().empty()) {
            fmt::print(stderr, "finishline: a subcommand is required (init, import, results, serve, "
                               "...): see finishline --help\n");
            return 2;
        }
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    } catch (const std::exception& e) {
        // Every library error type derives from std::runtime_error and is written for the
        // user: print it as one reason.
        fmt::print(stderr, "finishline: error: {}\n", e.what());
        return 1;
    }
    return 0;
}
