#include "ingest/bibscan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ingest/record_hash.hpp"
#include "timing/text.hpp"

namespace fl::ingest {

BibScanParser::BibScanParser(const ReadBuilder& builder) : builder_(builder) {}

ParseOutput BibScanParser::feed(std::string_view bytes, timing::Instant now) {
    ParseOutput out;
    const bool ok = lines_.feed(bytes, [&](std::string_view text) { line(text, now, out); });
    if (!ok) {
        out.fatal = fmt::format("a line longer than {} bytes: not a bib scanner, closing",
                                lines_.max_bytes());
    }
    return out;
}

void BibScanParser::line(std::string_view text, timing::Instant now, ParseOutput& out) {
    const auto t = timing::trim(text);
    if (t.empty()) return;
    const auto space = t.find_first_of(" \t");
    const auto bib = t.substr(0, space);
    if (!valid_bib(bib)) {
        out.malformed.push_back({fmt::format("expected a bib (1-{} printable characters), "
                                             "optionally followed by HH:MM:SS.fff",
                                             max_bib_length),
                                 std::string(text)});
        return;
    }
    timing::NewEntry e;
    e.bib = std::string(bib);
    e.source = builder_.entry_source();
    if (space == std::string_view::npos) {
        e.kind = timing::EntryKind::scan;
        e.time = now;
    } else {
        const auto tod = timing::parse_time_of_day(timing::trim(t.substr(space)));
        if (!tod) {
            out.malformed.push_back({"expected \"<bib>\" or \"<bib> HH:MM:SS.fff\"", std::string(text)});
            return;
        }
        e.kind = timing::EntryKind::finish;
        e.time = builder_.at_time_of_day(*tod);
        // A scanner bridge that resends a timed line after a reconnect: stored once.
        e.device_seq = record_hash(t);
    }
    out.entries.push_back(std::move(e));
}

}  // namespace fl::ingest
