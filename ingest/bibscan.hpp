#pragma once
// Bib barcode scanners over TCP/serial bridges: each line (CR, LF or CRLF) is a bib, finished
// at the time we received it (a `scan` entry, paired with marshal taps when there are any).
// A line "<bib> <HH:MM:SS.fff>" carries its own finish time (a `finish` entry).
#include "ingest/device_protocol.hpp"
#include "ingest/line_splitter.hpp"
#include "ingest/read_builder.hpp"
#include "timing/participant_fields.hpp"

namespace fl::ingest {

inline constexpr std::size_t max_bib_length = timing::max_bib_length;

// A bib as typed or scanned: the participant field's rule (timing::valid_bib).
inline bool valid_bib(std::string_view bib) { return timing::valid_bib(bib); }

class BibScanParser : public DeviceProtocol {
public:
    explicit BibScanParser(const ReadBuilder& builder);

    ParseOutput start(timing::Instant) override { return {}; }
    ParseOutput feed(std::string_view bytes, timing::Instant now) override;
    ParseOutput keepalive(timing::Instant) override { return {}; }
    bool has_keepalive() const override { return false; }

private:
    void line(std::string_view text, timing::Instant now, ParseOutput& out);

    const ReadBuilder& builder_;
    LineSplitter lines_{LineSplitter::Ends::cr_or_lf};
};

}  // namespace fl::ingest
