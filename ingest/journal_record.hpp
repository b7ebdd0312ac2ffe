#pragma once
// One record for the journal writer, and what became of it after the commit.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "timing/records.hpp"

namespace fl::ingest {

// A read relayed from a remote site (issue 15): stored under the site's relay reader
// (relay_readers.hpp), `read.device_seq` = the site's seq, `read.reader_id` set by the writer.
struct RelayedRecord {
    std::string site;
    timing::NewRead read;
};

using JournalRecord = std::variant<timing::NewRead, timing::NewEntry, timing::NewCorrection,
                                   timing::ClockSync, timing::NewRefused, RelayedRecord>;

struct RecordOutcome {
    std::optional<std::int64_t> id;  // row id when stored
    bool duplicate = false;          // already stored (a resend): not stored again
    std::string error;               // refused (e.g. a correction naming a read that does not exist)
    std::string note;                // stored, with something worth telling (unknown bib)
};

}  // namespace fl::ingest
