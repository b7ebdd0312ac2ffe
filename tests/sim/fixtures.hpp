#pragma once
// Race configs and plans the simulator tests share.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "tests/support/slurp.hpp"
#include "timing/config.hpp"
#include "tools/sim/plan.hpp"
#include "tools/sim/roster.hpp"

namespace fl::sim::test {

using fl::test::slurp;

inline const std::string& example_toml() {
    static const std::string text = slurp(FL_SOURCE_DIR "/examples/race.toml");
    return text;
}

// The PyCon 5K: waves A (07:00) and B (+5 min), a start mat and a finish mat.
inline timing::RaceConfig example_config() { return timing::parse_config(example_toml(), "examples/race.toml"); }

// A 10K with a start mat, a split at 5 km and a finish, one start.
inline timing::RaceConfig ten_k_config() {
    return timing::parse_config(R"(
[race]
name = "River 10K"
date = "2023-10-01"
timezone = "Europe/London"
[[events]]
name = "10K"
distance_m = 10000
start = "09:30:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "5k"
role = "split"
distance_m = 5000
[[timing_points]]
name = "finish"
role = "finish"
)", "ten_k.toml");
}

// A plan for `n` runners of the example race.
inline std::shared_ptr<const Plan> example_plan(int n, PlanOptions options = {}) {
    const auto cfg = example_config();
    RosterOptions ro;
    ro.count = n;
    ro.seed = options.seed;
    const auto people = generate_participants(cfg, ro);
    return std::make_shared<const Plan>(build_plan(cfg, people, options));
}

// A unique temporary path, removed when the holder goes.
struct TempDir {
    TempDir() {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("fl-sim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::filesystem::path path;
};

}  // namespace fl::sim::test

#include <date/tz.h>
#include <fmt/format.h>

#include <map>
#include <vector>

namespace fl::sim::test {

// Local time of day of `t` in the race's zone, truncated to `decimals` digits, computed here
// rather than by the emulators' own formatting.
inline std::string local_clock(const Plan& plan, Instant t, int decimals) {
    const auto local = date::locate_zone(plan.config.timezone)->to_local(t);
    const auto tod = std::chrono::duration_cast<std::chrono::microseconds>(local - date::floor<date::days>(local)).count();
    std::string text = fmt::format("{:02}:{:02}:{:02}", tod / 3600000000, tod / 60000000 % 60, tod / 1000000 % 60);
    if (decimals == 2) text += fmt::format(".{:02}", tod % 1000000 / 10000);
    if (decimals == 3) text += fmt::format(".{:03}", tod % 1000000 / 1000);
    return text;
}

// Every read the plan holds at these timing points, as "chip time" with the time of day to
// `decimals` digits: what a device must report, as a multiset.
inline std::map<std::string, int> planned_reads(const Plan& plan, const std::vector<std::string>& points, int decimals) {
    std::map<std::string, int> out;
    std::vector<Read> reads;
    for (const auto& c : plan.crossings) {
        const auto& name = plan.config.timing_points[c.point].name;
        if (!points.empty() && std::find(points.begin(), points.end(), name) == points.end()) continue;
        reads.clear();
        plan.expand(c, reads);
        for (const auto& r : reads) ++out[plan.chips[r.chip] + " " + local_clock(plan, r.time, decimals)];
    }
    return out;
}

inline std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    for (;;) {
        const auto at = s.find(sep);
        out.emplace_back(s.substr(0, at));
        if (at == std::string_view::npos) return out;
        s.remove_prefix(at + 1);
    }
}

}  // namespace fl::sim::test
