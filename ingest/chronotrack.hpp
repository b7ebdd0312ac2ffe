#pragma once
// ChronoTrack CTP01 (controllers, SimpleClient, TsConnector): the device connects to us.
// Fields separated by '~' (older firmware: ','), lines end CRLF. Either side may greet first;
// we greet on connect, and send `start` (or `start~<location>~<seq>` to resume) once the
// device has greeted us.
#include <cstdint>
#include <map>
#include <string>

#include "ingest/device_protocol.hpp"
#include "ingest/line_splitter.hpp"
#include "ingest/read_builder.hpp"

namespace fl::ingest {

class ChronoTrackParser : public DeviceProtocol {
public:
    // `resume`: the last sequence stored per device location; on a reconnect the device is
    // asked to resend from there (a resent read is stored once).
    ChronoTrackParser(const ReadBuilder& builder, std::map<std::string, std::int64_t> resume);

    ParseOutput start(timing::Instant now) override;
    ParseOutput feed(std::string_view bytes, timing::Instant now) override;
    ParseOutput keepalive(timing::Instant now) override;
    bool has_keepalive() const override { return true; }

    bool device_greeted() const { return greeted_; }
    bool streaming() const { return started_; }

private:
    void line(std::string_view text, timing::Instant now, ParseOutput& out);
    void tag_read(std::string_view text, char sep, timing::Instant now, ParseOutput& out);
    void send_start(ParseOutput& out);

    const ReadBuilder& builder_;
    std::map<std::string, std::int64_t> resume_;
    LineSplitter lines_{LineSplitter::Ends::cr_or_lf};
    bool greeted_ = false;
    bool started_ = false;
    int settings_expected_ = 0;
};

// A ChronoTrack time in any of its formats: normal "HH:MM:SS.hh" (controller local time of
// day), iso "2008-10-16T14:02:15.31", unix seconds with a fraction, or milliseconds since
// midnight. nullopt when it is none of them.
std::optional<timing::Instant> parse_chronotrack_time(std::string_view text,
                                                      const ReadBuilder& builder);

}  // namespace fl::ingest
