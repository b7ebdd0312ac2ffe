#pragma once
// The board's per-snapshot work, off the GUI thread. A new snapshot of a 50,000-runner event
// means passes over every row (the rows of a gender or category tab, a search, the genders
// present, the finishers-per-minute histogram): a few milliseconds, too long for a frame. The
// frame asks for the view it wants and draws the newest finished one meanwhile, so it only
// ever does work in proportion to the rows on screen.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gui/board_model.hpp"

namespace fl::gui {

// One event's table as a tab shows it: the rows (indices into event->rows), the tabs on offer
// and the histogram, all from the same snapshot.
struct EventView {
    std::shared_ptr<const results::EventStandings> event;  // the table the indices refer to
    std::string filter_label;                              // as asked; the filter used is `filter`
    BoardFilter filter;  // Overall when the asked-for tab does not exist (any more)
    std::string search;
    std::vector<BoardFilter> filters;
    std::vector<std::uint32_t> rows;
    FinishHistogram histogram;
};

// Computes a view synchronously (what the worker runs; tests call it directly).
EventView make_event_view(std::shared_ptr<const results::EventStandings> event,
                          std::string filter_label, std::string search);

class BoardWorker {
public:
    // `ready` runs on the worker thread after each view is done (wake the frame loop there).
    explicit BoardWorker(std::function<void()> ready = {});
    ~BoardWorker();  // finishes the view under way, then joins
    BoardWorker(const BoardWorker&) = delete;
    BoardWorker& operator=(const BoardWorker&) = delete;

    // GUI thread: the view wanted now. Returns at once; an older request not started yet is
    // dropped. Asking for what was last asked does nothing.
    void request(const std::shared_ptr<const results::EventStandings>& event,
                 const std::string& filter_label, const std::string& search);
    // The newest finished view (nullptr before the first).
    std::shared_ptr<const EventView> latest() const;
    // The newest view answers the newest request.
    bool settled() const;

private:
    void run();

    std::function<void()> ready_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    struct Request {
        std::shared_ptr<const results::EventStandings> event;
        std::string filter_label;
        std::string search;
        bool operator==(const Request&) const = default;
    };
    std::optional<Request> pending_;
    std::optional<Request> asked_;  // the newest request (GUI side bookkeeping)
    std::optional<Request> done_;   // what `latest_` answers
    std::shared_ptr<const EventView> latest_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace fl::gui
