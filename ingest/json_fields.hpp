#pragma once
// Reading JSON from a peer we do not trust (the MQTT broker's messages): bounded parsing that
// never throws, and field readers that say which field is wrong and what was expected. The
// relay messages and the standings messages share these rules (relay_message.hpp,
// standings_message.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fl::ingest {

// nlohmann's parser recurses once per nesting level: a megabyte of '[' would exhaust the
// stack, so a payload nested deeper than this is refused before parsing.
inline constexpr int max_json_depth = 6;

// Parses a JSON object of at most `max_bytes`, or says why not in `error` (`example` shows
// what was expected, e.g. `{"site": "km10", ...}`).
std::optional<nlohmann::json> parse_json_object(std::string_view payload, std::size_t max_bytes,
                                                std::string_view example, std::string& error);

// Field readers over one object: each returns false and sets `error` naming the field (after
// `where`, e.g. "reads[3]") and what was expected.
struct JsonFields {
    const nlohmann::json& obj;
    std::string where;
    std::string& error;

    bool fail(std::string_view key, std::string_view expected);
    const nlohmann::json* find(std::string_view key);
    bool integer(std::string_view key, std::int64_t& out, std::int64_t min, bool required = true);
    bool text(std::string_view key, std::string& out, std::size_t max, bool required, bool controls_ok = false);
};

}  // namespace fl::ingest
