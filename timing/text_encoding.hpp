#pragma once
// Every text that enters the race file is UTF-8. This is the one place that says what valid
// UTF-8 is, and that turns the other encodings a participants file arrives in (Windows-1252 from
// "Save as CSV" in Excel on Windows, Latin-1, UTF-16 with a byte-order mark) into it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fl::timing {

// The offset of the first byte that is not part of valid UTF-8, or nullopt when all of `text`
// is. Overlong forms, surrogates (U+D800-DFFF) and code points past U+10FFFF are not valid.
// Raw bytes as a log line or a listing shows them: printable ASCII as is, every other byte
// (and '\\') as \xNN, so any input gives one line of valid UTF-8; at most `limit` bytes of
// output, then "... (N bytes)".
std::string escaped_bytes(std::string_view raw, std::size_t limit = std::string_view::npos);

// Appends the UTF-8 encoding of the code point `cp` (at most U+10FFFF) to `out`.
void append_utf8(std::string& out, char32_t cp);

std::optional<std::size_t> invalid_utf8_at(std::string_view text);
inline bool is_utf8(std::string_view text) { return !invalid_utf8_at(text); }

// Why `text` is not UTF-8 ("byte 0xFC at position 3 is not UTF-8"), or "" when it is.
std::string utf8_problem(std::string_view text);

// The same for a TOML file's text, naming its line and column as TOML counts lines (at LF
// only): "race.toml:4: byte 0xE9 at column 9 is not UTF-8", or "" when it is.
std::string utf8_problem(std::string_view text, std::string_view source);

// `text` with every byte that is not UTF-8 replaced by U+FFFD: for outputs (exports, messages),
// which must be valid whatever an older race file holds.
std::string valid_utf8(std::string_view text);

// Arbitrary bytes shown in a message: UTF-8 kept, control characters and bytes that are not
// UTF-8 as \xNN, so that the message itself is valid, printable UTF-8.
std::string shown(std::string_view text);

enum class Encoding { utf8, windows_1252, latin1, utf16le, utf16be };
std::string_view to_string(Encoding e);
// "utf-8", "windows-1252" (or "cp1252"), "latin-1" (or "iso-8859-1"), "utf-16le", "utf-16be";
// any case, '-' and '_' optional.
std::optional<Encoding> parse_encoding(std::string_view name);
// The names parse_encoding takes, for messages.
std::string_view encoding_names();

struct DecodedText {
    std::string text;  // UTF-8, without a byte-order mark
    Encoding encoding = Encoding::utf8;
    int converted_lines = 0;  // lines with non-ASCII text converted from another encoding
    // What was done, for the person importing ("read as Windows-1252: 3 lines with accented
    // letters converted"), or "" for a UTF-8 file.
    std::string note;
};

// Reads a text file's bytes as UTF-8. With `declared`, the bytes are read in that encoding.
// Without, a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); else the file must be UTF-8,
// or else Windows-1252 whose every non-ASCII byte is a letter (what Excel on Windows writes):
// converted, and said so in `note`. A file mixing UTF-8 with another encoding is refused.
// Throws timing::Error naming `source`:line, the byte and what to do for anything else.
DecodedText decode_text(std::string_view bytes, std::optional<Encoding> declared,
                        std::string_view source);

}  // namespace fl::timing
