#include <optional>

#include <fmt/format.h>

#include "timing/error.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"
#include "timing/text_encoding.hpp"
#include "timing/text_file.hpp"
#include "tools/commands/command.hpp"

namespace fl::cli {

void add_import(CLI::App& app) {
    auto* cmd = app.add_subcommand("import", "Import participants from a CSV file (all or nothing)");
    static std::string race, csv, encoding;
    cmd->add_option("RACE", race, "Race file")->required();
    cmd->add_option("CSV", csv, "Participants CSV (header row: bib, name, gender, ...)")->required();
    cmd->add_option("--encoding", encoding,
                    "The CSV's encoding when it is not UTF-8: windows-1252, latin-1, utf-16le, "
                    "utf-16be (default: UTF-8, a byte-order mark, or Windows-1252 detected)");
    cmd->callback([] {
        std::optional<timing::Encoding> declared;
        if (!encoding.empty() && !(declared = timing::parse_encoding(encoding)))
            throw timing::Error(fmt::format("--encoding: unknown encoding \"{}\": expected one of {}",
                                            timing::shown(encoding), timing::encoding_names()));
        const auto text = timing::read_text_file(csv);
        if (!text) throw timing::Error(fmt::format("cannot read '{}': check the path", csv));
        timing::RaceFile file(race);
        const auto r = timing::import_participants_csv(file, *text, csv, declared);
        if (!r.encoding_note.empty()) fmt::print("{}: {}\n", csv, r.encoding_note);
        fmt::print("imported {}: {} added, {} updated, {} unchanged, {} kept (in the race file, "
                   "not in this CSV)\n",
                   csv, r.added, r.updated, r.unchanged, r.kept);
        if (!r.ignored_columns.empty())
            fmt::print("ignored columns: {}\n", fmt::join(r.ignored_columns, ", "));
    });
}

}  // namespace fl::cli
