#include "results/qr_sign.hpp"

#include <algorithm>
#include <string>

#include "results/bitmap_font.hpp"

namespace fl::results {
namespace {

void fill(GreyImage& img, int x0, int y0, int w, int h, unsigned char v) {
    for (int y = y0; y < y0 + h; ++y)
        std::fill_n(img.pixels.begin() + static_cast<std::ptrdiff_t>(y) * img.width + x0, w, v);
}

std::vector<std::string_view> split(std::string_view text, std::size_t per_line) {
    std::vector<std::string_view> lines;
    while (text.size() > per_line) {
        // Break after a '/', '.', '?' or '&' when one is in the second half of the line, so
        // the pieces read as parts of the address.
        auto cut = per_line;
        const auto sep = text.substr(0, per_line).find_last_of("/.?&");
        if (sep != std::string_view::npos && sep + 1 >= per_line / 2) cut = sep + 1;
        lines.push_back(text.substr(0, cut));
        text.remove_prefix(cut);
    }
    lines.push_back(text);
    return lines;
}

}  // namespace

GreyImage qr_sign(const QrCode& code, std::string_view caption, int width_px,
                  QrSignLayout* layout) {
    namespace font = bitmap_font;
    const int modules = code.size() + 2 * QrCode::quiet_zone;
    QrSignLayout l;
    l.module_px = std::max(1, width_px / modules);
    l.code_px = l.module_px * modules;
    const int margin = QrCode::quiet_zone * l.module_px;  // the text lines up with the code
    const int room = std::max(l.code_px - 2 * margin, font::advance);

    // Capitals about a twelfth of the width at most (a short address is not a banner), and no
    // smaller than a 300th (still readable from arm's length on a printed A4 sign); a longer
    // address wraps at that size.
    const int largest = std::max(1, l.code_px / (12 * 7));
    const int smallest = std::max(2, l.code_px / 300);
    const int chars = static_cast<int>(std::max<std::size_t>(caption.size(), 1));
    const int one_line = room / (chars * font::advance);
    std::vector<std::string_view> lines;
    if (one_line >= smallest) {
        l.text_scale = std::min(one_line, largest);
        lines.push_back(caption);
    } else {
        l.text_scale = smallest;
        const int per_line = std::max(1, room / (smallest * font::advance));
        lines = split(caption, static_cast<std::size_t>(per_line));
    }
    l.text_lines = static_cast<int>(lines.size());

    const int s = l.text_scale;
    GreyImage img;
    img.width = l.code_px;
    img.height = l.code_px + l.text_lines * font::line_height * s + margin;
    img.pixels.assign(
        static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height), 255);

    for (int y = 0; y < code.size(); ++y)
        for (int x = 0; x < code.size(); ++x)
            if (code.dark(x, y))
                fill(img, margin + x * l.module_px, margin + y * l.module_px, l.module_px,
                     l.module_px, 0);

    int top = l.code_px;
    for (const auto line : lines) {
        const int w = static_cast<int>(line.size()) * font::advance * s - s;
        int left = std::max(0, (img.width - w) / 2);
        for (const char c : line) {
            for (int gy = 0; gy < font::glyph_height; ++gy)
                for (int gx = 0; gx < font::glyph_width; ++gx)
                    if (font::ink(c, gx, gy)) fill(img, left + gx * s, top + gy * s, s, s, 0);
            left += font::advance * s;
        }
        top += font::line_height * s;
    }
    if (layout) *layout = l;
    return img;
}

}  // namespace fl::results
