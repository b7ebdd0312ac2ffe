#include "timing/text_encoding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "timing/error.hpp"

namespace fl::timing {
namespace {

// The length of the valid UTF-8 sequence starting at `i`, or 0 (Unicode 15, table 3-7).
std::size_t utf8_length_at(std::string_view t, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(t[i + k]); };
    const auto c = b(0);
    if (c < 0x80) return 1;
    const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return i + k < t.size() && b(k) >= lo && b(k) <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;  // no surrogates
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

// Windows-1252 bytes 0x80-0x9F; 0 where the code page leaves the byte undefined. The rest of
// the code page is Latin-1 (byte = code point).
constexpr std::array<char32_t, 32> cp1252_high{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t cp1252(unsigned char c) { return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c; }

// Whether a Windows-1252 byte is something a name or team holds: an accented letter, or the
// apostrophes, dashes and spaces that come with names. A file whose non-ASCII bytes are all of
// these is taken for Windows-1252; a '£' or '³' there means another code page (Windows-1250
// writes Ł and ł as those bytes), which a guess would garble.
bool cp1252_name_byte(unsigned char c) {
    if (c >= 0xC0) return c != 0xD7 && c != 0xF7;  // À-ÿ but × and ÷
    switch (c) {
    case 0x8A: case 0x8C: case 0x8E: case 0x9A: case 0x9C: case 0x9E: case 0x9F:  // Š Œ Ž š œ ž Ÿ
    case 0x91: case 0x92: case 0xB4:                                              // ‘ ’ ´
    case 0x96: case 0xA0: case 0xB7:                                              // – nbsp ·
        return true;
    default:
        return false;
    }
}

// Where a byte offset is, counted the way the CSV reader counts lines (LF, CRLF or CR).
struct Position {
    int line = 1;
    std::size_t column = 1;  // bytes from the line start, 1-based
};

// A line ends at LF, at CR not followed by LF, and so once at CRLF, as the CSV reader counts.
bool line_ends_at(std::string_view t, std::size_t i) {
    return t[i] == '\n' || (t[i] == '\r' && (i + 1 >= t.size() || t[i + 1] != '\n'));
}

// TOML ends a line at LF only (a CR must come before an LF); the CSV reader also at a lone CR.
enum class LineEnds { lf, csv };

Position position_of(std::string_view t, std::size_t offset, LineEnds ends = LineEnds::csv) {
    Position p;
    std::size_t start = 0;
    for (std::size_t i = 0; i < offset && i < t.size(); ++i) {
        if (ends == LineEnds::lf ? t[i] == '\n' : line_ends_at(t, i)) {
            ++p.line;
            start = i + 1;
        }
    }
    p.column = offset - start + 1;
    return p;
}

[[noreturn]] void refuse_at(std::string_view source, std::string_view bytes, std::size_t offset,
                            std::string_view what) {
    const auto p = position_of(bytes, offset);
    throw Error(fmt::format("{}:{}: byte 0x{:02X} at column {} {}", source, p.line,
                            static_cast<unsigned char>(bytes[offset]), p.column, what));
}

std::string decode_utf8(std::string_view bytes, std::string_view source) {
    if (auto bad = invalid_utf8_at(bytes))
        refuse_at(source, bytes, *bad,
                  "is not UTF-8: save the file as UTF-8, or name its encoding (--encoding "
                  "windows-1252 for a CSV saved by Excel on Windows)");
    return std::string(bytes);
}

// Windows-1252 or Latin-1 to UTF-8; counts the lines that held non-ASCII text.
std::string decode_single_byte(std::string_view bytes, Encoding e, std::string_view source,
                               int& converted_lines) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    int last_line = 0;
    int line = 1;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (line_ends_at(bytes, i)) ++line;
        if (c < 0x80) {
            out += static_cast<char>(c);
            continue;
        }
        if (e == Encoding::latin1 && c < 0xA0)
            refuse_at(source, bytes, i,
                      "is a control character in Latin-1: a file from Windows is Windows-1252 "
                      "(--encoding windows-1252)");
        const auto cp = e == Encoding::latin1 ? char32_t{c} : cp1252(c);
        if (cp == 0)
            refuse_at(source, bytes, i,
                      "is not a character in Windows-1252: save the file as UTF-8 and import it "
                      "again");
        append_utf8(out, cp);
        if (line != last_line) {
            ++converted_lines;
            last_line = line;
        }
    }
    return out;
}

std::string decode_utf16(std::string_view bytes, bool little_endian, std::string_view source) {
    std::string out;
    out.reserve(bytes.size());
    int line = 1;
    auto unit = [&](std::size_t i) {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return static_cast<char32_t>(little_endian ? a | (b << 8) : (a << 8) | b);
    };
    auto refuse = [&](std::string_view what) {
        throw Error(fmt::format("{}:{}: {}: the file is not valid UTF-16{}; save it as UTF-8 and "
                                "import it again",
                                source, line, what, little_endian ? "LE" : "BE"));
    };
    if (bytes.size() % 2 != 0) {
        // Count the lines first, so that the message names the last one.
        for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
            if (unit(i) == '\n') ++line;
        refuse(fmt::format("an odd number of bytes ({})", bytes.size()));
    }
    for (std::size_t i = 0; i < bytes.size(); i += 2) {
        char32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            const auto low = i + 3 < bytes.size() ? unit(i + 2) : char32_t{0};
            if (low < 0xDC00 || low > 0xDFFF)
                refuse(fmt::format("a lone high surrogate 0x{:04X}", static_cast<unsigned>(cp)));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            refuse(fmt::format("a lone low surrogate 0x{:04X}", static_cast<unsigned>(cp)));
        }
        if (cp == '\n') ++line;
        append_utf8(out, cp);
    }
    return out;
}

std::string squash(std::string_view name) {
    std::string out;
    for (const char c : name)
        if (c != '-' && c != '_' && c != ' ')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string escaped_bytes(std::string_view raw, std::size_t limit) {
    std::string out;
    out.reserve(std::min(raw.size(), limit) + 8);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (out.size() >= limit) {
            out += fmt::format("... ({} bytes)", raw.size());
            break;
        }
        const auto c = static_cast<unsigned char>(raw[i]);
        if (c < 0x20 || c >= 0x7f || c == '\\') {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto n = utf8_length_at(text, i);
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

std::string utf8_problem(std::string_view text) {
    const auto bad = invalid_utf8_at(text);
    if (!bad) return {};
    return fmt::format("byte 0x{:02X} at position {} is not UTF-8",
                       static_cast<unsigned char>(text[*bad]), *bad + 1);
}

std::string utf8_problem(std::string_view text, std::string_view source) {
    const auto bad = invalid_utf8_at(text);
    if (!bad) return {};
    const auto p = position_of(text, *bad, LineEnds::lf);
    return fmt::format("{}:{}: byte 0x{:02X} at column {} is not UTF-8", source, p.line,
                       static_cast<unsigned char>(text[*bad]), p.column);
}

std::string valid_utf8(std::string_view text) {
    if (is_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        const auto n = utf8_length_at(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string shown(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto n = utf8_length_at(text, i);
        if (n == 0 || c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string_view to_string(Encoding e) {
    switch (e) {
    case Encoding::utf8: return "UTF-8";
    case Encoding::windows_1252: return "Windows-1252";
    case Encoding::latin1: return "Latin-1";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
    }
    return "?";
}

std::optional<Encoding> parse_encoding(std::string_view name) {
    const auto n = squash(name);
    if (n == "utf8") return Encoding::utf8;
    if (n == "windows1252" || n == "cp1252") return Encoding::windows_1252;
    if (n == "latin1" || n == "iso88591") return Encoding::latin1;
    if (n == "utf16le") return Encoding::utf16le;
    if (n == "utf16be") return Encoding::utf16be;
    return std::nullopt;
}

std::string_view encoding_names() {
    return "utf-8, windows-1252 (cp1252), latin-1 (iso-8859-1), utf-16le, utf-16be";
}

DecodedText decode_text(std::string_view bytes, std::optional<Encoding> declared,
                        std::string_view source) {
    std::optional<Encoding> bom;
    if (bytes.starts_with("\xEF\xBB\xBF")) bom = Encoding::utf8;
    else if (bytes.starts_with("\xFF\xFE")) bom = Encoding::utf16le;
    else if (bytes.starts_with("\xFE\xFF")) bom = Encoding::utf16be;
    if (bom && declared && *bom != *declared)
        throw Error(fmt::format("{}:1: the file starts with a {} byte-order mark, but {} was "
                                "named: leave out --encoding, or name {}",
                                source, to_string(*bom), to_string(*declared), to_string(*bom)));
    if (bom) bytes.remove_prefix(*bom == Encoding::utf8 ? 3 : 2);

    DecodedText out;
    out.encoding = declared ? *declared : bom ? *bom : Encoding::utf8;
    switch (out.encoding) {
    case Encoding::utf16le:
    case Encoding::utf16be:
        out.text = decode_utf16(bytes, out.encoding == Encoding::utf16le, source);
        out.note = fmt::format("read as {}", to_string(out.encoding));
        return out;
    case Encoding::windows_1252:
    case Encoding::latin1:
        out.text = decode_single_byte(bytes, out.encoding, source, out.converted_lines);
        out.note = fmt::format("read as {}: {} line(s) with accented letters converted",
                               to_string(out.encoding), out.converted_lines);
        return out;
    case Encoding::utf8:
        break;
    }
    if (declared || bom) {
        out.text = decode_utf8(bytes, source);
        return out;
    }

    // Not said: UTF-8 if it is, else Windows-1252 if that reads as names.
    if (const auto nul = bytes.find('\0'); nul != std::string_view::npos)
        refuse_at(source, bytes, nul,
                  "is NUL: the file looks like UTF-16 without a byte-order mark; name it "
                  "(--encoding utf-16le or utf-16be) or save the file as UTF-8");
    const auto bad = invalid_utf8_at(bytes);
    if (!bad) {
        out.text = std::string(bytes);
        return out;
    }
    // Any well-formed multi-byte sequence says some of the file is UTF-8: the rest is not.
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) continue;
        if (utf8_length_at(bytes, i) > 1) {
            const auto p = position_of(bytes, i);
            refuse_at(source, bytes, *bad,
                      fmt::format("is not UTF-8, but line {} is: the file mixes encodings (rows "
                                  "pasted from another file?); save the whole file as UTF-8 and "
                                  "import it again",
                                  p.line));
        }
    }
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80 || cp1252_name_byte(c)) continue;
        if (cp1252(c) == 0)
            refuse_at(source, bytes, i,
                      "is neither UTF-8 nor Windows-1252: save the file as UTF-8 and import it "
                      "again");
        std::string as_1252;
        append_utf8(as_1252, cp1252(c));
        refuse_at(source, bytes, i,
                  fmt::format("is not UTF-8, and as Windows-1252 it would be '{}', not a letter: "
                              "the file is in another encoding (Windows-1252 has no ł, ś, ő and "
                              "other Central European letters). Save it as UTF-8 and import it "
                              "again, or say --encoding windows-1252 if '{}' is right",
                              as_1252, as_1252));
    }
    out.encoding = Encoding::windows_1252;
    out.text = decode_single_byte(bytes, out.encoding, source, out.converted_lines);
    out.note = fmt::format("read as Windows-1252 (the file is not UTF-8): {} line(s) with "
                           "accented letters converted",
                           out.converted_lines);
    return out;
}

}  // namespace fl::timing
