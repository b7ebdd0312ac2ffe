#include "gui/board_worker.hpp"

#include <utility>

namespace fl::gui {

EventView make_event_view(std::shared_ptr<const results::EventStandings> event,
                          std::string filter_label, std::string search) {
    EventView v;
    v.filter_label = std::move(filter_label);
    v.search = std::move(search);
    if (!event) return v;
    v.filters = board_filters(*event);
    v.filter = v.filters.front();
    for (const auto& f : v.filters)
        if (f.label == v.filter_label) v.filter = f;
    v.rows = board_rows(*event, v.filter, v.search);
    v.histogram = finish_histogram(*event);
    v.event = std::move(event);
    return v;
}

BoardWorker::BoardWorker(std::function<void()> ready)
    : ready_(std::move(ready)), thread_([this] { run(); }) {}

BoardWorker::~BoardWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void BoardWorker::request(const std::shared_ptr<const results::EventStandings>& event,
                          const std::string& filter_label, const std::string& search) {
    Request r{event, filter_label, search};
    {
        std::lock_guard lock(mutex_);
        if (asked_ && *asked_ == r) return;
        asked_ = r;
        pending_ = std::move(r);
    }
    wake_.notify_one();
}

std::shared_ptr<const EventView> BoardWorker::latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

bool BoardWorker::settled() const {
    std::lock_guard lock(mutex_);
    return !pending_ && asked_ && done_ && *asked_ == *done_;
}

void BoardWorker::run() {
    for (;;) {
        Request r;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || pending_.has_value(); });
            if (stopping_) return;
            r = std::move(*pending_);
            pending_.reset();
        }
        auto view =
            std::make_shared<const EventView>(make_event_view(r.event, r.filter_label, r.search));
        {
            std::lock_guard lock(mutex_);
            latest_ = std::move(view);
            done_ = std::move(r);
        }
        if (ready_) ready_();
    }
}

}  // namespace fl::gui
