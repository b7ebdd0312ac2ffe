#pragma once
// Participants CSV import: all-or-nothing, every bad row reported with its line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timing/error.hpp"
#include "timing/records.hpp"
#include "timing/text_encoding.hpp"

namespace fl::timing {

class RaceFile;

struct ImportReport {
    int added = 0;
    int updated = 0;
    int unchanged = 0;
    int kept = 0;  // already in the race file, not in this CSV: left as they were
    std::vector<std::string> ignored_columns;
    // How the file's text was read when it was not UTF-8 ("read as Windows-1252: ..."), else "".
    std::string encoding_note;
};

struct ImportProblem {
    int line = 0;
    std::string reason;
};

// Thrown when any row is bad; nothing was written. what() lists every problem.
class ImportError : public Error {
public:
    ImportError(std::string source, std::vector<ImportProblem> problems);
    const std::vector<ImportProblem>& problems() const { return problems_; }

private:
    std::vector<ImportProblem> problems_;
};

// Reads the CSV's bytes as UTF-8 (decode_text: `encoding` when given, else a byte-order mark or
// detection), validates each field by its rule (participant_fields) and against the race's
// config and stored chips, then writes it in one transaction. Re-import updates by bib.
ImportReport import_participants_csv(RaceFile& race, std::string_view csv_bytes,
                                     std::string_view source,
                                     std::optional<Encoding> encoding = std::nullopt);

}  // namespace fl::timing
