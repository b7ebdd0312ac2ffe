#pragma once
// The one error type of the GUI: no display, no OpenGL 3.3, a font that cannot be loaded,
// a screenshot that cannot be written. Messages say what to do about it.
#include <stdexcept>
#include <string>

namespace fl::gui {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace fl::gui
