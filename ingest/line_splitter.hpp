#pragma once
// Splits a byte stream into lines (or '$'-terminated records) whatever the chunking, with a
// bound on how much a peer can make us buffer.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace fl::ingest {

inline constexpr std::size_t max_line_bytes = 4096;

class LineSplitter {
public:
    enum class Ends {
        crlf,       // LF ends a line, a CR before it is dropped; empty lines are delivered
        cr_or_lf,   // CR, LF or CRLF end a line; empty lines are skipped
        dollar,     // '$' ends a record; CR, LF and NUL anywhere are dropped (MYLAPS)
    };

    explicit LineSplitter(Ends ends, std::size_t max_bytes = max_line_bytes);

    // Calls `on_line` for each complete line (without its terminator). Returns false when a
    // line grows past the bound: the caller must close the connection; nothing after the
    // offending line is delivered.
    bool feed(std::string_view bytes, const std::function<void(std::string_view)>& on_line);

    std::size_t buffered() const { return partial_.size(); }
    std::size_t max_bytes() const { return max_; }

private:
    Ends ends_;
    std::size_t max_;
    std::string partial_;
    bool overflowed_ = false;
};

}  // namespace fl::ingest
