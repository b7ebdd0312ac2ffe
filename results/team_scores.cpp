#include "results/team_scores.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace fl::results {
namespace {

using timing::TeamScoring;

struct Team {
    std::string name;
    std::vector<const Row*> finishers;  // place order
    std::vector<const Row*> scorers;    // place order; empty when the team cannot score
    std::vector<const Row*> displacers;
    std::string short_of;
};

bool is(const Row* r, timing::Gender g) { return r->runner->gender == g; }

std::string count_of(int have, int need, std::string_view one, std::string_view many) {
    return fmt::format("{} {} of {}", have, have == 1 ? one : many, need);
}

// The scorers: the first min_women women and min_men men, the rest of `size` the fastest of
// anyone left; or what the team is short of.
void choose_scorers(Team& t, const timing::TeamConfig& c) {
    const auto women = std::count_if(t.finishers.begin(), t.finishers.end(), [](auto r) { return is(r, timing::Gender::F); });
    const auto men = std::count_if(t.finishers.begin(), t.finishers.end(), [](auto r) { return is(r, timing::Gender::M); });
    std::vector<std::string> missing;
    if (static_cast<int>(t.finishers.size()) < c.size)
        missing.push_back(count_of(static_cast<int>(t.finishers.size()), c.size, "finisher", "finishers"));
    if (women < c.min_women) missing.push_back(count_of(static_cast<int>(women), c.min_women, "woman", "women"));
    if (men < c.min_men) missing.push_back(count_of(static_cast<int>(men), c.min_men, "man", "men"));
    if (!missing.empty()) {
        for (const auto& m : missing) t.short_of += (t.short_of.empty() ? "" : ", ") + m;
        return;
    }
    std::vector<bool> chosen(t.finishers.size(), false);
    auto take_first = [&](auto wanted, int n) {
        for (std::size_t i = 0; i < t.finishers.size() && n > 0; ++i)
            if (!chosen[i] && wanted(t.finishers[i])) chosen[i] = true, --n;
    };
    take_first([](auto r) { return is(r, timing::Gender::F); }, c.min_women);
    take_first([](auto r) { return is(r, timing::Gender::M); }, c.min_men);
    take_first([](auto) { return true; }, c.size - c.min_women - c.min_men);
    for (std::size_t i = 0; i < t.finishers.size(); ++i) {
        if (chosen[i]) t.scorers.push_back(t.finishers[i]);
        else if (t.displacers.size() < static_cast<std::size_t>(c.displacers.value_or(0)))
            t.displacers.push_back(t.finishers[i]);
    }
}

Duration published(Duration d, timing::Resolution r) {
    // A team's time adds its members' times as published (rounded up, README "Results"; a
    // negative time, a finish before a gun set late, is shown as minus its length rounded up).
    if (d < Duration{0}) return -published(-d, r);
    if (r == timing::Resolution::tenths) return std::chrono::ceil<std::chrono::duration<std::int64_t, std::deci>>(d);
    return std::chrono::ceil<std::chrono::seconds>(d);
}

}  // namespace

std::string_view to_string(TeamRole r) {
    switch (r) {
        case TeamRole::scorer: return "scorer";
        case TeamRole::displacer: return "displacer";
        case TeamRole::other: return "other";
    }
    return "?";
}

std::string team_key(std::string_view team) {
    std::string key;
    for (char ch : team) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isspace(c)) {
            if (!key.empty() && key.back() != ' ') key += ' ';
        } else {
            key += static_cast<char>(std::tolower(c));
        }
    }
    if (!key.empty() && key.back() == ' ') key.pop_back();
    if (key == "individual" || key == "unattached") return {};
    return key;
}

TeamStandings compute_teams(const EventStandings& e, const timing::TeamConfig& c, timing::Resolution display) {
    TeamStandings out;
    out.config = c;
    std::map<std::string, Team> by_key;
    for (const auto& row : e.rows) {
        if (!row.place) continue;
        const auto key = team_key(row.runner->team);
        if (key.empty()) continue;
        auto& t = by_key[key];
        if (t.name.empty()) t.name = row.runner->team;
        t.finishers.push_back(&row);
    }
    for (auto& [key, t] : by_key) choose_scorers(t, c);

    // The place each counting runner scores: in cross-country scoring the places are counted
    // again among the scorers and displacers of teams that score (individuals, runners of short
    // teams and runners past the displacers drop out); otherwise the place in the event.
    std::map<const Row*, int> points;
    if (c.scoring == TeamScoring::places) {
        if (c.displacers) {
            std::vector<const Row*> counting;
            for (const auto& [key, t] : by_key) {
                counting.insert(counting.end(), t.scorers.begin(), t.scorers.end());
                counting.insert(counting.end(), t.displacers.begin(), t.displacers.end());
            }
            // Rows are one vector in place order: their addresses sort them into finish order.
            std::sort(counting.begin(), counting.end());
            int n = 0;
            const Row* previous = nullptr;
            for (const auto* r : counting) {
                ++n;
                // A declared dead heat shares its points as it shares its place.
                const bool shared = previous && r->dead_heat && previous->place == r->place;
                points[r] = shared ? points[previous] : n;
                previous = r;
            }
        } else {
            for (const auto& [key, t] : by_key)
                for (const auto* r : t.finishers) points[r] = *r->place;
        }
    }

    struct Ranked {
        TeamResult result;
        // Lower is better: the score, then the last scorer's place, then the first runner after
        // the scorers (a displacer; none is worst).
        std::tuple<std::int64_t, int, int> key;
    };
    std::vector<Ranked> ranked;
    std::vector<TeamResult> unranked;
    for (auto& [key, t] : by_key) {
        TeamResult r;
        r.team = t.name;
        r.short_of = t.short_of;
        for (const auto* row : t.finishers) {
            TeamMember m{row, TeamRole::other, std::nullopt};
            if (std::find(t.scorers.begin(), t.scorers.end(), row) != t.scorers.end()) m.role = TeamRole::scorer;
            else if (std::find(t.displacers.begin(), t.displacers.end(), row) != t.displacers.end()) m.role = TeamRole::displacer;
            if (auto p = points.find(row); p != points.end() && m.role != TeamRole::other) m.points = p->second;
            else if (!c.displacers && c.scoring == TeamScoring::places) m.points = *row->place;
            r.members.push_back(m);
        }
        if (t.scorers.empty()) {
            unranked.push_back(std::move(r));
            continue;
        }
        auto counted = [&](const Row* row) { return c.scoring == TeamScoring::places ? points.at(row) : *row->place; };
        std::int64_t score = 0;
        if (c.scoring == TeamScoring::places) {
            for (const auto* s : t.scorers) score += points.at(s);
            r.points = static_cast<int>(score);
        } else {
            Duration sum{0};
            for (const auto* s : t.scorers) sum += published(s->runner->rank_time.value_or(Duration{0}), display);
            r.time = c.scoring == TeamScoring::time ? sum : published(t.scorers.back()->runner->rank_time.value_or(Duration{0}), display);
            score = r.time->count();
        }
        // The tie-break runner: the first displacer under cross-country scoring, else the
        // team's first finisher after its scorers.
        const Row* next = nullptr;
        if (c.displacers) {
            if (!t.displacers.empty()) next = t.displacers.front();
        } else {
            for (const auto* f : t.finishers)
                if (std::find(t.scorers.begin(), t.scorers.end(), f) == t.scorers.end()) {
                    next = f;
                    break;
                }
        }
        const int last = counted(t.scorers.back());
        const int after = next ? (c.displacers ? points.at(next) : *next->place) : std::numeric_limits<int>::max();
        ranked.push_back({std::move(r), {score, last, after}});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return std::tie(a.key, a.result.team) < std::tie(b.key, b.result.team);
    });
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        auto& r = ranked[i].result;
        const bool same_as_previous = i > 0 && ranked[i - 1].key == ranked[i].key;
        r.place = same_as_previous ? *ranked[i - 1].result.place : static_cast<int>(i) + 1;
        if (same_as_previous) r.tied = ranked[i - 1].result.tied = true;
    }
    for (auto& r : ranked) out.teams.push_back(std::move(r.result));
    std::sort(unranked.begin(), unranked.end(), [](const auto& a, const auto& b) { return a.team < b.team; });
    for (auto& r : unranked) out.teams.push_back(std::move(r));
    return out;
}

std::string scoring_rule(const timing::TeamConfig& c) {
    std::string rule;
    switch (c.scoring) {
        case TeamScoring::places: rule = fmt::format("sum of the places of the first {} finishers", c.size); break;
        case TeamScoring::time: rule = fmt::format("sum of the times of the first {} finishers", c.size); break;
        case TeamScoring::nth: rule = fmt::format("time of the team's finisher number {}", c.size); break;
    }
    if (c.min_women > 0 || c.min_men > 0) {
        std::vector<std::string> mins;
        if (c.min_women > 0) mins.push_back(fmt::format("{} {}", c.min_women, c.min_women == 1 ? "woman" : "women"));
        if (c.min_men > 0) mins.push_back(fmt::format("{} {}", c.min_men, c.min_men == 1 ? "man" : "men"));
        rule += fmt::format(", at least {}", fmt::join(mins, " and "));
    }
    if (c.displacers)
        rule += fmt::format("; places counted among scoring teams' runners (cross-country), {} more displace", *c.displacers);
    return rule;
}

std::string member_score(const TeamMember& m, const timing::TeamConfig& c, timing::Resolution display) {
    // A runner who does not count (a short team's, or past the displacers) shows their place.
    if (c.scoring == TeamScoring::places)
        return m.points ? std::to_string(*m.points) : fmt::format("place {}", m.row->place.value_or(0));
    return m.row->runner->rank_time ? timing::format_result_time(*m.row->runner->rank_time, display) : std::string{};
}

std::vector<std::string> listed_members(const TeamResult& t, const timing::TeamConfig& c,
                                        timing::Resolution display) {
    std::vector<std::string> out;
    for (const auto& m : t.members) {
        if (t.place && m.role == TeamRole::other) continue;
        out.push_back(fmt::format("{} ({}{})", m.row->runner->name, member_score(m, c, display),
                                  m.role == TeamRole::displacer ? ", displacer" : ""));
    }
    return out;
}

std::string score_text(const TeamResult& t, timing::Resolution display) {
    if (t.points) return std::to_string(*t.points);
    if (t.time) return timing::format_result_time(*t.time, display);
    return {};
}

}  // namespace fl::results
