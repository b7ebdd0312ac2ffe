#pragma once
// Runs a set of emulated devices on a thread of their own, for the `simulate` command and the
// in-process demo: one plan, one clock shared with the service and the board.
#include <chrono>
#include <memory>
#include <vector>

#include "timing/clock.hpp"
#include "tools/sim/device.hpp"
#include "tools/sim/plan.hpp"

namespace fl::sim {

class Simulator {
public:
    // Checks every device's options against the plan (throws sim::Error); starts nothing yet.
    Simulator(std::shared_ptr<const Plan> plan, timing::Clock clock, std::vector<DeviceOptions> devices);
    ~Simulator();  // stops the devices and joins the thread
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    void start();
    // True once every device is done; waits at most `timeout`.
    bool wait_for(std::chrono::steady_clock::duration timeout);
    void wait();
    // Asks every device to stop (connections are closed) and joins the thread.
    void stop();
    bool done() const;

    std::vector<Progress> progress() const;
    const Plan& plan() const { return *plan_; }
    const timing::Clock& clock() const { return clock_; }

private:
    struct Impl;
    std::shared_ptr<const Plan> plan_;
    timing::Clock clock_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fl::sim
