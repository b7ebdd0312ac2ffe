#pragma once
// The Boston Marathon 2017 as the results test and the engine benchmark replay it: the course
// (five waves seeded by bib, a start mat, nine splits, the finish) and the official results
// (FL_SHARED_DIR/data/boston2017_results.csv, 26,410 finishers). Dev-only: tests and benches.
#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "timing/csv.hpp"

namespace fl::test {

// The Marathon with its waves and the timing points, without [race] and [[readers]].
inline constexpr std::string_view boston_course_toml = R"toml(
[[events]]
name = "Marathon"
distance_m = 42195
start = "09:32:00"
rank_by = "net"
min_time = "01:30:00"
start_window = "00:45:00"
  [[events.waves]]
  name = "EW"
  offset = "00:00:00"
  [[events.waves]]
  name = "W1"
  offset = "00:28:00"
  [[events.waves]]
  name = "W2"
  offset = "00:53:00"
  [[events.waves]]
  name = "W3"
  offset = "01:18:00"
  [[events.waves]]
  name = "W4"
  offset = "01:43:00"

[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "5k"
role = "split"
distance_m = 5000
[[timing_points]]
name = "10k"
role = "split"
distance_m = 10000
[[timing_points]]
name = "15k"
role = "split"
distance_m = 15000
[[timing_points]]
name = "20k"
role = "split"
distance_m = 20000
[[timing_points]]
name = "half"
role = "split"
distance_m = 21097.5
[[timing_points]]
name = "25k"
role = "split"
distance_m = 25000
[[timing_points]]
name = "30k"
role = "split"
distance_m = 30000
[[timing_points]]
name = "35k"
role = "split"
distance_m = 35000
[[timing_points]]
name = "40k"
role = "split"
distance_m = 40000
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 42195

)toml";

// A whole race config: [race] named `name` on the 2017 race day, the course, then `readers`.
inline std::string boston_race_toml(std::string_view name, std::string_view readers) {
    return fmt::format("\n[race]\nname = \"{}\"\ndate = \"2017-04-17\"\ntimezone = \"America/New_York\"\n{}{}",
                       name, boston_course_toml, readers);
}

// The official results, header row first (bib,age,gender,country,9 splits,official_time,...).
inline std::vector<timing::CsvRecord> boston_official_records() {
    const auto path = std::string(FL_SHARED_DIR) + "/data/boston2017_results.csv";
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto records = timing::parse_csv(text.str(), path);
    if (records.size() < 2) throw std::runtime_error("cannot read " + path);
    return records;
}

struct BostonWave {
    std::size_t index;      // in the event's waves: 0 = EW ... 4 = W4
    std::string_view name;
    std::int64_t position;  // bib number within the wave (how far back in the corral)
};

// Boston seeds waves by bib: elite women (F bibs) first, then blocks of about 8,000 bibs.
inline BostonWave boston_wave_of(const std::string& bib) {
    if (bib.empty() || !std::isdigit(static_cast<unsigned char>(bib[0]))) return {0, "EW", 0};
    const auto n = std::stol(bib);
    if (n < 8000) return {1, "W1", n};
    if (n < 16000) return {2, "W2", n - 8000};
    if (n < 24000) return {3, "W3", n - 16000};
    return {4, "W4", n - 24000};
}

}  // namespace fl::test
