#pragma once
// Spectator paging of a long table: a page stays up for a while, then the next one, back to
// the top after the last. Someone scrolling by hand pauses it; it carries on from where they
// left the list once they have stopped for a while. Real (steady) time: a demo's fast race
// clock must not flip pages faster than people can read.
#include <chrono>
#include <optional>

namespace fl::gui {

using SteadyTime = std::chrono::steady_clock::time_point;

class AutoPager {
public:
    struct Timing {
        std::chrono::milliseconds page_for{8000};
        std::chrono::milliseconds pause_after_hand{30000};
    };
    AutoPager() = default;
    explicit AutoPager(Timing t) : t_(t) {}

    // Once a frame: the list length and how many rows fit. Returns the first row to show.
    int update(int total_rows, int rows_per_page, SteadyTime now);
    // The person at the screen scrolled; `top_row` is the row now at the top.
    void scrolled_by_hand(int top_row, SteadyTime now);
    // A different list (another tab, a new search): start again from the first page.
    void restart(SteadyTime now);

    bool paused(SteadyTime now) const { return hand_until_ && now < *hand_until_; }
    bool paging() const { return paging_; }  // the list is longer than a page
    int first_row() const { return first_; }
    // When update() next turns a page or resumes (meaningful while paging()).
    SteadyTime next_change() const;

private:
    Timing t_{};
    int first_ = 0;
    bool paging_ = false;
    std::optional<SteadyTime> turned_;
    std::optional<SteadyTime> hand_until_;
};

}  // namespace fl::gui
