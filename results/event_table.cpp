#include "results/event_table.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "results/places.hpp"

namespace fl::results {

std::shared_ptr<const EventStandings> build_event_table(const EventLayout& e, std::span<const std::uint32_t> ranking,
                                                        std::span<const std::uint32_t> members,
                                                        std::span<PlaceInputs> runners,
                                                        std::span<const std::string> categories,
                                                        const ResultBlocks& results) {
    auto x = std::make_shared<EventStandings>();
    const auto& c = *e.config;
    x->id = c.id;
    x->name = c.name;
    x->distance_m = c.distance_m;
    x->type = c.type;
    x->laps = c.laps;
    x->time_limit = c.time_limit;
    if (c.type == timing::EventType::backyard) x->interval = c.interval;
    x->rank_by = c.rank_by;
    x->cutoff = c.cutoff;
    for (const auto& w : e.waves) x->waves.push_back({w.name, timing::instant_from_micros(w.gun), w.source});
    x->splits = e.splits;
    x->rows.reserve(members.size());

    std::array<PlaceCounter, 3> by_gender{};
    std::vector<PlaceCounter> by_category(categories.size());
    PlaceCounter overall;
    for (const auto i : ranking) {
        auto& h = runners[i];
        Row row;
        row.runner = results.get(i);
        const auto [place, heat] = overall.next(h.dead_heat);
        row.place = place;
        row.dead_heat = heat;
        if (heat) x->rows.back().dead_heat = true;  // the first of the heat shares it too
        if (h.gender >= 0) row.gender_place = by_gender[static_cast<std::size_t>(h.gender)].next(h.dead_heat).place;
        if (h.category >= 0)
            row.category_place = by_category[static_cast<std::size_t>(h.category)].next(h.dead_heat).place;
        h.place = place;
        x->rows.push_back(std::move(row));
    }
    auto& n = x->counts;
    std::vector<char> present(categories.size(), 0);
    for (auto i : members) {
        const auto& h = runners[i];
        ++n.entered;
        if (h.category >= 0) present[static_cast<std::size_t>(h.category)] = 1;
        switch (h.status) {
        case Status::finished: ++n.finished; break;
        case Status::dnf:
            ++n.dnf;
            if (!h.declared_dnf) ++n.on_course;
            break;
        case Status::dq: ++n.dq; break;
        case Status::dns: ++n.dns; break;
        }
    }
    n.started = n.entered - n.dns;
    for (auto status : {Status::dnf, Status::dq, Status::dns}) {
        for (auto i : members) {
            auto& h = runners[i];
            if (h.status != status) continue;
            h.place = 0;
            Row row;
            row.runner = results.get(i);
            x->rows.push_back(std::move(row));
        }
    }
    for (std::size_t k = 0; k < present.size(); ++k)
        if (present[k]) x->categories.push_back(categories[k]);
    std::sort(x->categories.begin(), x->categories.end());
    return x;
}

}  // namespace fl::results
