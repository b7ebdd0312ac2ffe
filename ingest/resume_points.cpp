#include "ingest/resume_points.hpp"

#include <algorithm>

namespace fl::ingest {

void ResumePoints::committed(std::int64_t reader_id, const std::string& location,
                             std::int64_t device_seq) {
    if (device_seq < 0) return;
    auto& seq = seq_[reader_id][location];
    seq = std::max(seq, device_seq);
}

std::optional<std::int64_t> ResumePoints::last(std::int64_t reader_id) const {
    auto it = seq_.find(reader_id);
    if (it == seq_.end() || it->second.empty()) return std::nullopt;
    std::int64_t best = 0;
    for (const auto& [location, seq] : it->second) best = std::max(best, seq);
    return best;
}

std::map<std::string, std::int64_t> ResumePoints::by_location(std::int64_t reader_id) const {
    auto it = seq_.find(reader_id);
    return it == seq_.end() ? std::map<std::string, std::int64_t>{} : it->second;
}

}  // namespace fl::ingest
