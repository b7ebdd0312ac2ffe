#include "ingest/seq_ranges.hpp"

#include <algorithm>
#include <iterator>

namespace fl::ingest {

bool SeqRanges::add(std::int64_t seq) {
    auto next = ranges_.upper_bound(seq);  // first range starting after seq
    if (next != ranges_.begin()) {
        auto prev = std::prev(next);
        if (seq <= prev->second) return false;  // held
        if (prev->second + 1 == seq) {
            prev->second = seq;
            if (next != ranges_.end() && next->first == seq + 1) {
                prev->second = next->second;
                ranges_.erase(next);
            }
            ++count_;
            return true;
        }
    }
    if (next != ranges_.end() && next->first == seq + 1) {
        const auto last = next->second;
        ranges_.erase(next);
        ranges_.emplace(seq, last);
    } else {
        ranges_.emplace(seq, seq);
    }
    ++count_;
    return true;
}

bool SeqRanges::contains(std::int64_t seq) const {
    auto it = ranges_.upper_bound(seq);
    if (it == ranges_.begin()) return false;
    return seq <= std::prev(it)->second;
}

std::int64_t SeqRanges::contiguous() const {
    if (ranges_.empty() || ranges_.begin()->first != 1) return 0;
    return ranges_.begin()->second;
}

std::int64_t SeqRanges::highest() const { return ranges_.empty() ? 0 : ranges_.rbegin()->second; }

std::vector<SeqRange> SeqRanges::missing(std::int64_t upto, std::size_t max_ranges) const {
    std::vector<SeqRange> out;
    std::int64_t from = 1;
    for (const auto& [first, last] : ranges_) {
        if (out.size() >= max_ranges || from > upto) return out;
        if (first > from) out.emplace_back(from, std::min(first - 1, upto));
        from = last + 1;
    }
    if (from <= upto && out.size() < max_ranges) out.emplace_back(from, upto);
    return out;
}

}  // namespace fl::ingest
