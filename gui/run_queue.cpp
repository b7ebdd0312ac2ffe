#include "gui/run_queue.hpp"

#include <utility>

namespace fl::gui {

void RunQueue::post(Task task) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    tasks_.push_back(std::move(task));
    if (wake_) wake_();
}

std::size_t RunQueue::run() {
    std::vector<Task> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(tasks_);
    }
    for (auto& task : batch) task();
    return batch.size();
}

void RunQueue::set_wake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

void RunQueue::close() {
    std::vector<Task> dropped;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        wake_ = nullptr;
        dropped.swap(tasks_);
    }
    // Destroyed outside the lock: a task's captures may post (and would deadlock) on release.
}

bool RunQueue::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

}  // namespace fl::gui
