#pragma once
// The window's pixels as a PNG: how the README pictures are made and how the GUI is checked on
// a machine without a screen (xvfb-run).
#include <span>
#include <string>

namespace fl::gui {

// Reads the current OpenGL read buffer (w × h, RGB) and writes it to `path` as a PNG, top row
// first. Throws gui::Error naming the file when it cannot be written.
void save_framebuffer_png(const std::string& path, int width, int height);

// Writes bottom-up RGB rows (as glReadPixels returns them) as a top-down PNG.
void write_png_bottom_up(const std::string& path, int width, int height,
                         std::span<const unsigned char> rgb);

}  // namespace fl::gui
