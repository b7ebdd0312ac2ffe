#pragma once
// The sequence numbers of one site that the finish holds, as disjoint ranges: what is
// confirmed (every seq from 1 up to contiguous()) and the holes above it that a site is asked
// to send again. A few ranges even for a site's whole race: reads arrive mostly in order.
#include <cstdint>
#include <map>
#include <vector>

#include "ingest/relay_message.hpp"

namespace fl::ingest {

class SeqRanges {
public:
    // True when `seq` was not held yet.
    bool add(std::int64_t seq);
    bool contains(std::int64_t seq) const;
    // Every seq from 1 to this one is held (0: not even seq 1).
    std::int64_t contiguous() const;
    std::int64_t highest() const;  // 0 when empty
    std::int64_t count() const { return count_; }
    // The seqs from 1 to `upto` not held, as at most `max_ranges` ranges (the lowest first).
    std::vector<SeqRange> missing(std::int64_t upto, std::size_t max_ranges) const;

private:
    std::map<std::int64_t, std::int64_t> ranges_;  // first -> last, disjoint, not touching
    std::int64_t count_ = 0;
};

}  // namespace fl::ingest
