#pragma once
// Each `finishline` subcommand lives in its own file and registers itself here.
#include <CLI/CLI.hpp>

namespace fl::cli {

void add_init(CLI::App& app);
void add_import(CLI::App& app);
void add_participants(CLI::App& app);

}  // namespace fl::cli
