#include "tools/sim/simulator.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "tools/sim/device_context.hpp"
#include "tools/sim/error.hpp"

namespace fl::sim {

struct Simulator::Impl {
    boost::asio::io_context io{1};
    std::vector<DeviceOptions> options;
    std::vector<std::shared_ptr<DeviceStats>> stats;
    std::thread thread;
    mutable std::mutex mutex;
    std::condition_variable finished;
    int running = 0;
    bool started = false;
};

Simulator::Simulator(std::shared_ptr<const Plan> plan, timing::Clock clock, std::vector<DeviceOptions> devices)
    : plan_(std::move(plan)), clock_(clock), impl_(std::make_unique<Impl>()) {
    if (!plan_) throw Error("Simulator: no plan");
    for (auto& d : devices) {
        // Constructing the context validates the options now, not on the device's thread.
        auto stats = std::make_shared<DeviceStats>();
        detail::DeviceContext check(plan_, d, clock_, stats);
        stats->name = d.name;
        stats->protocol = d.protocol;
        stats->endpoint = d.endpoint.to_string();
        impl_->stats.push_back(std::move(stats));
        impl_->options.push_back(std::move(d));
    }
}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
    if (impl_->started) return;
    impl_->started = true;
    impl_->running = static_cast<int>(impl_->options.size());
    for (std::size_t i = 0; i < impl_->options.size(); ++i) {
        spawn_device(impl_->io.get_executor(), plan_, impl_->options[i], clock_, impl_->stats[i], [this] {
            std::lock_guard lock(impl_->mutex);
            --impl_->running;
            impl_->finished.notify_all();
        });
    }
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

bool Simulator::wait_for(std::chrono::steady_clock::duration timeout) {
    std::unique_lock lock(impl_->mutex);
    return impl_->finished.wait_for(lock, timeout, [this] { return impl_->running == 0; });
}

void Simulator::wait() {
    std::unique_lock lock(impl_->mutex);
    impl_->finished.wait(lock, [this] { return impl_->running == 0; });
}

bool Simulator::done() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->started && impl_->running == 0;
}

void Simulator::stop() {
    for (auto& s : impl_->stats) s->request_stop();
    if (impl_->thread.joinable()) {
        // Devices notice the request within 100 ms and close their connections.
        if (!wait_for(std::chrono::seconds(10))) impl_->io.stop();
        impl_->thread.join();
    }
}

std::vector<Progress> Simulator::progress() const {
    std::vector<Progress> out;
    for (const auto& s : impl_->stats) out.push_back(s->snapshot());
    return out;
}

}  // namespace fl::sim
