#include "timing/text.hpp"

#include <algorithm>

namespace fl::timing {
namespace {

// The C locale's isspace, without consulting the locale.
constexpr bool ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
constexpr bool blank(char c) { return c == ' ' || c == '\t'; }
constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

template <class Strip>
std::string_view trim_if(std::string_view t, Strip strip) {
    while (!t.empty() && strip(t.front())) t.remove_prefix(1);
    while (!t.empty() && strip(t.back())) t.remove_suffix(1);
    return t;
}

}  // namespace

std::string_view trim(std::string_view text) { return trim_if(text, ascii_space); }
std::string_view trim_blanks(std::string_view text) { return trim_if(text, blank); }

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> out;
    for (;;) {
        const auto at = text.find(sep);
        out.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return out;
        text.remove_prefix(at + 1);
    }
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = lower(c);
    return out;
}

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = upper(c);
    return out;
}

}  // namespace fl::timing
