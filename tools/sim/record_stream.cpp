#include "tools/sim/record_stream.hpp"

#include <set>

namespace fl::sim {

RecordStream::RecordStream(std::shared_ptr<const Plan> plan, StreamOptions options)
    : plan_(std::move(plan)), options_(std::move(options)) {
    const auto points = plan_->config.timing_points.size();
    covered_.assign(points, options_.points.empty());
    for (auto p : options_.points)
        if (p < points) covered_[p] = true;
    std::set<std::uint16_t> used;
    for (std::uint32_t i = 0; i < plan_->crossings.size(); ++i) {
        const auto& c = plan_->crossings[i];
        if (!covered_[c.point]) continue;
        crossings_.push_back(i);
        const auto n = plan_->read_count(c, options_.peak_only);
        total_ += n;
        if (n > 0) used.insert(c.point);
    }
    if (options_.guns) {
        for (const auto& g : plan_->guns) {
            if (!covered_[g.point]) continue;
            guns_.push_back(g);
            used.insert(g.point);
            ++total_;
        }
    }
    if (options_.new_locations) total_ += static_cast<std::int64_t>(used.size());
    restart();
}

void RecordStream::restart() {
    next_crossing_ = 0;
    next_gun_ = 0;
    order_ = 0;
    heap_ = {};
    announced_.assign(covered_.size(), false);
    current_.reset();
    next_seq_ = 1;
}

void RecordStream::fill() {
    // Every read of a crossing not yet expanded is at or after its window start, so the heap's
    // top is the next read once no waiting crossing starts at or before it.
    while (next_crossing_ < crossings_.size()) {
        const auto& c = plan_->crossings[crossings_[next_crossing_]];
        if (!heap_.empty() && c.window_start() > heap_.top().read.time) break;
        scratch_.clear();
        plan_->expand(c, scratch_, options_.peak_only);
        for (const auto& r : scratch_) heap_.push(Pending{r, order_++});
        ++next_crossing_;
    }
}

const Record* RecordStream::peek() {
    if (current_) return &*current_;
    fill();
    const bool have_read = !heap_.empty();
    const bool have_gun = next_gun_ < guns_.size();
    if (!have_read && !have_gun) return nullptr;
    Record rec;
    if (have_gun && (!have_read || guns_[next_gun_].time <= heap_.top().read.time)) {
        rec.kind = RecordKind::gun;
        rec.read.time = guns_[next_gun_].time;
        rec.read.point = guns_[next_gun_].point;
    } else {
        rec.kind = RecordKind::tag;
        rec.read = heap_.top().read;
    }
    if (options_.new_locations && !announced_[rec.read.point]) {
        Record marker;
        marker.kind = RecordKind::new_location;
        marker.read.time = rec.read.time;
        marker.read.point = rec.read.point;
        rec = marker;
    }
    rec.seq = next_seq_;
    current_ = rec;
    return &*current_;
}

void RecordStream::pop() {
    if (!peek()) return;
    switch (current_->kind) {
        case RecordKind::new_location: announced_[current_->read.point] = true; break;
        case RecordKind::gun: ++next_gun_; break;
        case RecordKind::tag: heap_.pop(); break;
    }
    current_.reset();
    ++next_seq_;
}

void RecordStream::seek(std::int64_t seq) {
    if (seq < next_seq_) restart();
    while (next_seq_ < seq && peek()) pop();
}

}  // namespace fl::sim
