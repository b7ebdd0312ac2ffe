// Team scoring for the reference, written from README "Teams" without looking at results/:
// every question answered by walking the finishers again.
#include <algorithm>
#include <set>
#include <sstream>

#include "tests/reference/reference_scorer.hpp"

namespace fl::reference {
namespace {

std::string key_of(const std::string& team) {
    std::istringstream words(team);
    std::string word, out;
    while (words >> word) out += (out.empty() ? "" : " ") + word;
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (out == "individual" || out == "unattached") return "";
    return out;
}

Duration rounded_up(Duration d, timing::Resolution r) {
    const std::int64_t unit = r == timing::Resolution::tenths ? 100'000 : 1'000'000;
    if (d.count() < 0) return -rounded_up(-d, r);  // as displayed: "-" and the length rounded up
    return Duration{(d.count() + unit - 1) / unit * unit};
}

}  // namespace

std::vector<RefTeam> score_teams(const timing::TeamConfig& c, const RefEvent& event, timing::Resolution display) {
    const auto& fin = event.finishers;  // place order
    std::set<std::string> keys;
    for (const auto& r : fin)
        if (!key_of(r.team).empty()) keys.insert(key_of(r.team));
    std::vector<RefTeam> teams;
    for (const auto& key : keys) {
        RefTeam t;
        t.key = key;
        std::vector<const RefRunner*> mine;
        for (const auto& r : fin)
            if (key_of(r.team) == key) mine.push_back(&r);
        auto count = [&](std::optional<timing::Gender> g) {
            return std::count_if(mine.begin(), mine.end(), [&](auto r) { return !g || r->gender == g; });
        };
        const bool enough = count(std::nullopt) >= c.size && count(timing::Gender::F) >= c.min_women &&
                            count(timing::Gender::M) >= c.min_men;
        if (enough) {
            // Women first as needed, then men as needed, then anyone: each pass the earliest not taken.
            std::set<const RefRunner*> taken;
            auto take = [&](int n, std::optional<timing::Gender> g) {
                for (auto r : mine)
                    if (n > 0 && !taken.count(r) && (!g || r->gender == g)) taken.insert(r), --n;
            };
            take(c.min_women, timing::Gender::F);
            take(c.min_men, timing::Gender::M);
            take(c.size - c.min_women - c.min_men, std::nullopt);
            for (auto r : mine) {
                if (taken.count(r)) t.scorers.push_back(r->bib);
                else if (c.displacers && static_cast<int>(t.displacers.size()) < *c.displacers) t.displacers.push_back(r->bib);
            }
        }
        teams.push_back(std::move(t));
    }
    auto runner = [&](const std::string& bib) -> const RefRunner& {
        return *std::find_if(fin.begin(), fin.end(), [&](const auto& r) { return r.bib == bib; });
    };
    // Cross-country: a runner's points are 1 + how many counting runners finished ahead of them,
    // a declared dead heat with the one before sharing its points.
    auto points_of = [&](const std::string& bib) -> int {
        if (!c.displacers) return *runner(bib).place;
        std::vector<std::string> counting;
        for (const auto& r : fin)
            for (const auto& t : teams)
                if (std::count(t.scorers.begin(), t.scorers.end(), r.bib) || std::count(t.displacers.begin(), t.displacers.end(), r.bib))
                    counting.push_back(r.bib);
        int points = 0;
        for (std::size_t i = 0; i < counting.size(); ++i) {
            const auto& r = runner(counting[i]);
            if (!(i > 0 && r.dead_heat && runner(counting[i - 1]).place == r.place)) points = static_cast<int>(i) + 1;
            if (counting[i] == bib) return points;
        }
        return -1;
    };
    struct Key {
        std::int64_t score;
        int last;
        int next;
    };
    std::vector<std::pair<Key, RefTeam*>> ranked;
    for (auto& t : teams) {
        if (t.scorers.empty()) continue;
        Key k{};
        const bool places = c.scoring == timing::TeamScoring::places;
        auto time_of = [&](const std::string& bib) {
            const auto& r = runner(bib);
            return rounded_up(event.rank_by_net ? *r.net_time : *r.gun_time, display);
        };
        if (places) {
            int sum = 0;
            for (const auto& b : t.scorers) sum += points_of(b);
            t.points = sum;
            k.score = sum;
        } else if (c.scoring == timing::TeamScoring::time) {
            Duration sum{0};
            for (const auto& b : t.scorers) sum += time_of(b);
            t.time = sum;
            k.score = sum.count();
        } else {
            t.time = time_of(t.scorers.back());
            k.score = t.time->count();
        }
        k.last = places ? points_of(t.scorers.back()) : *runner(t.scorers.back()).place;
        k.next = 1'000'000;
        if (c.displacers) {
            if (!t.displacers.empty()) k.next = points_of(t.displacers.front());
        } else {
            for (const auto& r : fin)
                if (key_of(r.team) == t.key && !std::count(t.scorers.begin(), t.scorers.end(), r.bib)) {
                    k.next = *r.place;
                    break;
                }
        }
        ranked.push_back({k, &t});
    }
    // A team's place: 1 + the teams strictly better on (score, last scorer, next runner).
    for (auto& [k, t] : ranked) {
        int better = 0;
        for (const auto& [o, u] : ranked)
            if (std::tie(o.score, o.last, o.next) < std::tie(k.score, k.last, k.next)) ++better;
        t->place = better + 1;
    }
    return teams;
}

}  // namespace fl::reference
