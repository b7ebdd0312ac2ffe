#pragma once
// MYLAPS ASCII exchange protocol (Timing & Scoring, BibTag): the MYLAPS side connects to us.
// Fields separated by '@', each message ends with '$'; several passings per message. A
// message is acknowledged (AckPassing) only after its passings are committed, so a message
// the device resends after a lost ack is stored once (passings carry no sequence: the key is
// a hash of the passing record).
#include <string>

#include "ingest/device_protocol.hpp"
#include "ingest/line_splitter.hpp"
#include "ingest/read_builder.hpp"

namespace fl::ingest {

// A message may carry dozens of passings, so the bound is larger than a line's.
inline constexpr std::size_t max_mylaps_message_bytes = 64 * 1024;

class MylapsParser : public DeviceProtocol {
public:
    explicit MylapsParser(const ReadBuilder& builder, std::string our_name = "FinishLine");

    ParseOutput start(timing::Instant) override { return {}; }
    ParseOutput feed(std::string_view bytes, timing::Instant now) override;
    ParseOutput keepalive(timing::Instant) override { return {}; }  // the device pings us
    bool has_keepalive() const override { return true; }

private:
    void message(std::string_view text, timing::Instant now, ParseOutput& out);
    void passing(std::string_view location, std::string_view record, timing::Instant now,
                 ParseOutput& out);

    const ReadBuilder& builder_;
    std::string name_;
    LineSplitter records_{LineSplitter::Ends::dollar, max_mylaps_message_bytes};
};

}  // namespace fl::ingest
