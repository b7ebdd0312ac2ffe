#pragma once
// What one frame is drawn from: one standings snapshot and one reading of each clock, so every
// panel of a frame agrees.
#include "gui/auto_pager.hpp"
#include "gui/fonts.hpp"
#include "results/standings.hpp"
#include "timing/config.hpp"

namespace fl::gui {

struct FrameContext {
    const results::Standings& standings;
    timing::Instant now;  // race clock
    SteadyTime tick;      // real time (paging, refresh intervals)
    const FontSet& fonts;
    timing::Duration highlight_window;  // race-clock time a fresh finish stays highlighted
    const timing::RaceCalendar& calendar;
};

}  // namespace fl::gui
