#pragma once
// A race config for parser tests: PyCon 5K on 2014-04-12 in Toronto (EDT, UTC-4), with ids
// set as a race file would, and the readers the tests feed.
#include <chrono>
#include <string>

#include <date/date.h>

#include "timing/config.hpp"

namespace fl::test {

inline timing::RaceConfig parser_config(const std::string& marshal_extra = "") {
    const std::string toml = R"(
[race]
name = "Parser Test"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
  [[events.waves]]
  name = "A"
  offset = "00:00:00"
  [[events.waves]]
  name = "B"
  offset = "00:05:00"
[[events]]
name = "1K"
distance_m = 1000
start = "08:00:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
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
name = "rr"
protocol = "raceresult"
connect = "127.0.0.1:3601"
timing_point = "finish"
[[readers]]
name = "scan"
protocol = "bibscan"
listen = "127.0.0.1:4002"
[marshal]
listen = "127.0.0.1:4001"
)" + marshal_extra;
    auto cfg = timing::parse_config(toml, "parser-test.toml");
    std::int64_t id = 0;
    for (auto& p : cfg.timing_points) p.id = ++id;  // start = 1, finish = 2
    id = 0;
    for (auto& r : cfg.readers) r.id = ++id;  // ct 1, ct-multi 2, mylaps 3, rr 4, scan 5
    id = 0;
    std::int64_t wave = 0;
    for (auto& e : cfg.events) {
        e.id = ++id;
        for (auto& w : e.waves) w.id = ++wave;
    }
    return cfg;
}

// An instant given as UTC calendar fields (what a local race time must convert to).
inline timing::Instant utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int us = 0) {
    using namespace std::chrono;
    return timing::Instant{date::sys_days{date::year{y} / date::month{mo} / date::day{d}}.time_since_epoch() +
                           hours{h} + minutes{mi} + seconds{s} + microseconds{us}};
}

}  // namespace fl::test
