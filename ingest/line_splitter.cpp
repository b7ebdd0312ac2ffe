#include "ingest/line_splitter.hpp"

namespace fl::ingest {

LineSplitter::LineSplitter(Ends ends, std::size_t max_bytes) : ends_(ends), max_(max_bytes) {}

bool LineSplitter::feed(std::string_view bytes,
                        const std::function<void(std::string_view)>& on_line) {
    if (overflowed_) return false;
    for (const char c : bytes) {
        bool end = false;
        switch (ends_) {
            case Ends::crlf:
                if (c == '\n') {
                    if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
                    end = true;
                }
                break;
            case Ends::cr_or_lf:
                end = c == '\r' || c == '\n';
                if (end && partial_.empty()) continue;  // the LF of a CRLF, or a blank line
                break;
            case Ends::dollar:
                if (c == '\r' || c == '\n' || c == '\0') continue;
                end = c == '$';
                break;
        }
        if (end) {
            on_line(partial_);
            partial_.clear();
            continue;
        }
        // A CR may follow a line of exactly the maximum length (it is dropped with the LF).
        if (partial_.size() >= max_ + (c == '\r' && ends_ == Ends::crlf ? 1 : 0)) {
            overflowed_ = true;
            partial_.clear();
            return false;
        }
        partial_.push_back(c);
    }
    return true;
}

}  // namespace fl::ingest
