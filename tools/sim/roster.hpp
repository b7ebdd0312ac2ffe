#pragma once
// Generated fields of runners, and the participants CSV that `finishline import` reads.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "timing/config.hpp"
#include "timing/records.hpp"

namespace fl::sim {

struct RosterOptions {
    int count = 1000;
    std::uint64_t seed = 1;
    double second_chip = 0.3;         // share of runners with a shoe chip besides the bib chip
    double team = 0.15;               // share in a club or team
    double explicit_category = 0.02;  // Wheelchair / Stroller entries
    int first_bib = 1;
};

// A plausible fun-run field, the same for the same config and options: names from many
// languages, genders F/M/X (X rare), ages 10-85 weighted like a fun run with birthdates that
// give that age on race day, events and waves from the config, one or two unique chips each.
// Bibs are numbered from first_bib in event, then wave order.
std::vector<timing::Participant> generate_participants(const timing::RaceConfig& config,
                                                       const RosterOptions& options);

// The participants CSV: bib,first_name,last_name,gender,birthdate,age,event,wave,team,
// category,chip (chips separated by ';'). The first name is the name up to its first space.
std::string participants_csv(std::span<const timing::Participant> participants);

// Reads a participants CSV in the layout `finishline import` accepts (the simulator only needs
// bibs, events, waves, chips, gender and age). Throws sim::Error naming source:line.
std::vector<timing::Participant> parse_participants_csv(std::string_view text,
                                                        std::string_view source,
                                                        const timing::RaceConfig& config);

// Whole years on `day` for someone born on `birth`.
int age_on(date::year_month_day birth, date::year_month_day day);

// The age the simulator assumes for a participant on race day (birthdate, else age, else 35).
int assumed_age(const timing::Participant& p, date::year_month_day race_day);

}  // namespace fl::sim
