#pragma once
// A property the fuzz harness checks did not hold. Distinct from the libraries' own error
// types on purpose: those are expected answers to bad input, this is a bug.
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "ingest/parse_output.hpp"

namespace fl::fuzz {

class Violation : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

// Bytes from the input, escaped (control bytes as \xNN) only when a message is formatted:
// require() takes its arguments on every call, so they must be cheap to pass.
struct Shown {
    std::string_view bytes;
};

// Formats the message only when the property fails: this runs millions of times.
template <class... Args>
void require(bool holds, fmt::format_string<Args...> what, Args&&... args) {
    if (!holds) throw Violation(fmt::format(what, std::forward<Args>(args)...));
}

}  // namespace fl::fuzz

template <>
struct fmt::formatter<fl::fuzz::Shown> : fmt::formatter<std::string_view> {
    template <class Context>
    auto format(const fl::fuzz::Shown& s, Context& ctx) const {
        const auto text = fl::ingest::printable(s.bytes, std::string_view::npos);
        return fmt::formatter<std::string_view>::format(text, ctx);
    }
};
