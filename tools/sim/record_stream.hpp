#pragma once
// What one device reports, in the order it reports it: the reads of the timing points it
// covers merged in time order with gun markers (and, for ChronoTrack, "a new location
// appeared" markers). Numbered from 1: a device's sequence numbers. Reads are expanded from
// the plan as the stream advances, so memory stays small however long the race.
#include <cstdint>
#include <memory>
#include <queue>
#include <vector>

#include "tools/sim/plan.hpp"

namespace fl::sim {

enum class RecordKind : std::uint8_t { tag, gun, new_location };

struct Record {
    std::int64_t seq = 0;     // 1-based position in the device's stream
    RecordKind kind = RecordKind::tag;
    Read read;                // time and point for every kind; chip, rssi, hits for tags
};

struct StreamOptions {
    std::vector<std::uint16_t> points;  // timing points covered; empty = every point
    bool guns = true;
    bool new_locations = false;         // a marker before a point's first record
    bool peak_only = false;             // one read per chip per crossing (see Plan::expand)
};

class RecordStream {
public:
    RecordStream(std::shared_ptr<const Plan> plan, StreamOptions options);

    const Record* peek();   // the next record, nullptr at the end
    void pop();
    std::int64_t next_seq() const { return next_seq_; }
    // Positions the stream so that the next record is `seq` (1 = from the start). Going back
    // replays the stream from the start: the same records with the same numbers.
    void seek(std::int64_t seq);
    // How many records the whole stream holds.
    std::int64_t total() const { return total_; }
    const Plan& plan() const { return *plan_; }
    const StreamOptions& options() const { return options_; }

private:
    struct Pending {
        Read read;
        std::uint64_t order;
        bool operator>(const Pending& o) const {
            return read.time != o.read.time ? read.time > o.read.time : order > o.order;
        }
    };
    void restart();
    void fill();

    std::shared_ptr<const Plan> plan_;
    StreamOptions options_;
    std::vector<bool> covered_;
    std::vector<std::uint32_t> crossings_;  // indices into the plan's, for covered points
    std::vector<GunShot> guns_;
    std::int64_t total_ = 0;

    std::size_t next_crossing_ = 0;
    std::size_t next_gun_ = 0;
    std::uint64_t order_ = 0;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> heap_;
    std::vector<bool> announced_;
    std::vector<Read> scratch_;
    std::optional<Record> current_;
    std::int64_t next_seq_ = 1;
};

}  // namespace fl::sim
