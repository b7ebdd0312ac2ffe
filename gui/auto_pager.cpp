#include "gui/auto_pager.hpp"

#include <algorithm>

namespace fl::gui {

int AutoPager::update(int total_rows, int rows_per_page, SteadyTime now) {
    if (!turned_) turned_ = now;
    paging_ = rows_per_page > 0 && total_rows > rows_per_page;
    if (!paging_) {
        first_ = 0;
        turned_ = now;
        hand_until_.reset();
        return first_;
    }
    if (hand_until_) {
        if (now < *hand_until_) return first_ = std::clamp(first_, 0, total_rows - 1);
        // Resume on the page the person left up; it gets a full turn before moving on.
        hand_until_.reset();
        turned_ = now;
    }
    if (now - *turned_ >= t_.page_for) {
        first_ += rows_per_page;
        if (first_ >= total_rows) first_ = 0;
        turned_ = now;
    }
    return first_ = std::clamp(first_, 0, total_rows - 1);
}

void AutoPager::scrolled_by_hand(int top_row, SteadyTime now) {
    first_ = std::max(top_row, 0);
    hand_until_ = now + t_.pause_after_hand;
}

void AutoPager::restart(SteadyTime now) {
    first_ = 0;
    turned_ = now;
    hand_until_.reset();
}

SteadyTime AutoPager::next_change() const {
    if (hand_until_) return *hand_until_;
    return turned_ ? *turned_ + t_.page_for : SteadyTime{};
}

}  // namespace fl::gui
