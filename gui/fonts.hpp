#pragma once
// DejaVu Sans (fonts-dejavu-core) rasterised at the sizes the board and the console use, for
// the characters the race's text holds: Latin, Vietnamese, Greek and Cyrillic from DejaVu,
// Chinese, Japanese and Korean from Droid Sans Fallback (fonts-droid-fallback). A new scale or
// a new character re-rasterises the atlas (sharp at any size), it does not stretch pixels.
#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace fl::results {
struct Standings;
}
namespace fl::timing {
struct RaceConfig;
}

namespace fl::gui {

// The characters the atlas holds: always ASCII, Latin-1, Latin Extended-A and some
// punctuation (everything the program itself writes, and what a marshal types), plus every
// character of the race's names, teams, categories, events, waves, readers and messages.
// ImGui 1.86 (16-bit ImWchar) draws the Basic Multilingual Plane only; characters beyond it
// are not collected.
class GlyphSet {
public:
    GlyphSet();

    // Adds the characters of `utf8` (decoded as ImGui decodes what it draws); true when one
    // was new.
    bool add(std::string_view utf8);
    bool add(const results::Standings& s);
    bool add(const timing::RaceConfig& c);

    bool contains(unsigned codepoint) const { return codepoint < has_.size() && has_[codepoint]; }
    std::size_t size() const { return has_.count(); }
    // ImGui glyph ranges: pairs of first and last codepoint, then a 0.
    std::vector<ImWchar> ranges() const;
    // The characters, ascending.
    std::vector<ImWchar> characters() const;

private:
    std::bitset<0x10000> has_;
};

struct FontSet {
    ImFont* ui = nullptr;  // console text
    ImFont* ui_bold = nullptr;
    ImFont* board = nullptr;  // board tables: readable from across the finish area
    ImFont* board_bold = nullptr;
    ImFont* clock = nullptr;  // the race clocks
    ImFont* entry = nullptr;  // the bib box
    float scale = 1.0f;
    // Characters of the glyph set that no installed font draws (shown as '?').
    std::vector<ImWchar> missing;
    // The atlas's fonts point into this (ImGui keeps the pointer): it lives as long as they do.
    std::vector<ImWchar> ranges;
};

inline constexpr float min_font_scale = 0.5f;
inline constexpr float max_font_scale = 3.0f;
inline constexpr float font_scale_step = 1.15f;  // one Ctrl +/−
float clamp_font_scale(float scale);

// Where fonts-dejavu-core installs DejaVu Sans.
std::string default_font_dir();

// Clears `atlas` and adds the fonts at `scale` (clamped) × the base sizes for the characters
// of `glyphs`; builds the atlas. Throws gui::Error naming the file (and the package to
// install) when DejaVu Sans is missing; a missing fallback font only leaves its characters
// out (FontSet::missing, and missing_fonts_message says what to install).
FontSet load_fonts(ImFontAtlas& atlas, float scale, const std::string& font_dir,
                   const GlyphSet& glyphs = GlyphSet());

// For a non-empty FontSet::missing: which characters, and the package that would draw them.
std::string missing_fonts_message(const std::vector<ImWchar>& missing);

}  // namespace fl::gui
