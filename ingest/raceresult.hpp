#pragma once
// RACE RESULT decoders (System 4000/5000, Track Box): the decoder is the server, we connect.
// Fields separated by ';', lines end CRLF, a reply echoes its command first. We set the
// protocol, read the decoder clock (GETTIME → a clock sync), then poll PASSINGS and fetch
// "<from>:<count>", resuming after the last passing number stored.
#include <cstdint>
#include <optional>

#include "ingest/device_protocol.hpp"
#include "ingest/line_splitter.hpp"
#include "ingest/read_builder.hpp"

namespace fl::ingest {

class RaceResultParser : public DeviceProtocol {
public:
    // `last_stored`: the highest passing number already in the race file for this reader.
    RaceResultParser(const ReadBuilder& builder, std::optional<std::int64_t> last_stored,
                     int fetch_size = 500);

    ParseOutput start(timing::Instant now) override;  // SETPROTOCOL
    ParseOutput feed(std::string_view bytes, timing::Instant now) override;
    // Called after a poll interval once the decoder had nothing new: asks PASSINGS again.
    ParseOutput keepalive(timing::Instant now) override;
    bool has_keepalive() const override { return true; }

    std::int64_t next_passing() const { return next_; }
    bool waiting_for_reply() const { return state_ != State::idle; }

private:
    enum class State { set_protocol, get_time, passings, fetching, idle };
    void line(std::string_view text, timing::Instant now, ParseOutput& out);
    void passing_record(std::string_view text, timing::Instant now, ParseOutput& out);
    void ask_passings(ParseOutput& out);
    std::optional<timing::Instant> decoder_time(std::string_view day, std::string_view tod) const;
    // ours − the decoder's clock as GETTIME reported it, read by us at `ours`.
    std::optional<timing::Duration> clock_offset(std::string_view day, std::string_view tod,
                                                 timing::Instant ours) const;

    const ReadBuilder& builder_;
    std::int64_t next_;
    int fetch_size_;
    State state_ = State::set_protocol;
    std::int64_t fetch_end_ = 0;  // one past the last passing asked for
    std::int64_t decoder_count_ = 0;
    timing::Instant asked_time_at_{};
    LineSplitter lines_{LineSplitter::Ends::crlf};
};

}  // namespace fl::ingest
