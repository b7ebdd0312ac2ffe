#pragma once
// The JSON messages sites and the finish exchange through the MQTT broker (issue 15; README
// "Timing across a course" documents them for other tools):
//   finishline/<race-id>/reads/<site>   a site's committed reads, in order (QoS 1)
//   finishline/<race-id>/sites/<site>   a site's heartbeat: last seq, readers, clock (retained)
//   finishline/<race-id>/resend/<site>  the finish's answer: what it holds, what it misses (retained)
// Decoding never throws: a message from the broker is untrusted input, so every field is
// checked and bounded, and what is wrong is said in one line for the log.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fl::ingest {

// Bounds on what a peer may send (a payload past them is refused whole, never truncated).
inline constexpr std::size_t max_reads_per_message = 1000;
inline constexpr std::size_t max_relay_payload = 4 * 1024 * 1024;
inline constexpr std::size_t max_relay_name = 64;   // reader, point, site
inline constexpr std::size_t max_relay_chip = 64;
inline constexpr std::size_t max_relay_raw = 2048;
inline constexpr std::size_t max_missing_ranges = 200;

struct RelayedRead {
    std::int64_t seq = 0;             // the site's own number: 1, 2, 3, ... (its read id)
    std::string reader;               // the site's reader name
    std::string point;                // timing point name; "" when the site could not tell
    std::string chip;
    std::optional<std::int64_t> time_us;  // UTC µs with the site's clock offset; none = unreadable
    std::string raw;                  // the record as the device sent it
    std::string kind = "tag";         // "tag" (omitted on the wire), "gun" or "marker"
};

struct ReadsMessage {
    std::string site;
    std::vector<RelayedRead> reads;
};

struct HeartbeatReader {
    std::string name;
    bool connected = false;
    std::optional<std::int64_t> last_read_us;
    std::int64_t reads_today = 0;
};

struct SiteHeartbeat {
    std::string site;
    std::int64_t last_seq = 0;       // the highest seq the site has stored
    std::int64_t acked_seq = 0;      // every seq up to this one the broker acknowledged
    std::int64_t confirmed_seq = 0;  // every seq up to this one the finish confirmed
    std::int64_t clock_us = 0;       // the site's clock when it sent this (UTC µs)
    std::vector<HeartbeatReader> readers;
};

// Inclusive seq ranges.
using SeqRange = std::pair<std::int64_t, std::int64_t>;

struct ResendRequest {
    std::int64_t confirmed = 0;     // the finish holds every seq up to this one
    std::vector<SeqRange> missing;  // and lacks these above it (send them again)
    std::int64_t request = 0;       // counts requests, so a repeated one is a new message
};

template <class T>
struct Decoded {
    std::optional<T> value;
    std::string error;  // why not, when there is no value
};

std::string encode(const ReadsMessage& m);
std::string encode(const SiteHeartbeat& h);
std::string encode(const ResendRequest& r);

Decoded<ReadsMessage> decode_reads(std::string_view payload);
Decoded<SiteHeartbeat> decode_heartbeat(std::string_view payload);
Decoded<ResendRequest> decode_resend(std::string_view payload);

// Topic names. `race_id` and `site` are [A-Za-z0-9_-] (checked by the config).
std::string reads_topic(std::string_view race_id, std::string_view site);
std::string site_topic(std::string_view race_id, std::string_view site);
std::string resend_topic(std::string_view race_id, std::string_view site);
std::string standings_topic(std::string_view race_id);
std::string finishers_topic(std::string_view race_id);
// The site named by the last level of a reads/sites topic of this race; nullopt otherwise.
std::optional<std::string> topic_site(std::string_view topic, std::string_view race_id, std::string_view kind);

}  // namespace fl::ingest
