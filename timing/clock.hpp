#pragma once
// The clock the service, board and simulator read "now" from. Normally the wall clock; in a
// demo or rehearsal it runs `speed` times faster from a chosen race-day origin, so a simulated
// race, the receipt times of bib scans and the board's race clock all agree.
#include <chrono>

#include "timing/time.hpp"

namespace fl::timing {

class Clock {
public:
    Clock() = default;  // the wall clock
    // Race time `origin` corresponds to the wall-clock moment of construction.
    Clock(Instant origin, double speed)
        : origin_(origin), real_origin_(std::chrono::steady_clock::now()), speed_(speed),
          scaled_(true) {}

    Instant now() const {
        if (!scaled_) return RaceCalendar::now();
        const auto real = std::chrono::steady_clock::now() - real_origin_;
        return origin_ + std::chrono::duration_cast<Duration>(real * speed_);
    }
    // How long to wait in real time for `d` of clock time to pass.
    std::chrono::steady_clock::duration real(Duration d) const {
        return std::chrono::duration_cast<std::chrono::steady_clock::duration>(d / speed_);
    }
    double speed() const { return speed_; }
    bool scaled() const { return scaled_; }

private:
    Instant origin_{};
    std::chrono::steady_clock::time_point real_origin_{};
    double speed_ = 1.0;
    bool scaled_ = false;
};

}  // namespace fl::timing
