#pragma once
// The one exception type of the simulator library. Messages name the file, line, device or
// connection and say what was expected.
#include <stdexcept>

namespace fl::sim {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace fl::sim
