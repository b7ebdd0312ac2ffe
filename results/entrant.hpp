#pragma once
// A participant as scored: the registration with the edit_participant corrections in force,
// and what follows from it (event, wave, age, category). Pure.
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "results/course_layout.hpp"
#include "timing/config.hpp"
#include "timing/records.hpp"

namespace fl::results {

struct Entrant {
    timing::Participant person;  // after the edits
    int event = -1;              // index into the layout, -1: the config lacks the event
    int wave = 0;                // index into the event's waves
    std::optional<int> age;
    std::string category;        // given, else computed from gender and age
    bool category_explicit = false;
    bool operator==(const Entrant&) const = default;
};

// The edits in the order recorded (the latest wins; one that cannot be applied is listed in
// `issues` and leaves the field as it was).
timing::Participant apply_edits(timing::Participant person,
                                std::span<const std::pair<std::string, std::string>> edits,
                                const timing::RaceConfig& config, std::vector<std::string>& issues);

// `person` placed in an event and wave of `events`, with its age and category; an event the
// config lacks or a wave the event lacks is listed in `issues`.
Entrant enter(timing::Participant person, std::span<const EventLayout> events,
              const timing::RaceConfig& config, std::vector<std::string>& issues);

}  // namespace fl::results
