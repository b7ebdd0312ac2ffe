#pragma once
// The one exception type of the timing library. Messages are written for the person at the
// finish line: they name the file/line/key or the record, and say what was expected.
#include <stdexcept>
#include <string>

namespace fl::timing {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace fl::timing
