#include "results/standings.hpp"

namespace fl::results {

std::string_view to_string(Status s) {
    switch (s) {
    case Status::finished: return "FIN";
    case Status::dnf: return "DNF";
    case Status::dns: return "DNS";
    case Status::dq: return "DQ";
    }
    return "?";
}

std::string_view to_string(FinishSource s) {
    switch (s) {
    case FinishSource::none: return "";
    case FinishSource::chip: return "chip";
    case FinishSource::manual: return "manual";
    case FinishSource::scan: return "scan";
    case FinishSource::correction: return "correction";
    }
    return "?";
}

std::string_view to_string(GunSource s) {
    switch (s) {
    case GunSource::scheduled: return "scheduled";
    case GunSource::recorded: return "recorded";
    case GunSource::corrected: return "corrected";
    }
    return "?";
}

const EventStandings* Standings::find_event(std::string_view name) const {
    for (const auto& e : events)
        if (e->name == name) return e.get();
    return nullptr;
}

const Row* Standings::find_bib(std::string_view bib) const {
    for (const auto& e : events)
        for (const auto& row : e->rows)
            if (row.runner->bib == bib) return &row;
    return nullptr;
}

}  // namespace fl::results
