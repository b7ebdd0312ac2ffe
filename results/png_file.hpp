#pragma once
// Writes pixels to a PNG file (stb_image_write): the QR sign here, the window's screenshots in
// gui/screenshot.cpp.
#include <span>
#include <string>

namespace fl::results {

// `pixels`: `height` rows of `width` pixels of `channels` bytes (1 grey, 3 RGB), top row first.
// Throws results::Error naming the file, and what to check, when it cannot be written.
void write_png(const std::string& path, int width, int height, int channels,
               std::span<const unsigned char> pixels);

}  // namespace fl::results
