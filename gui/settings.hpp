#pragma once
// What a person can set about the window: which view, how big the text is, how long things
// stay highlighted, when a reader counts as quiet.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "gui/auto_pager.hpp"
#include "gui/fonts.hpp"
#include "timing/time.hpp"

namespace fl::gui {

enum class View { board, console, both };
std::optional<View> parse_view(std::string_view text);  // "board", "console", "both"
std::string_view to_string(View v);

struct Settings {
    View view = View::both;
    float font_scale = 1.0f;
    std::string font_dir = default_font_dir();
    // Real seconds a new finish stays highlighted (whatever speed the race clock runs at).
    std::chrono::milliseconds highlight_for{8000};
    AutoPager::Timing paging{};
    // Race-clock time without a read, with runners on course, before a reader is called quiet.
    timing::Duration quiet_after = std::chrono::seconds{60};
    // The board shows the QR code of [web] public_url (when the race has [web]); F4 toggles it.
    bool show_qr = true;
    // Finishers per minute under the standings. Off on a remote board (finishline board
    // --mqtt): its tables hold the top 10 only, too few to count finishers by.
    bool histogram = true;
};

}  // namespace fl::gui
