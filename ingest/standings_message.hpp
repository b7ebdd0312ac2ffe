#pragma once
// The results the finish publishes through the MQTT broker for boards and tools elsewhere
// (issue 15; README "Results at other sites" documents both for other tools):
//   finishline/<race-id>/standings  per event: counts, top 10, latest finishers (retained, QoS 1)
//   finishline/<race-id>/finishers  one message per new, corrected or removed finisher (QoS 1)
// Like relay_message.hpp, decoding never throws: every field is checked and bounded, and
// what is wrong is said in one line.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/relay_message.hpp"

namespace fl::ingest {

// Bounds on what a peer may send (a payload past them is refused whole).
inline constexpr std::size_t max_standings_payload = 4 * 1024 * 1024;
inline constexpr std::size_t max_standings_events = 200;
inline constexpr std::size_t max_listed_finishers = 100;  // top or latest of one event
inline constexpr std::size_t max_standings_text = 256;    // a name, a race, an event

// A finisher as the standings list them. Times as the finish shows them ("0:20:00"), and the
// ranking time in µs for tools that compute with it.
struct ListedFinisher {
    std::string bib;
    std::string name;
    std::string category;
    std::optional<std::int64_t> place, gender_place, category_place;
    std::string time;                       // the time the event ranks by (gun or net)
    std::optional<std::int64_t> time_us;
    std::string gun_time, net_time;
    std::optional<std::int64_t> pace_per_km_us;  // net time over the event's distance
    std::optional<std::int64_t> finish_us;  // the finish, UTC µs
    std::optional<std::int64_t> known_us;   // when that finish reached the finish line (UTC µs)
};

struct EventCounts {
    std::int64_t entered = 0, started = 0, finished = 0, on_course = 0, dnf = 0, dq = 0, dns = 0;
};

struct StandingsEvent {
    std::string name;
    double distance_m = 0;
    std::optional<std::int64_t> gun_us;  // the event's first gun, UTC µs
    bool gun_recorded = false;           // false: the scheduled start
    EventCounts counts;
    std::vector<ListedFinisher> top;     // by place
    std::vector<ListedFinisher> latest;  // newest first
};

struct StandingsMessage {
    std::string race;
    std::string date;      // "2026-05-03"
    std::string timezone;  // IANA zone the clock times are shown in
    std::string display = "seconds";  // "seconds" or "tenths"
    std::int64_t version = 0;         // grows with every change the finish takes in
    std::int64_t published_us = 0;    // the finish's clock when it sent this
    std::vector<StandingsEvent> events;
};

// One message on the finishers topic.
struct FinisherChange {
    std::int64_t version = 0;
    std::string change;  // "new", "corrected" or "removed"
    std::string bib;
    // Empty / none for "removed".
    std::string name, event, category;
    std::optional<std::int64_t> place, gender_place, category_place;
    std::string gun_time, net_time;
};

std::string encode(const StandingsMessage& m);
Decoded<StandingsMessage> decode_standings(std::string_view payload);

// `object_json` is the finisher object as /live lists it (live_feed.hpp) for "new" and
// "corrected", and the bib as a JSON string for "removed".
std::string encode_finisher_change(std::int64_t version, std::string_view change, std::string_view object_json);
Decoded<FinisherChange> decode_finisher_change(std::string_view payload);

}  // namespace fl::ingest
