#include "gui/entry_line.hpp"

#include "timing/text.hpp"
#include "timing/text_encoding.hpp"

namespace fl::gui {

std::optional<std::string> EntryLine::type(char32_t c) {
    if (c == enter || c == U'\r') {
        auto line = std::string(timing::trim_blanks(text_));
        text_.clear();
        if (line.empty()) return std::nullopt;
        return line;
    }
    if (c == backspace) {
        // Remove one whole UTF-8 character.
        while (!text_.empty()) {
            const auto last = static_cast<unsigned char>(text_.back());
            text_.pop_back();
            if ((last & 0xC0) != 0x80) break;
        }
        return std::nullopt;
    }
    if (c == escape) {
        text_.clear();
        return std::nullopt;
    }
    if (c < 0x20 || c == 0x7f || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
    if (c == U' ' && text_.empty()) return std::string("TAP");
    if (text_.size() + 4 > max_length) return std::nullopt;
    timing::append_utf8(text_, c);
    return std::nullopt;
}

}  // namespace fl::gui
