#pragma once
// One source's rate, kept as a single time (the generic cell rate algorithm): a burst of
// `burst`, then one every `every`. What the log limiter (lines a peer can trigger) and the peer
// budget (records the service cannot check) both count with, so the rule is in one place.
#include <algorithm>
#include <chrono>
#include <cstddef>

namespace fl::ingest {

class RateCell {
public:
    using Clock = std::chrono::steady_clock;

    // Counts `n` more at `now`.
    void take(Clock::duration every, Clock::time_point now, std::size_t n = 1) {
        next_ = std::max(next_, now) + every * static_cast<Clock::rep>(n);
    }
    // How long from `now` until what was taken is back within a burst of `burst` (zero: it is).
    Clock::duration owed(std::size_t burst, Clock::duration every, Clock::time_point now) const {
        return std::max(Clock::duration::zero(), next_ - every * static_cast<Clock::rep>(burst) - now);
    }
    // When everything taken is paid back: the cell is as good as new from then on.
    Clock::time_point settled() const { return next_; }

private:
    Clock::time_point next_{};
};

}  // namespace fl::ingest
