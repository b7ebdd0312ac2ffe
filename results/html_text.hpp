#pragma once
// Participant text put into HTML (the results.html export and the web pages): the one escaper,
// and the one percent-encoder for names put into a link's path or query.
#include <string>
#include <string_view>

namespace fl::results {

// `text` safe as HTML element content and as a quoted attribute value: & < > " ' escaped, and
// bytes that are not UTF-8 (a race file written before text was checked) replaced by U+FFFD.
std::string html_escape(std::string_view text);

// `text` as one URL path segment or query value (RFC 3986): every byte but the unreserved
// A-Z a-z 0-9 - . _ ~ as %XX, so "/", "?", "&", "#" and spaces inside a name stay in it.
std::string url_component(std::string_view text);

}  // namespace fl::results
