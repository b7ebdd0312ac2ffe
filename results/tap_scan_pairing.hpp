#pragma once
// Bib scans and time-only taps at the finish line: a marshal taps as a runner crosses and
// scans their bib a moment later, so the n-th tap in force is the crossing of the n-th scan in
// force. A scan without its tap is timed by itself; a tap without a scan waits, listed. A bib
// scanned twice keeps both: a point-to-point race takes the earliest, a lap race counts each
// (results/lap_count). Pure.
#include <optional>
#include <span>
#include <vector>

#include "results/entries_book.hpp"

namespace fl::results {

struct Pairing {
    std::vector<std::vector<ManualTime>> by_bib;    // by bib id: its scans' times, earliest first
    std::vector<Tap> unpaired_taps;                 // by entry id
};

// `scans` and `taps` in force, each by entry id; `bibs` = the number of bib ids.
Pairing pair_taps_with_scans(std::span<const Scan> scans, std::span<const Tap> taps, std::size_t bibs);

}  // namespace fl::results
