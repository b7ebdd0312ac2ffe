#include "ingest/json_fields.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace fl::ingest {

using nlohmann::json;

namespace {

bool too_deep(std::string_view text) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_json_depth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

}  // namespace

std::optional<json> parse_json_object(std::string_view payload, std::size_t max_bytes, std::string_view example,
                                      std::string& error) {
    if (payload.size() > max_bytes) {
        error = fmt::format("{} bytes, more than the {} a message may have", payload.size(), max_bytes);
        return std::nullopt;
    }
    if (too_deep(payload)) {
        error = fmt::format("nested deeper than {} levels", max_json_depth);
        return std::nullopt;
    }
    auto j = json::parse(payload.begin(), payload.end(), nullptr, false);
    if (j.is_discarded()) {
        error = fmt::format("not JSON (expected an object such as {})", example);
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = "expected a JSON object";
        return std::nullopt;
    }
    return j;
}

bool JsonFields::fail(std::string_view key, std::string_view expected) {
    error = fmt::format("{}{}{}: expected {}", where, where.empty() ? "" : ".", key, expected);
    return false;
}

const json* JsonFields::find(std::string_view key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

bool JsonFields::integer(std::string_view key, std::int64_t& out, std::int64_t min, bool required) {
    const auto* v = find(key);
    if (!v) return !required || fail(key, "a whole number");
    if (!v->is_number_integer()) return fail(key, "a whole number");
    const auto n = v->is_number_unsigned()
                       ? (v->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                              ? min - 1
                              : static_cast<std::int64_t>(v->get<std::uint64_t>()))
                       : v->get<std::int64_t>();
    if (n < min) return fail(key, fmt::format("a whole number of at least {}", min));
    out = n;
    return true;
}

bool JsonFields::text(std::string_view key, std::string& out, std::size_t max, bool required, bool controls_ok) {
    const auto* v = find(key);
    if (!v) return !required || fail(key, "a string");
    if (!v->is_string()) return fail(key, "a string");
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > max) return fail(key, fmt::format("at most {} bytes, got {}", max, s.size()));
    if (!controls_ok &&
        std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return fail(key, "text without control characters");
    out = s;
    return true;
}

}  // namespace fl::ingest
