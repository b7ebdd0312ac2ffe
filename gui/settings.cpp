#include "gui/settings.hpp"

namespace fl::gui {

std::optional<View> parse_view(std::string_view t) {
    if (t == "board") return View::board;
    if (t == "console") return View::console;
    if (t == "both") return View::both;
    return std::nullopt;
}

std::string_view to_string(View v) {
    switch (v) {
        case View::board: return "board";
        case View::console: return "console";
        case View::both: return "both";
    }
    return "";
}

}  // namespace fl::gui
