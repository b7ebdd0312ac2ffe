#pragma once
// Small text helpers every layer shares. All of them are ASCII-only and locale-free: bytes of
// UTF-8 text outside ASCII are never trimmed, lowered or matched case-insensitively.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fl::timing {

// Without leading and trailing ASCII whitespace: space, \t, \n, \v, \f, \r. For device
// fields and result files, where a stray line end around a value is noise.
std::string_view trim(std::string_view text);
// Without leading and trailing spaces and tabs only: what a person types around a value (a
// participants cell, a search box, a console input). Any other byte stays, so the value's own
// check reports a stray control byte instead of it vanishing silently.
std::string_view trim_blanks(std::string_view text);

// Splits on `sep`, keeping empty fields: "a~~b" has three fields, "" has one (empty).
std::vector<std::string_view> split(std::string_view text, char sep);

// Equal but for the case of ASCII letters.
bool iequals(std::string_view a, std::string_view b);
// ASCII letters lowered (upper-cased); every other byte unchanged.
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

// FNV-1a, 64-bit (Fowler/Noll/Vo): a fast, stable hash of bytes. Stored keys and seeds depend
// on its values, so it must never change.
class Fnv1a {
public:
    constexpr Fnv1a& add(std::string_view bytes) {
        for (const char c : bytes) add_byte(static_cast<unsigned char>(c));
        return *this;
    }
    constexpr Fnv1a& add_byte(unsigned char byte) {
        h_ = (h_ ^ byte) * 0x100000001b3ull;
        return *this;
    }
    constexpr std::uint64_t value() const { return h_; }

private:
    std::uint64_t h_ = 0xcbf29ce484222325ull;
};

constexpr std::uint64_t fnv1a(std::string_view bytes) { return Fnv1a{}.add(bytes).value(); }

}  // namespace fl::timing
