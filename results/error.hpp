#pragma once
// The one exception type of the results library. Messages name what was wrong (a file, an
// event, a category) and say what to do.
#include <stdexcept>
#include <string>

namespace fl::results {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace fl::results
