#pragma once
// A correction only names what the race file holds: the read, entry or correction it acts on,
// the bib it concerns and, for a dead heat, every bib tied. One naming anything else is
// refused, nothing stored, with what was not found: a typo must not become a correction the
// results quietly ignore.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "timing/records.hpp"

namespace fl::ingest {

struct CorrectionReference {
    enum class Kind { read, entry, correction, participant, tied_participant };
    Kind kind = Kind::read;
    std::int64_t id = 0;  // read, entry, correction
    std::string bib;      // participant, tied_participant
    bool operator==(const CorrectionReference&) const = default;
};

// What `c` names, in the order checked (the first one missing is the one reported). A dead
// heat's bibs are its data's space-separated words.
std::vector<CorrectionReference> references_of(const timing::NewCorrection& c);

// The refusal for a reference the race file does not hold, saying what to do.
std::string missing_reference_error(const CorrectionReference& r);

// Why `c` is refused, "" when the race file (`holds`) has everything it names.
std::string correction_refusal(const timing::NewCorrection& c,
                               const std::function<bool(const CorrectionReference&)>& holds);

}  // namespace fl::ingest
