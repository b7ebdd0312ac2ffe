#pragma once
// The GUI thread's work queue: other threads (the journal writer answering a marshal line)
// post closures, the frame runs them. Posting never waits for the frame, and the frame holds
// the lock only long enough to swap the vector out.
#include <functional>
#include <mutex>
#include <vector>

namespace fl::gui {

class RunQueue {
public:
    using Task = std::function<void()>;

    // Any thread. Dropped once the queue is closed (the window has gone).
    void post(Task task);
    // GUI thread: runs everything posted so far, in order; returns how many ran.
    std::size_t run();
    // Called (under the queue's lock) after each post, e.g. to wake a window waiting for events.
    void set_wake(std::function<void()> wake);
    // Drops what is queued and everything posted later; the wake is never called again.
    void close();
    bool closed() const;

private:
    mutable std::mutex mutex_;
    std::vector<Task> tasks_;
    std::function<void()> wake_;
    bool closed_ = false;
};

}  // namespace fl::gui
