#pragma once
// One event's table: its finishers in ranking order with their places (overall, gender,
// category), then the DNF, DQ and DNS runners by bib, and the counts.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "results/course_layout.hpp"
#include "results/result_blocks.hpp"
#include "results/standings.hpp"

namespace fl::results {

// What building a table reads per runner, kept apart from the runner so that walking a ranking
// of 26,000 runners stays in cache.
struct PlaceInputs {
    Status status = Status::dns;
    bool declared_dnf = false;
    std::int8_t gender = -1;     // timing::Gender as a number, -1: unknown
    std::int32_t category = -1;  // category id, -1: none
    std::int32_t dead_heat = -1; // dead-heat group, -1: none
    std::int32_t place = 0;      // overall place in the table last built, 0: none
};

// `ranking`: the event's finishers (runner indices) in order; `members`: every runner of the event, by bib;
// `runners`: by runner index (the overall place is written back); `categories`: by id.
std::shared_ptr<const EventStandings> build_event_table(const EventLayout& event,
                                                        std::span<const std::uint32_t> ranking,
                                                        std::span<const std::uint32_t> members,
                                                        std::span<PlaceInputs> runners,
                                                        std::span<const std::string> categories,
                                                        const ResultBlocks& results);

}  // namespace fl::results
