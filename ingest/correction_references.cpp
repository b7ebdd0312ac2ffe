#include "ingest/correction_references.hpp"

#include <string_view>

#include <fmt/format.h>

#include "timing/dead_heat.hpp"

namespace fl::ingest {

using Kind = CorrectionReference::Kind;

std::vector<CorrectionReference> references_of(const timing::NewCorrection& c) {
    std::vector<CorrectionReference> out;
    if (c.read_id) out.push_back({Kind::read, *c.read_id, {}});
    if (c.entry_id) out.push_back({Kind::entry, *c.entry_id, {}});
    if (c.target_id) out.push_back({Kind::correction, *c.target_id, {}});
    if (!c.bib.empty()) out.push_back({Kind::participant, 0, c.bib});
    if (c.kind == timing::CorrectionKind::dead_heat)
        for (auto& bib : timing::dead_heat_bibs(c.data)) out.push_back({Kind::tied_participant, 0, std::move(bib)});
    return out;
}

std::string missing_reference_error(const CorrectionReference& r) {
    switch (r.kind) {
        case Kind::read:
            return fmt::format("no read R{} in the race file", r.id);
        case Kind::entry:
            return fmt::format("no entry E{} in the race file", r.id);
        case Kind::correction:
            return fmt::format("no correction C{} in the race file", r.id);
        case Kind::participant:
            return fmt::format("no participant with bib {}: check the bib, or import them first",
                               r.bib);
        case Kind::tied_participant:
            return fmt::format("no participant with bib {}", r.bib);
    }
    return {};
}

std::string correction_refusal(const timing::NewCorrection& c,
                               const std::function<bool(const CorrectionReference&)>& holds) {
    for (const auto& r : references_of(c))
        if (!holds(r)) return missing_reference_error(r);
    return {};
}

}  // namespace fl::ingest
