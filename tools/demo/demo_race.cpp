#include "tools/demo/demo_race.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>

#include "timing/error.hpp"
#include "timing/time.hpp"

namespace fl::demo {

namespace {

// The race both demos share: name, day, waves and categories; the distance is the event's.
std::string race_head(const RaceOptions& o, std::string_view name, std::string_view event, int distance_m,
                      std::string_view min_time) {
    return fmt::format(R"toml([race]
name = "{}"
date = "{}"
timezone = "{}"

[[events]]
name = "{}"
distance_m = {}
start = "09:00:00"
rank_by = "gun"
min_time = "{}"
  [[events.waves]]
  name = "A"
  offset = "00:00:00"
  [[events.waves]]
  name = "B"
  offset = "00:03:00"

[categories]
age_on = "race_day"
age_groups = [0, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80]
award_depth = 3
overall_excluded_from_groups = 3
)toml",
                       name, timing::format_date(o.date), o.timezone, event, distance_m, min_time);
}

std::string course_body(const RaceOptions& o, const std::string& broker) {
    return race_head(o, "FinishLine Demo 10K", "10K", 10000, "00:20:00") + fmt::format(R"toml(
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "{}"
role = "split"
distance_m = 5000
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 10000

[mqtt]
broker = "{}"
)toml",
                                                                                       demo_site_point, broker);
}

}  // namespace

// The finish's mats and marshal port, the same in the plain demo and with --sites: each on a
// free loopback port, which the simulated devices are told.
constexpr std::string_view finish_readers_toml = R"toml(
[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "127.0.0.1:0"
timing_point = "start"

[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:0"
timing_point = "finish"

[marshal]
listen = "127.0.0.1:0"
)toml";

std::string course_toml(const RaceOptions& o, const std::string& broker) {
    return "# The finish of `finishline demo --sites`: a 10K in two waves; the 5 km mat is at a remote site\n"
           "# (site-km5.toml) whose relay publishes its reads through the demo's mosquitto broker.\n" +
           course_body(o, broker) + std::string(finish_readers_toml);
}

std::string site_toml(const RaceOptions& o, const std::string& broker) {
    return "# The remote 5 km site of `finishline demo --sites` (run alone: finishline relay site-km5.db).\n" +
           course_body(o, broker) + fmt::format(R"toml(
[site]
name = "{}"

[[readers]]
name = "{}"
protocol = "chronotrack"
listen = "127.0.0.1:0"
timing_point = "{}"

[marshal]
listen = "127.0.0.1:0"
)toml",
                                                demo_site, demo_site_reader, demo_site_point);
}

std::string race_toml(const RaceOptions& o) {
    return fmt::format(R"toml(# The race `finishline demo` plays: a 5K fun run in two waves. Every reader and the
# marshal port listen on 127.0.0.1 port 0 (a free port each); the demo's simulated devices
# connect to the ports the service picked. Re-run it with: finishline init race.db --config race.toml
[race]
name = "FinishLine Demo 5K"
date = "{}"
timezone = "{}"

[[events]]
name = "5K"
distance_m = 5000
start = "09:00:00"
rank_by = "gun"
min_time = "00:10:00"
  [[events.waves]]
  name = "A"
  offset = "00:00:00"
  [[events.waves]]
  name = "B"
  offset = "00:03:00"

[categories]
age_on = "race_day"
age_groups = [0, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80]
award_depth = 3
overall_excluded_from_groups = 3

[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000
)toml",
                       timing::format_date(o.date), o.timezone) +
           std::string(finish_readers_toml);
}

RaceOptions today() {
    RaceOptions o;
    const date::time_zone* zone = nullptr;
    try {
        zone = date::current_zone();
    } catch (const std::exception&) {
        // A container without /etc/localtime: UTC is as good a race zone as any.
    }
    if (!zone) zone = timing::find_zone("UTC");
    o.timezone = std::string(zone->name());
    o.date = date::year_month_day{date::floor<date::days>(zone->to_local(timing::RaceCalendar::now()))};
    return o;
}

std::filesystem::path make_folder(const std::string& out) {
    namespace fs = std::filesystem;
    if (!out.empty()) {
        const fs::path dir(out);
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec || !fs::is_directory(dir))
            throw timing::Error(fmt::format("cannot create the folder '{}' ({}): choose another --out", out,
                                            ec ? ec.message() : "not a folder"));
        if (fs::exists(dir / "race.db"))
            throw timing::Error(fmt::format("'{}' already holds a demo race file (race.db): choose another --out, "
                                            "or remove it first", out));
        return fs::absolute(dir);
    }
    const char* tmp = std::getenv("TMPDIR");
    const fs::path base = tmp && *tmp ? fs::path(tmp) : fs::path("/tmp");
    auto pattern = (base / "finishline-demo-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data()))
        throw timing::Error(fmt::format("cannot create a folder in '{}' ({}): set TMPDIR or give --out DIR",
                                        base.string(), std::strerror(errno)));
    return fs::path(buf.data());
}

}  // namespace fl::demo
