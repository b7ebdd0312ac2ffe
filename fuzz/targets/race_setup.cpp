#include "fuzz/targets/race_setup.hpp"

#include <chrono>
#include <string>

#include "fuzz/targets/violation.hpp"

namespace fl::fuzz {
namespace {

constexpr std::string_view race_header = R"(
[race]
name = "Fuzz Race"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
min_time = "00:10:00"
  [[events.waves]]
  name = "A"
  offset = "00:00:00"
  [[events.waves]]
  name = "B"
  offset = "00:05:00"
)";

constexpr std::string_view second_event = R"(
[[events]]
name = "1K"
distance_m = 1000
start = "08:00:00"
)";

constexpr std::string_view points_and_readers = R"(
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000
[[readers]]
name = "ct"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "finish"
[[readers]]
name = "ct-multi"
protocol = "chronotrack"
listen = "127.0.0.1:61612"
locations = { start = "start", finish = "finish" }
[[readers]]
name = "mylaps"
protocol = "mylaps"
listen = "127.0.0.1:3097"
locations = { "10KM" = "finish" }
[[readers]]
name = "mylaps-start"
protocol = "mylaps"
listen = "127.0.0.1:3098"
timing_point = "start"
[[readers]]
name = "rr"
protocol = "raceresult"
connect = "127.0.0.1:3601"
timing_point = "finish"
[[readers]]
name = "scan"
protocol = "bibscan"
listen = "127.0.0.1:4002"
)";

const std::string& two_event_text() {
    static const std::string text =
        std::string(race_header) + std::string(second_event) + std::string(points_and_readers);
    return text;
}

// Ids as RaceFile assigns them: rows in config order from 1.
timing::RaceConfig with_ids(timing::RaceConfig cfg) {
    std::int64_t id = 0;
    for (auto& p : cfg.timing_points) p.id = ++id;
    id = 0;
    for (auto& r : cfg.readers) r.id = ++id;
    id = 0;
    std::int64_t wave = 0;
    for (auto& e : cfg.events) {
        e.id = ++id;
        for (auto& w : e.waves) w.id = ++wave;
    }
    return cfg;
}

}  // namespace

RaceSetup::RaceSetup(timing::RaceConfig cfg)
    : config(with_ids(std::move(cfg))),
      calendar(config.calendar()),
      now(calendar.at_local(std::chrono::hours{10})) {}

const timing::ReaderConfig& RaceSetup::reader(std::string_view name) const {
    const auto* r = config.find_reader(name);
    require(r != nullptr, "the fuzz race has no reader {}", name);
    return *r;
}

const RaceSetup& device_race() {
    static const RaceSetup race(timing::parse_config(two_event_text(), "fuzz-race.toml"));
    return race;
}

const RaceSetup& token_race() {
    static const RaceSetup race(timing::parse_config(
        two_event_text() + "[marshal]\nlisten = \"127.0.0.1:4001\"\ntoken = \"s3cret-finish-line\"\n",
        "fuzz-race.toml"));
    return race;
}

std::string_view two_event_race_toml() { return two_event_text(); }

std::string_view one_event_race_toml() {
    static const std::string text = std::string(race_header) + std::string(points_and_readers);
    return text;
}

}  // namespace fl::fuzz
