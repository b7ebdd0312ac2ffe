#include "results/png_file.hpp"

#include <fmt/format.h>
#include <stb_image_write.h>

#include "results/error.hpp"

namespace fl::results {

void write_png(const std::string& path, int width, int height, int channels,
               std::span<const unsigned char> pixels) {
    const auto stride = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
    if (width <= 0 || height <= 0 || channels <= 0 ||
        pixels.size() < stride * static_cast<std::size_t>(height))
        throw Error(fmt::format("cannot write {}: no pixels ({}x{})", path, width, height));
    if (!stbi_write_png(path.c_str(), width, height, channels, pixels.data(),
                        static_cast<int>(stride)))
        throw Error(fmt::format("cannot write {}: check that its folder exists and is writable",
                                path));
}

}  // namespace fl::results
