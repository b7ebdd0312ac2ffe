#pragma once
// The race configuration (race.toml): a value type, loaded and validated in one place.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "timing/reader_protocol.hpp"
#include "timing/time.hpp"

namespace fl::timing {

enum class RankBy { gun, net };
enum class PointRole { start, split, finish, lap };
// What kind of race an event is (issue 17): point to point (a finish ends it), laps (a lap
// point counts laps up to a number of laps or a time limit), backyard (a loop every interval).
enum class EventType { run, laps, backyard };
enum class AgeOn { race_day, year_end };

// Ids are the race file's row ids; 0 until the config has been stored in a race file.
struct WaveConfig {
    std::int64_t id = 0;
    std::string name;
    Duration offset{0};  // after the event's gun
};

struct EventConfig {
    std::int64_t id = 0;
    std::string name;
    double distance_m = 0;
    Duration start{0};                        // scheduled gun, local time of day
    RankBy rank_by = RankBy::gun;
    Duration min_time{0};                     // earlier finish reads are ignored
    Duration start_window{std::chrono::minutes{30}};  // start mat reads after the gun count
    std::optional<Duration> cutoff;           // finishes after it are flagged over time
    std::vector<WaveConfig> waves;            // empty: one start
    std::vector<std::string> timing_points;   // empty: every timing point applies

    EventType type = EventType::run;
    // Lap races (type = "laps"): distance_m is one lap's length (0: unknown). A crossing of a
    // lap (or finish) point counts a lap when it is min_lap_time after the runner's previous lap
    // (their start for the first); the race ends at `laps` laps or at `time_limit` after the gun.
    std::optional<int> laps;
    std::optional<Duration> time_limit;
    Duration min_lap_time{std::chrono::minutes{1}};
    bool lapped_continue = false;  // false: a lapped runner's race ends on the leader's last lap
    // Backyard ultras (type = "backyard"): a loop starts every `interval` from the gun and must
    // be finished (a crossing of the lap line, min_lap_time after it started) before the next.
    Duration interval{std::chrono::hours{1}};

    // Laps are counted at the lap line (lap races and backyard ultras).
    bool counts_laps() const { return type == EventType::laps || type == EventType::backyard; }
};

struct TimingPointConfig {
    std::int64_t id = 0;
    std::string name;
    PointRole role = PointRole::finish;
    std::optional<double> distance_m;
    Duration dedup_window{std::chrono::seconds{5}};
};

struct Endpoint {
    std::string host;
    std::uint16_t port = 0;
    std::string to_string() const;
};

struct ReaderConfig {
    std::int64_t id = 0;
    std::string name;
    Protocol protocol = Protocol::chronotrack;
    std::optional<Endpoint> listen;          // we listen (device is the client)
    std::optional<Endpoint> connect;         // we connect (device is the server)
    std::string timing_point;                // single timing point, or...
    std::map<std::string, std::string> locations;  // device location name → timing point
    std::optional<Duration> clock_offset;    // added to device times; overrides time sync
    std::vector<std::string> allow;          // peer addresses allowed; empty = any
    int max_connections = 4;
    Duration idle_timeout{std::chrono::seconds{60}};
    Duration poll_interval{std::chrono::milliseconds{500}};  // polled devices
};

// Team results of one event (issue 17), from the participants' `team` column.
enum class TeamScoring { places, time, nth };

struct TeamConfig {
    std::string name;     // "5K teams" unless written: names the table in exports and screens
    std::string event;    // the event scored (the only event when the race has one)
    TeamScoring scoring = TeamScoring::places;
    int size = 5;         // scorers per team
    // Places scoring only. Present: cross-country scoring (places counted again among the first
    // size + displacers finishers of each complete team); absent: the runners' places in the event.
    std::optional<int> displacers;
    int min_women = 0;    // of the scorers, at least this many women...
    int min_men = 0;      // ...and men
};

struct CategoriesConfig {
    AgeOn age_on = AgeOn::race_day;
    std::vector<int> age_groups{0, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80};
    int award_depth = 3;
    int overall_excluded_from_groups = 3;
};

struct MarshalConfig {
    Endpoint listen{"127.0.0.1", 4001};
    std::optional<std::string> token;
    int max_connections = 16;
};

// Live results over HTTP for runners' phones (issue 14). The section's presence turns it on.
struct WebConfig {
    Endpoint listen;
    std::string public_url;  // what phones open (the QR code); derived from listen by default
    bool public_url_given = false;  // written in the config (else derived from listen)
    int max_connections = 20000;
};

// A remote timing point (issue 15): this race file is one site's, relaying its reads to the
// finish through the [mqtt] broker (`finishline relay`).
struct SiteConfig {
    std::string name;  // "km10": letters, digits, '-' and '_' (it is part of MQTT topics)
};

// The broker that carries reads from sites to the finish and results back out (issue 15).
struct MqttConfig {
    Endpoint broker;
    std::optional<std::string> username;
    std::optional<std::string> password;
    std::optional<std::string> tls_ca;  // CA certificate file (PEM): connect over TLS
};

struct ResultsConfig {
    Resolution display = Resolution::seconds;
    std::optional<std::string> age_grade_table;  // path to a factor table CSV
    int age_grade_edition = 2020;
};

struct RaceConfig {
    std::string name;
    date::year_month_day date;
    std::string timezone;
    std::vector<EventConfig> events;
    CategoriesConfig categories;
    std::vector<TimingPointConfig> timing_points;
    std::vector<ReaderConfig> readers;
    MarshalConfig marshal;
    std::optional<WebConfig> web;  // absent: no web server
    std::optional<SiteConfig> site;  // present: a remote site's file (needs mqtt)
    std::optional<MqttConfig> mqtt;  // present: relay through this broker
    ResultsConfig results;
    std::vector<TeamConfig> teams;  // [[teams]], in config order

    const EventConfig* find_event(std::string_view name) const;
    const TimingPointConfig* find_point(std::string_view name) const;
    const ReaderConfig* find_reader(std::string_view name) const;
    // The earliest scheduled gun (local time of day): anchors the midnight rule.
    Duration first_gun() const;
    RaceCalendar calendar() const;
};

// Parses and validates TOML text. `source` names the file in messages. Throws timing::Error
// with "file:line: key: what was expected"; unknown keys are errors.
RaceConfig parse_config(std::string_view toml_text, std::string_view source);
RaceConfig load_config_file(const std::string& path);

// "host:port" → Endpoint; nullopt when malformed.
std::optional<Endpoint> parse_endpoint(std::string_view text);

// "http://host:port/" for a listen address, with an IPv6 host in brackets ("http://[::1]:8080/").
std::string http_url(const Endpoint& at);

std::string_view to_string(RankBy r);
std::string_view to_string(PointRole r);
std::string_view to_string(EventType t);  // "run", "laps", "backyard"
std::string_view to_string(TeamScoring s);  // "places", "time", "nth"

}  // namespace fl::timing
