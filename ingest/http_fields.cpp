#include "ingest/http_fields.hpp"

#include "timing/text.hpp"

namespace fl::ingest {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The entity tag without a weak prefix: W/"12" and "12" match weakly.
std::string_view opaque(std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
}

std::string_view trim_ows(std::string_view s) {  // RFC 9110 OWS: spaces and tabs
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Calls f(element) for each comma-separated element of a header list, trimmed.
template <class F>
bool any_element(std::string_view list, F f) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto element = trim_ows(list.substr(0, comma));
        if (!element.empty() && f(element)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

std::optional<std::string> decode_component(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string query_value(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = pair.find('=');
        const auto name = decode_component(pair.substr(0, eq));
        if (!name || *name != key) continue;
        if (eq == std::string_view::npos) return {};
        return decode_component(pair.substr(eq + 1)).value_or("");
    }
    return {};
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    if (trim_ows(if_none_match) == "*") return true;
    return any_element(if_none_match, [&](std::string_view tag) { return opaque(tag) == opaque(etag); });
}

bool accepts_coding(std::string_view accept_encoding, std::string_view coding) {
    return any_element(accept_encoding, [&](std::string_view element) {
        const auto semi = element.find(';');
        const auto name = trim_ows(element.substr(0, semi));
        if (!timing::iequals(name, coding) && name != "*") return false;
        if (semi == std::string_view::npos) return true;
        // "gzip;q=0" refuses it; any other q-value accepts.
        auto params = trim_ows(element.substr(semi + 1));
        if (params.size() < 2 || !timing::iequals(params.substr(0, 2), "q=")) return true;
        params.remove_prefix(2);
        return params.find_first_not_of("0.") != std::string_view::npos;
    });
}

}  // namespace fl::ingest
