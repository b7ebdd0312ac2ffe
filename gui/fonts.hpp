#pragma once
// DejaVu Sans (fonts-dejavu-core) rasterised at the sizes the board and the console use. A new
// scale re-rasterises the atlas (sharp at any size), it does not stretch pixels.
#include <string>

struct ImFont;
struct ImFontAtlas;

namespace fl::gui {

struct FontSet {
    ImFont* ui = nullptr;  // console text
    ImFont* ui_bold = nullptr;
    ImFont* board = nullptr;  // board tables: readable from across the finish area
    ImFont* board_bold = nullptr;
    ImFont* clock = nullptr;  // the race clocks
    ImFont* entry = nullptr;  // the bib box
    float scale = 1.0f;
};

inline constexpr float min_font_scale = 0.5f;
inline constexpr float max_font_scale = 3.0f;
inline constexpr float font_scale_step = 1.15f;  // one Ctrl +/−
float clamp_font_scale(float scale);

// Where fonts-dejavu-core installs DejaVu Sans.
std::string default_font_dir();

// Clears `atlas` and adds the fonts at `scale` (clamped) × the base sizes; builds the atlas.
// Throws gui::Error naming the file (and the package to install) when a font is missing.
FontSet load_fonts(ImFontAtlas& atlas, float scale, const std::string& font_dir);

}  // namespace fl::gui
