#pragma once
// The whole content of a file as bytes (empty when it cannot be read: the checks then say why).
#include <fstream>
#include <iterator>
#include <string>

namespace fl::test {

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace fl::test
