#pragma once
// The one exception type of the ingest library. Messages name the reader, connection or
// port and say what to do.
#include <stdexcept>
#include <string>

namespace fl::ingest {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace fl::ingest
