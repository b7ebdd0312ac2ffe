#pragma once
// The order a finish was recorded in, which places runners with equal times (rules.md: "Equal
// times"; hand timing to the second ties often): when the record reached the race file, then
// reads before entries before corrections, then the row id. Rows are stored as they come, so
// this is a device's order of its reads and the order a marshal keyed finishes or taps; the
// moment only decides between tables (a chip read against a keyed finish). Never the bib: that
// is the order of the entry list, not of the finish line.
#include <compare>
#include <cstdint>

namespace fl::results {

enum class RecordTable : std::uint8_t { read, entry, correction };  // in this order on ties

struct Recorded {
    std::int64_t at = 0;  // read received / entry or correction created, µs
    RecordTable table = RecordTable::read;
    std::int64_t id = 0;  // the row id: the read, the entry (a scan's tap), the correction
    auto operator<=>(const Recorded&) const = default;
};

// A finish time keyed at the line: a stated finish entry, or a bib scan (timed by its tap).
struct ManualTime {
    std::int64_t time;   // µs
    std::int64_t known;  // when it was known, µs
    std::int64_t id;     // the finish or scan entry
    Recorded recorded;   // the entry that timed the crossing: the finish, or the scan's tap
    auto operator<=>(const ManualTime&) const = default;
};

}  // namespace fl::results
