#pragma once
// Team results of one event (README "Teams"): a pure function of the event's table and one
// [[teams]] table of the config. Like awards they are worked out from the standings whenever
// they are shown, so there is one ranking of runners and teams only read it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/standings.hpp"

namespace fl::results {

enum class TeamRole { scorer, displacer, other };
std::string_view to_string(TeamRole r);  // "scorer", "displacer", "other"

struct TeamMember {
    const Row* row = nullptr;    // points into the EventStandings passed in
    TeamRole role = TeamRole::other;
    std::optional<int> points;   // places scoring: the place this runner counts as
};

struct TeamResult {
    std::string team;            // as the team's first finisher's entry spells it
    std::optional<int> place;    // none: not enough finishers to score (listed, unranked)
    bool tied = false;           // shares its place: equal on score and both tie-breaks
    std::optional<int> points;   // places scoring: the sum of the scorers' points
    std::optional<Duration> time;  // time scoring: the sum; nth: the last scorer's time
    std::string short_of;        // unranked: what is missing, "3 finishers of 5", "1 woman of 2"
    std::vector<TeamMember> members;  // the team's finishers in finish order
};

struct TeamStandings {
    timing::TeamConfig config;
    std::vector<TeamResult> teams;  // ranked by place, then the unranked by name
};

// The team a participant's `team` entry names, as the key teams are grouped by: case and
// runs of spaces do not make two teams ("Toronto  harriers" is "Toronto Harriers"). Empty for
// no team: "", "individual" and "unattached" in any case.
std::string team_key(std::string_view team);

// Teams of `config.event` from its table `e` (finishers are rows with a place, in place order).
// Times add up as published, rounded up to `display`.
TeamStandings compute_teams(const EventStandings& e, const timing::TeamConfig& config,
                            timing::Resolution display);

// The rule in words for the page and the board: "sum of the places of the first 5 finishers;
// 2 more displace (cross-country places)".
std::string scoring_rule(const timing::TeamConfig& c);

// What a member counts for: their points, or their time as published (time and nth scoring).
std::string member_score(const TeamMember& m, const timing::TeamConfig& c, timing::Resolution display);

// The members a table lists, each "Name (points or time)", a displacer's "(14, displacer)": a
// placed team's scorers and displacers, a short team's every finisher. Text as typed: callers
// escape it for HTML or CSV.
std::vector<std::string> listed_members(const TeamResult& t, const timing::TeamConfig& c,
                                        timing::Resolution display);

// The score as exports show it: points, or a time in the event's display resolution.
std::string score_text(const TeamResult& t, timing::Resolution display);

}  // namespace fl::results
