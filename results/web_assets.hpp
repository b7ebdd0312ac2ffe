#pragma once
// The style sheet and script of the web pages, compiled into the binary (nothing is read from
// disk and nothing comes from the internet: the venue may have no connection). Served as
// /app.css and /app.js; pages link them with ?v=<tag> so a phone may keep them for a year.
#include <string_view>

namespace fl::results {

struct WebAsset {
    std::string_view path;          // "/app.css"
    std::string_view content_type;  // "text/css; charset=utf-8"
    std::string_view body;
    std::string_view tag;           // a hash of the body, hex: the ETag and the ?v= of links
};

const WebAsset& web_css();
const WebAsset& web_js();
// The asset served at `path` ("/app.css"), or nullptr.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace fl::results
