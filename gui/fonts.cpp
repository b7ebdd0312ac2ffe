#include "gui/fonts.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <imgui.h>

#include "gui/error.hpp"

namespace fl::gui {
namespace {

// Latin-1 and Latin Extended-A cover most runners' names; a few punctuation marks and the
// minus sign for the countdown.
constexpr ImWchar text_ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010,
                                   0x2027, 0x2212, 0x2212, 0};
constexpr ImWchar ascii_ranges[] = {0x0020, 0x007E, 0x2212, 0x2212, 0};

struct BaseSize {
    static constexpr float ui = 18.0f;
    static constexpr float board = 28.0f;
    static constexpr float clock = 72.0f;
    static constexpr float entry = 44.0f;
};

std::string font_file(const std::string& dir, std::string_view name) {
    const auto path = (std::filesystem::path(dir) / name).string();
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        throw Error(
            fmt::format("cannot read the font {}: install the Debian package "
                        "fonts-dejavu-core (or point --font-dir at DejaVu Sans)",
                        path));
    return path;
}

ImFont* add(ImFontAtlas& atlas, const std::string& path, float size, const ImWchar* ranges) {
    ImFontConfig cfg;
    // Big glyphs need no sub-pixel oversampling, and it would blow the atlas up at large scales.
    cfg.OversampleH = size > 40.0f ? 1 : 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    auto* font = atlas.AddFontFromFileTTF(path.c_str(), size, &cfg, ranges);
    if (!font) throw Error(fmt::format("cannot load the font {}: is it a TrueType file?", path));
    return font;
}

}  // namespace

float clamp_font_scale(float scale) { return std::clamp(scale, min_font_scale, max_font_scale); }

std::string default_font_dir() { return FL_FONT_DIR; }

FontSet load_fonts(ImFontAtlas& atlas, float scale, const std::string& font_dir) {
    scale = clamp_font_scale(scale);
    const auto regular = font_file(font_dir, "DejaVuSans.ttf");
    const auto bold = font_file(font_dir, "DejaVuSans-Bold.ttf");
    atlas.Clear();
    FontSet f;
    f.scale = scale;
    f.ui = add(atlas, regular, BaseSize::ui * scale, text_ranges);  // the first font is the default
    f.ui_bold = add(atlas, bold, BaseSize::ui * scale, text_ranges);
    f.board = add(atlas, regular, BaseSize::board * scale, text_ranges);
    f.board_bold = add(atlas, bold, BaseSize::board * scale, text_ranges);
    f.clock = add(atlas, bold, BaseSize::clock * scale, ascii_ranges);
    f.entry = add(atlas, bold, BaseSize::entry * scale, text_ranges);
    if (!atlas.Build())
        throw Error(
            fmt::format("cannot build the font atlas at scale {:.2f}: try a smaller "
                        "--font-scale",
                        scale));
    return f;
}

}  // namespace fl::gui
