#include "gui/fonts.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <utility>

#include <fmt/format.h>
#include <imgui_internal.h>

#include "gui/error.hpp"
#include "results/standings.hpp"
#include "timing/config.hpp"

namespace fl::gui {
namespace {

// What the program writes itself and what a marshal types: Latin-1 and Latin Extended-A
// cover most runners' names too; a few punctuation marks and the minus sign for the countdown.
constexpr ImWchar base_ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2010,
                                   0x2027, 0x2212, 0x2212, 0};
constexpr ImWchar ascii_ranges[] = {0x0020, 0x007E, 0x2212, 0x2212, 0};

// Scripts DejaVu Sans lacks, each from a Debian package. fonts-droid-fallback: Droid Sans
// Fallback, plain TrueType (what stb_truetype reads best), 4 MB: Chinese (simplified and
// traditional) and Japanese in its "Full" file, Korean Hangul in the other; fonts-noto-cjk
// would be 91 MB of OpenType. A fallback is only read when the race has a character in its
// blocks; a character comes from the first font that has it.
using Block = std::pair<unsigned, unsigned>;  // first and last codepoint
constexpr Block cjk_blocks[] = {
    {0x2E80, 0x33FF},  // CJK radicals, punctuation, kana, Bopomofo, enclosed and compatibility
    {0x3400, 0x9FFF},  // CJK ideographs (and extension A)
    {0xF900, 0xFAFF},  // CJK compatibility ideographs
    {0xFF00, 0xFFEF},  // full- and half-width forms
};
constexpr Block hangul_blocks[] = {
    {0x1100, 0x11FF},  // Hangul Jamo
    {0x3130, 0x318F},  // Hangul compatibility Jamo
    {0xAC00, 0xD7AF},  // Hangul syllables
};
struct Fallback {
    std::string_view path;
    std::string_view package;
    std::string_view scripts;
    std::span<const Block> blocks;
};
constexpr Fallback fallbacks[] = {
    {"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "fonts-droid-fallback",
     "Chinese and Japanese", cjk_blocks},
    {"/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf", "fonts-droid-fallback",
     "Korean", hangul_blocks},
};

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

// A fallback font's bytes, read once for the life of the program: every size merges the same
// file, and the atlas is rebuilt whenever the race brings a new character.
const std::vector<char>* fallback_data(std::string_view path) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<std::vector<char>>, std::less<>> cache;
    std::lock_guard lock(mutex);
    if (const auto it = cache.find(path); it != cache.end()) return it->second.get();
    std::unique_ptr<std::vector<char>> data;
    if (std::ifstream in{std::string(path), std::ios::binary})
        data = std::make_unique<std::vector<char>>(std::istreambuf_iterator<char>(in),
                                                   std::istreambuf_iterator<char>());
    if (data && data->empty()) data.reset();
    return cache.emplace(std::string(path), std::move(data)).first->second.get();
}

bool in_base(unsigned c) {
    for (const ImWchar* r = base_ranges; r[0]; r += 2)
        if (c >= r[0] && c <= r[1]) return true;
    return false;
}

bool needs(const Fallback& f, const GlyphSet& glyphs) {
    for (const auto& [first, last] : f.blocks)
        for (unsigned c = first; c <= last; ++c)
            if (glyphs.contains(c)) return true;
    return false;
}

ImFontConfig config_for(float size) {
    ImFontConfig cfg;
    // Big glyphs need no sub-pixel oversampling, and it would blow the atlas up at large scales.
    cfg.OversampleH = size > 40.0f ? 1 : 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    return cfg;
}

ImFont* add(ImFontAtlas& atlas, const std::string& path, float size, const ImWchar* ranges) {
    auto cfg = config_for(size);
    auto* font = atlas.AddFontFromFileTTF(path.c_str(), size, &cfg, ranges);
    if (!font) throw Error(fmt::format("cannot load the font {}: is it a TrueType file?", path));
    return font;
}

// Merges the fallback fonts the race needs into the font just added: a character comes from
// the first font that has it (ImGui's merge mode keeps the glyphs already there).
void add_fallbacks(ImFontAtlas& atlas, float size, const ImWchar* ranges, const GlyphSet& glyphs) {
    for (const auto& f : fallbacks) {
        if (!needs(f, glyphs)) continue;
        const auto* data = fallback_data(f.path);
        if (!data) continue;  // not installed: FontSet::missing says so
        auto cfg = config_for(size);
        cfg.MergeMode = true;
        cfg.OversampleH = 1;  // ideographs are wide and many: sub-pixel positioning buys little
        cfg.FontDataOwnedByAtlas = false;
        // ImGui's signature takes a mutable pointer; with FontDataOwnedByAtlas false it only
        // reads the bytes.
        if (!atlas.AddFontFromMemoryTTF(const_cast<char*>(data->data()),
                                        static_cast<int>(data->size()), size, &cfg, ranges))
            throw Error(fmt::format("cannot load the font {}: is it a TrueType file?", f.path));
    }
}

}  // namespace

GlyphSet::GlyphSet() {
    for (const ImWchar* r = base_ranges; r[0]; r += 2)
        for (unsigned c = r[0]; c <= r[1]; ++c) has_.set(c);
}

bool GlyphSet::add(std::string_view utf8) {
    bool added = false;
    const char* p = utf8.data();
    const char* const end = p + utf8.size();
    while (p < end) {
        if (static_cast<unsigned char>(*p) < 0x80) {  // ASCII is always there
            ++p;
            continue;
        }
        unsigned c = 0;
        p += ImTextCharFromUtf8(&c, p, end);
        if (c < has_.size() && !has_[c]) {
            has_.set(c);
            added = true;
        }
    }
    return added;
}

bool GlyphSet::add(const results::Standings& s) {
    bool added = add(s.race);
    for (const auto& e : s.events) {
        added |= add(e->name);
        for (const auto& w : e->waves) added |= add(w.name);
        for (const auto& sp : e->splits) added |= add(sp.name);
        for (const auto& cat : e->categories) added |= add(cat);
        for (const auto& row : e->rows) {
            const auto& r = *row.runner;
            added |= add(r.bib) | add(r.name) | add(r.category) | add(r.team) | add(r.dq_reason);
        }
    }
    if (s.unassigned_reads)
        for (const auto& u : *s.unassigned_reads)
            added |= add(u.chip) | add(u.timing_point) | add(u.reader);
    if (s.flagged_reads)
        for (const auto& f : *s.flagged_reads) added |= add(f.chip) | add(f.reader) | add(f.reason);
    if (s.unpaired_taps)
        for (const auto& t : *s.unpaired_taps) added |= add(t.source);
    if (s.unknown_bibs)
        for (const auto& u : *s.unknown_bibs) added |= add(u.bib) | add(u.source);
    if (s.issues)
        for (const auto& i : *s.issues) added |= add(i.what);
    return added;
}

bool GlyphSet::add(const timing::RaceConfig& c) {
    bool added = add(c.name);
    for (const auto& e : c.events) {
        added |= add(e.name);
        for (const auto& w : e.waves) added |= add(w.name);
    }
    for (const auto& p : c.timing_points) added |= add(p.name);
    for (const auto& r : c.readers) added |= add(r.name);
    return added;
}

std::vector<ImWchar> GlyphSet::ranges() const {
    std::vector<ImWchar> out;
    for (unsigned c = 1; c < has_.size(); ++c) {
        if (!has_[c]) continue;
        unsigned last = c;
        while (last + 1 < has_.size() && has_[last + 1]) ++last;
        out.push_back(static_cast<ImWchar>(c));
        out.push_back(static_cast<ImWchar>(last));
        c = last;
    }
    out.push_back(0);
    return out;
}

std::vector<ImWchar> GlyphSet::characters() const {
    std::vector<ImWchar> out;
    for (unsigned c = 1; c < has_.size(); ++c)
        if (has_[c]) out.push_back(static_cast<ImWchar>(c));
    return out;
}

float clamp_font_scale(float scale) { return std::clamp(scale, min_font_scale, max_font_scale); }

std::string default_font_dir() { return FL_FONT_DIR; }

FontSet load_fonts(ImFontAtlas& atlas, float scale, const std::string& font_dir,
                   const GlyphSet& glyphs) {
    scale = clamp_font_scale(scale);
    const auto regular = font_file(font_dir, "DejaVuSans.ttf");
    const auto bold = font_file(font_dir, "DejaVuSans-Bold.ttf");
    atlas.Clear();
    FontSet f;
    f.scale = scale;
    f.ranges = glyphs.ranges();
    const ImWchar* text = f.ranges.data();
    auto add_text = [&](const std::string& path, float size) {
        auto* font = add(atlas, path, size * scale, text);
        add_fallbacks(atlas, size * scale, text, glyphs);
        return font;
    };
    f.ui = add_text(regular, BaseSize::ui);  // the first font is the default
    f.ui_bold = add_text(bold, BaseSize::ui);
    f.board = add_text(regular, BaseSize::board);
    f.board_bold = add_text(bold, BaseSize::board);
    f.clock = add(atlas, bold, BaseSize::clock * scale, ascii_ranges);
    // The bib box shows bibs and marshal commands: what a keyboard types.
    f.entry = add(atlas, bold, BaseSize::entry * scale, base_ranges);
    if (!atlas.Build())
        throw Error(
            fmt::format("cannot build the font atlas at scale {:.2f}: try a smaller "
                        "--font-scale",
                        scale));
    // Characters the program writes itself are not the race's (C1 controls have no glyph).
    for (const auto c : glyphs.characters())
        if (!in_base(c) && !f.ui->FindGlyphNoFallback(c)) f.missing.push_back(c);
    return f;
}

std::string missing_fonts_message(const std::vector<ImWchar>& missing) {
    std::string sample;
    for (std::size_t i = 0; i < missing.size() && i < 8; ++i) {
        char utf8[5] = {};
        sample += ImTextCharToUtf8(utf8, missing[i]);
    }
    std::string what;
    for (const auto& f : fallbacks) {
        const bool in_blocks = std::any_of(missing.begin(), missing.end(), [&](ImWchar c) {
            return std::any_of(f.blocks.begin(), f.blocks.end(),
                               [&](const auto& b) { return c >= b.first && c <= b.second; });
        });
        if (in_blocks)
            what += fmt::format("; {} names need {} (apt-get install {})", f.scripts, f.path,
                                f.package);
    }
    if (what.empty()) what = "; no font this program knows draws them";
    return fmt::format("{} character(s) of the race's text have no glyph and show as '?' ({}){}",
                       missing.size(), sample, what);
}

}  // namespace fl::gui
