#pragma once
// What the headless demo prints: a progress line (bar, finishers, reads per second, race
// clock) and the top of the standings. Pure text, so it is tested without a race.
#include <cstddef>
#include <cstdint>
#include <string>

#include "results/standings.hpp"

namespace fl::demo {

// "[#########···········]": `done` of `total` in `width` cells (full when total <= 0).
std::string progress_bar(int done, int total, int width);

struct Figures {
    int finished = 0;        // finishers in the standings
    int expected = 0;        // finishers the plan has
    double reads_per_second = 0;
    std::int64_t records = 0;  // committed so far
    std::string race_clock;  // "09:31:12"
    double elapsed_s = 0;    // real seconds since the devices started
};

// "[#####·····] 482/968 finished | 3,412 reads/s | 54,210 stored | race clock 09:31:12 | 0:16"
std::string progress_line(const Figures& f, int bar_width = 24);

// The first `n` finishers of each event in place order, with bib, name, gender, category and
// the time the event ranks by; "(no finishers yet)" when there are none.
std::string top_table(const results::Standings& s, std::size_t n = 10);

// 1234567 → "1,234,567".
std::string grouped(std::int64_t n);

}  // namespace fl::demo
