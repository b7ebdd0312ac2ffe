#pragma once
// Inputs for the tests of single rules (results/<rule>.hpp): the test race's config
// (race_fixture.hpp) laid out, and times as seconds after 09:00 on race day.
#include <cstdint>
#include <vector>

#include "results/course_layout.hpp"
#include "results/stored_read.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {

// Point indices of race_toml: start, km5, finish. Events: 10K (waves A at 09:00, B at 09:10,
// min_time 20 min, start_window 15 min), 5K (09:30, net, min_time 10 min, start and finish).
inline constexpr std::uint16_t at_start = 0, at_km5 = 1, at_finish = 2;

struct Course {
    timing::RaceConfig config = [] {
        auto c = timing::parse_config(race_toml, "race.toml");
        assign_missing_ids(c);
        return c;
    }();
    std::vector<EventLayout> events = lay_out_events(config, config.calendar());
    std::vector<Duration> dedup{std::chrono::seconds{5}, std::chrono::seconds{5}, std::chrono::seconds{5}};
    const EventLayout& ten_k() const { return events[0]; }
    const EventLayout& five_k() const { return events[1]; }
    // Seconds after 09:00 → µs since the epoch.
    std::int64_t at(double seconds) const {
        return events[0].waves[0].scheduled + static_cast<std::int64_t>(seconds * 1e6);
    }
    StoredRead read(std::uint16_t point, double seconds, std::int64_t id) const {
        return {at(seconds), at(seconds) + 500'000, id, 0, point};
    }
};

}  // namespace fl::results::test
