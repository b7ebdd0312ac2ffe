#pragma once
// A small bitmap font (printable ASCII, 5 pixels wide, 7 above the baseline and 2 below), drawn
// scaled up: the address under a printed QR code. Built into the binary, so nothing depends on
// which fonts the machine has (a build machine or CI may have none).
#include <string_view>

namespace fl::results::bitmap_font {

constexpr int glyph_width = 5;
constexpr int glyph_height = 9;  // 7 rows of capitals and digits, 2 of descenders (g, j, p, q, y)
constexpr int advance = glyph_width + 1;   // a column of space between characters
constexpr int line_height = glyph_height + 2;

// Whether pixel (x, y) of `c`, from its top left, is ink. A character outside printable ASCII
// is drawn as '?': the font is for addresses, which are ASCII (a host with accents is written
// in its xn-- form).
bool ink(char c, int x, int y);

}  // namespace fl::results::bitmap_font
