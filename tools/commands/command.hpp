#pragma once
// Each `finishline` subcommand lives in its own file and registers itself here.
#include <CLI/CLI.hpp>

namespace fl::cli {

void add_init(CLI::App& app);
void add_import(CLI::App& app);
void add_participants(CLI::App& app);
void add_results(CLI::App& app);
void add_enter(CLI::App& app);
void add_start(CLI::App& app);
void add_serve(CLI::App& app);
void add_relay(CLI::App& app);
void add_status(CLI::App& app);
void add_simulate(CLI::App& app);
void add_demo(CLI::App& app);
void add_backup(CLI::App& app);
void add_qr(CLI::App& app);
void add_board(CLI::App& app);

}  // namespace fl::cli
