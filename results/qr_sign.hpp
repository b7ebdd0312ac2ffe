#pragma once
// A QR code laid out for printing on a sign: the code with its quiet zone, the text it holds
// written under it, black on white.
#include <string_view>
#include <vector>

#include "results/qr_code.hpp"

namespace fl::results {

struct GreyImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> pixels;  // row by row from the top, 0 black .. 255 white
    unsigned char at(int x, int y) const {
        return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                      static_cast<std::size_t>(x)];
    }
};

struct QrSignLayout {
    int module_px = 0;   // pixels per module side
    int code_px = 0;     // the code with its quiet zone: a code_px square at the top
    int text_scale = 0;  // pixels per pixel of the bitmap font
    int text_lines = 0;
};

// The code about `width_px` wide (whole pixels per module, so every module is the same size;
// at least one), with `caption` under it in as large a type as fits the width, over several
// lines when it is long.
GreyImage qr_sign(const QrCode& code, std::string_view caption, int width_px,
                  QrSignLayout* layout = nullptr);

}  // namespace fl::results
