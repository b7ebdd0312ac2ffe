#include "results/entrant.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "results/categories.hpp"
#include "timing/participant_fields.hpp"

namespace fl::results {

timing::Participant apply_edits(timing::Participant p,
                                std::span<const std::pair<std::string, std::string>> edits,
                                const timing::RaceConfig& config, std::vector<std::string>& issues) {
    for (const auto& edit : edits) {
        // Named, not a structured binding: clang 14 (the fuzz build) cannot capture those.
        const auto& field = edit.first;
        const auto& value = edit.second;
        auto bad = [&](std::string_view expected) {
            issues.push_back(fmt::format("edit of bib {}: {}={} is not {}: edit ignored", p.bib, field,
                                         value, expected));
        };
        if (field == "name") p.name = value;
        else if (field == "team") p.team = value;
        else if (field == "category") p.category = value;
        else if (field == "gender") {
            if (value.empty()) p.gender.reset();
            else if (auto g = timing::parse_gender(value)) p.gender = g;
            else bad("M, F or X");
        } else if (field == "age") {
            // The field rules import and EDIT apply (timing/participant_fields).
            if (auto a = timing::parse_age(value)) {
                p.age = a;
                p.birthdate.reset();
            } else {
                bad(timing::field_rule(timing::Field::age));
            }
        } else if (field == "birthdate") {
            if (auto d = timing::parse_birthdate(value, config.date)) p.birthdate = d;
            else bad(timing::field_rule(timing::Field::birthdate));
        } else if (field == "event") {
            if (config.find_event(value)) p.event = value;
            else bad("an event of the race");
        } else if (field == "wave") {
            p.wave = value;
        }
    }
    return p;
}

Entrant enter(timing::Participant p, std::span<const EventLayout> events,
              const timing::RaceConfig& config, std::vector<std::string>& issues) {
    Entrant r;
    for (std::size_t e = 0; e < events.size(); ++e)
        if (events[e].config->name == p.event) r.event = static_cast<int>(e);
    if (r.event < 0) {
        issues.push_back(fmt::format(
            "bib {} is entered in event \"{}\", which the race config lacks: not scored", p.bib, p.event));
    } else if (!p.wave.empty()) {
        const auto& waves = events[static_cast<std::size_t>(r.event)].waves;
        auto it = std::find_if(waves.begin(), waves.end(), [&](const WaveClock& w) { return w.name == p.wave; });
        if (it == waves.end())
            issues.push_back(fmt::format("bib {}: event \"{}\" has no wave \"{}\": starts with the first wave",
                                         p.bib, p.event, p.wave));
        else
            r.wave = static_cast<int>(it - waves.begin());
    }
    r.age = runner_age(p, config.date, config.categories.age_on);
    r.category_explicit = !p.category.empty();
    r.category = r.category_explicit ? p.category : category_name(p.gender, r.age, config.categories.age_groups);
    r.person = std::move(p);
    return r;
}

}  // namespace fl::results
