#pragma once
// Small readings of HTTP request parts the web server needs (RFC 3986 query strings, RFC 9110
// entity tags and content codings), kept apart from sockets so each is tested on its own.
#include <optional>
#include <string>
#include <string_view>

namespace fl::ingest {

// The value of `key` in a query string ("event=Fun+Run&x=1"), percent-decoded, "+" a space;
// "" when absent or malformed.
std::string query_value(std::string_view query, std::string_view key);

// One path segment percent-decoded ("Fun%20Run" -> "Fun Run"); nullopt when malformed.
std::optional<std::string> decode_component(std::string_view s);

// Whether an If-None-Match header value ("\"12\", W/\"13\"" or "*") matches `etag` (weak
// comparison, RFC 9110 13.1.2).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Whether an Accept-Encoding header value accepts `coding` ("gzip"): listed (or "*") with a
// q-value above 0 (RFC 9110 12.5.3).
bool accepts_coding(std::string_view accept_encoding, std::string_view coding);

}  // namespace fl::ingest
