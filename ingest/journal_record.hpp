#pragma once
// One record for the journal writer, and what became of it after the commit.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "timing/records.hpp"

namespace fl::ingest {

using JournalRecord = std::variant<timing::NewRead, timing::NewEntry, timing::NewCorrection,
                                   timing::ClockSync, timing::NewRefused>;

struct RecordOutcome {
    std::optional<std::int64_t> id;  // row id when stored
    bool duplicate = false;          // already stored (a resend): not stored again
    std::string error;               // refused (e.g. a correction naming a read that does not exist)
    std::string note;                // stored, with something worth telling (unknown bib)
};

}  // namespace fl::ingest
