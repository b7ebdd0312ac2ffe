#pragma once
// The one exception type of the demo: a device that failed, or reads that did not arrive.
#include <stdexcept>

namespace fl::demo {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace fl::demo
