#pragma once
// The marshal console's bib box, fed one character at a time in the order they were typed.
// A keyboard-wedge barcode scanner types a whole bib and Enter within a few milliseconds, so
// the box cannot rely on seeing Enter as a key held down during some frame (ImGui 1.86 samples
// key state once a frame and would miss it): the window turns Enter, Backspace and Escape into
// characters in the same queue as the typed text, and this class reads that queue in order.
#include <cstddef>
#include <optional>
#include <string>

namespace fl::gui {

class EntryLine {
public:
    static constexpr char32_t enter = U'\n';
    static constexpr char32_t backspace = U'\b';
    static constexpr char32_t escape = 0x1b;
    static constexpr std::size_t max_length = 200;  // longer than any marshal line

    // Enter (or CR) completes the line and returns it, trimmed; a space typed into an empty
    // box returns "TAP". Backspace deletes a character, Escape clears; other control
    // characters are dropped, and so is what is typed past max_length.
    std::optional<std::string> type(char32_t c);

    const std::string& text() const { return text_; }
    void clear() { text_.clear(); }

private:
    std::string text_;
};

}  // namespace fl::gui
