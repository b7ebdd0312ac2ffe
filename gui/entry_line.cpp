#include "gui/entry_line.hpp"

namespace fl::gui {
namespace {

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::string trimmed(const std::string& t) {
    const auto b = t.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = t.find_last_not_of(" \t");
    return t.substr(b, e - b + 1);
}

}  // namespace

std::optional<std::string> EntryLine::type(char32_t c) {
    if (c == enter || c == U'\r') {
        auto line = trimmed(text_);
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
    append_utf8(text_, c);
    return std::nullopt;
}

}  // namespace fl::gui
