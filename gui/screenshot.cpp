#include "gui/screenshot.hpp"

#include <vector>

#include <GL/gl.h>
#include <fmt/format.h>

#include "gui/error.hpp"
#include "results/error.hpp"
#include "results/png_file.hpp"

namespace fl::gui {

void write_png_bottom_up(const std::string& path, int width, int height,
                         std::span<const unsigned char> rgb) {
    const auto stride = static_cast<std::size_t>(width) * 3;
    if (width <= 0 || height <= 0 || rgb.size() < stride * static_cast<std::size_t>(height))
        throw Error(
            fmt::format("cannot write the screenshot {}: no pixels ({}x{})", path, width, height));
    std::vector<unsigned char> top_down(stride * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        const auto* src = rgb.data() + stride * static_cast<std::size_t>(height - 1 - y);
        std::copy(
            src, src + stride,
            top_down.begin() + static_cast<std::ptrdiff_t>(stride * static_cast<std::size_t>(y)));
    }
    try {
        results::write_png(path, width, height, 3, top_down);
    } catch (const results::Error&) {
        throw Error(
            fmt::format("cannot write the screenshot {}: check that its folder exists and "
                        "is writable",
                        path));
    }
}

void save_framebuffer_png(const std::string& path, int width, int height) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(width) * 3 *
                                   static_cast<std::size_t>(std::max(height, 0)));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
    if (const auto err = glGetError(); err != GL_NO_ERROR)
        throw Error(
            fmt::format("cannot read the window's pixels for {}: OpenGL error 0x{:x}", path, err));
    write_png_bottom_up(path, width, height, rgb);
}

}  // namespace fl::gui
