#include "results/tap_scan_pairing.hpp"

#include <algorithm>

namespace fl::results {

Pairing pair_taps_with_scans(std::span<const Scan> scans, std::span<const Tap> taps, std::size_t bibs) {
    Pairing out;
    out.by_bib.resize(bibs);
    std::size_t k = 0;
    for (const auto& s : scans) {
        ManualTime t{s.time, s.known, s.id, {s.known, RecordTable::entry, s.id}};
        if (k < taps.size()) {
            const auto& tap = taps[k];
            // Known once both are in; recorded when the tap was, as it timed the crossing.
            t = {tap.time, std::max(s.known, tap.known), s.id, {tap.known, RecordTable::entry, tap.id}};
        }
        ++k;
        out.by_bib[s.bib].push_back(t);
    }
    for (auto& times : out.by_bib)
        if (times.size() > 1) std::sort(times.begin(), times.end());
    for (; k < taps.size(); ++k) out.unpaired_taps.push_back(taps[k]);
    return out;
}

}  // namespace fl::results
