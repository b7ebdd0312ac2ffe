#pragma once
// The demo's race: a 5K fun run today in two waves, a MYLAPS start mat and a ChronoTrack
// finish mat on free loopback ports, and a generated field, all written to one folder so the
// user can look at (and re-run) what the demo played.
#include <cstdint>
#include <filesystem>
#include <string>

#include <date/date.h>

namespace fl::demo {

struct RaceOptions {
    date::year_month_day date{};  // race day
    std::string timezone;         // IANA zone
};

// The race config as TOML: event "5K" (gun ranking, waves A and B three minutes apart),
// timing points "start" and "finish", readers "start-mat" (mylaps) and "finish-mat"
// (chronotrack) and the marshal port, all on 127.0.0.1 port 0 (the service picks free ports).
std::string race_toml(const RaceOptions& options);

// `demo --sites` (issue 15): a 10K in the same two waves, timing points "start", "5k" (a
// split) and "finish"; the finish's race ([mqtt] broker = `broker`) keeps the start and
// finish mats, and the 5 km mat is at a remote site, its own race file: the same race plus
// [site] name = "km5" and reader "km5-mat" (chronotrack, 127.0.0.1 port 0) at "5k".
inline constexpr const char* demo_site = "km5";
inline constexpr const char* demo_site_reader = "km5-mat";
inline constexpr const char* demo_site_point = "5k";
std::string course_toml(const RaceOptions& options, const std::string& broker);
std::string site_toml(const RaceOptions& options, const std::string& broker);

// Today in this machine's time zone (UTC when it has none configured).
RaceOptions today();

// The folder to work in: `out` (created when missing; refused when it already holds a race
// file), or a new "finishline-demo-XXXXXX" under $TMPDIR (else /tmp). Throws timing::Error
// saying what to do.
std::filesystem::path make_folder(const std::string& out);

}  // namespace fl::demo
