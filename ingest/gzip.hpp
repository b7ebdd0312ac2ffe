#pragma once
// The gzip file format (RFC 1952) of a byte string, by the system's zlib: what the web server
// sends as `Content-Encoding: gzip`.
#include <string>
#include <string_view>

namespace fl::ingest {

// zlib's level 1..9. Level 6 (zlib's default) packs a results export about 17 to 1; the web
// server compresses each answer once per standings version (web_gzip.hpp), so the extra time
// over level 1 is paid once, not per request.
inline constexpr int gzip_level = 6;

// `data` as one gzip member. Throws ingest::Error only when zlib cannot get its memory.
std::string gzip(std::string_view data, int level = gzip_level);

}  // namespace fl::ingest
