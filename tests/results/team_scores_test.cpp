// Team scoring (results/team_scores.hpp) on event tables built by hand. The cross-country cases
// are published worked examples of the scoring rule (cited at each test); the others are worked
// by hand from README "Teams".
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "results/exports.hpp"
#include "results/team_scores.hpp"

namespace fl::results::test {
namespace {

using namespace std::chrono_literals;

// An event table from a finish order: each entry "TEAM/GENDER" (team "" for an individual);
// place n at n minutes.
struct Table {
    EventStandings e;
    explicit Table(const std::vector<std::pair<std::string, char>>& order) {
        e.name = "5K";
        int n = 0;
        for (const auto& [team, gender] : order) {
            ++n;
            auto r = std::make_shared<RunnerResult>();
            r->participant_id = n;
            r->bib = std::to_string(n);
            r->name = fmt::format("{} runner {}", team.empty() ? "solo" : team, n);
            r->team = team;
            r->gender = gender == 'F' ? timing::Gender::F : timing::Gender::M;
            r->status = Status::finished;
            r->rank_time = std::chrono::minutes{n} + 400ms;  // published as n:01
            e.rows.push_back(Row{r, n, std::nullopt, std::nullopt, false});
        }
    }
};

std::vector<std::pair<std::string, char>> teams_of(std::string_view letters) {
    std::vector<std::pair<std::string, char>> out;
    for (char c : letters) out.push_back({std::string(1, c), 'M'});
    return out;
}

timing::TeamConfig xc(int size = 5, int displacers = 2) {
    timing::TeamConfig c;
    c.name = "XC";
    c.event = "5K";
    c.size = size;
    c.displacers = displacers;
    return c;
}

const TeamResult& team(const TeamStandings& t, std::string_view name) {
    for (const auto& r : t.teams)
        if (r.team == name) return r;
    throw std::runtime_error("no team " + std::string(name));
}

std::vector<int> points(const TeamResult& r, TeamRole role) {
    std::vector<int> out;
    for (const auto& m : r.members)
        if (m.role == role) out.push_back(m.points.value_or(-1));
    return out;
}

// http://mrbsupersite.com/school_activities_022.htm: "A1, B1, B2, C1, A2, B3, A3, C2, A4, B4,
// A5, B5. Team C only had 2 runners ... The new list is A1, B1, B2, A2, B3, A3, A4, B4, A5, B5
// ... Team A: 1 + 4 + 6 + 7 + 9 = 27, Team B: 2 + 3 + 5 + 8 + 10 = 28. Team A wins."
TEST(TeamScores, AnIncompleteTeamDropsOutAndPlacesAreCountedAgain) {
    Table t(teams_of("ABBCABACABAB"));
    const auto s = compute_teams(t.e, xc(), timing::Resolution::seconds);
    ASSERT_EQ(s.teams.size(), 3u);
    EXPECT_EQ(s.teams[0].team, "A");
    EXPECT_EQ(s.teams[0].points, 27);
    EXPECT_EQ(s.teams[0].place, 1);
    EXPECT_EQ(points(s.teams[0], TeamRole::scorer), (std::vector<int>{1, 4, 6, 7, 9}));
    EXPECT_EQ(s.teams[1].team, "B");
    EXPECT_EQ(s.teams[1].points, 28);
    EXPECT_EQ(s.teams[1].place, 2);
    EXPECT_EQ(s.teams[2].team, "C");
    EXPECT_FALSE(s.teams[2].place);
    EXPECT_FALSE(s.teams[2].points);
    EXPECT_EQ(s.teams[2].short_of, "2 finishers of 5");
    EXPECT_EQ(s.teams[2].members.size(), 2u);
}

// https://sites.google.com/sycsd.org/warriorjhxc/how-to-score-a-xc-meet, example 3: "Nike 1 4 5
// 7 11 12 13 (28), Adidas 2 3 6 8 9 10 14 (28) ... Adidas wins since their 6th place runner
// finished 10th and Nike's 6th place runner finished 12th." The rule here looks at the last
// scorer first (Adidas 9, Nike 11): the same winner.
TEST(TeamScores, ATieGoesToTheBetterLastScorer) {
    Table t(teams_of("NAANNAN" "AAANNNA"));
    const auto s = compute_teams(t.e, xc(), timing::Resolution::seconds);
    ASSERT_EQ(s.teams.size(), 2u);
    EXPECT_EQ(team(s, "N").points, 28);
    EXPECT_EQ(team(s, "A").points, 28);
    EXPECT_EQ(team(s, "A").place, 1);
    EXPECT_EQ(team(s, "N").place, 2);
    EXPECT_FALSE(team(s, "A").tied);
    EXPECT_EQ(points(team(s, "A"), TeamRole::displacer), (std::vector<int>{10, 14}));
}

// Same page, example 2: "Green 1 2 3 4 5 6 7 (15), Purple 9 10 11 12 13 14 15 (8+9+10+11+12 =
// 50) ... only 7 runners count in the scoring. So the 8th finisher for the Green team is removed."
TEST(TeamScores, RunnersPastTheDisplacersDoNotPushOthersBack) {
    Table t(teams_of("GGGGGGGG" "PPPPPPP"));
    const auto s = compute_teams(t.e, xc(), timing::Resolution::seconds);
    EXPECT_EQ(team(s, "G").points, 15);
    EXPECT_EQ(team(s, "P").points, 50);
    const auto& green = team(s, "G");
    ASSERT_EQ(green.members.size(), 8u);
    EXPECT_EQ(green.members[7].role, TeamRole::other);
    EXPECT_FALSE(green.members[7].points);
}

// Equal on score, last scorer and first displacer: the teams share the place.
TEST(TeamScores, TeamsEqualOnEverythingShareAPlace) {
    // Two declared dead heats: X and Y share place 1, then Y and X share place 3: 1 + 3 each,
    // the same last scorer, no displacers.
    Table t({{"X", 'M'}, {"Y", 'M'}, {"Y", 'M'}, {"X", 'M'}});
    t.e.rows[1].place = 1;  // Y's first runner in a dead heat with X's first
    t.e.rows[0].dead_heat = t.e.rows[1].dead_heat = true;
    t.e.rows[2].place = 3;
    t.e.rows[3].place = 3;  // and the second runners too
    t.e.rows[2].dead_heat = t.e.rows[3].dead_heat = true;
    const auto s = compute_teams(t.e, xc(2, 0), timing::Resolution::seconds);
    ASSERT_EQ(s.teams.size(), 2u);
    EXPECT_EQ(s.teams[0].points, 4);
    EXPECT_EQ(s.teams[1].points, 4);
    EXPECT_EQ(s.teams[0].place, 1);
    EXPECT_EQ(s.teams[1].place, 1);
    EXPECT_TRUE(s.teams[0].tied);
    EXPECT_TRUE(s.teams[1].tied);
}

// Road-race club scoring (no displacers): the runners' places in the event, individuals and
// short teams included. Order: A, solo, B, A, B, C, A, B → A 1+4+7 = 12, B 3+5+8 = 16, C short.
TEST(TeamScores, WithoutDisplacersTheEventPlacesCount) {
    Table t({{"A", 'M'}, {"", 'M'}, {"B", 'M'}, {"A", 'F'}, {"B", 'F'}, {"C", 'M'}, {"A", 'M'}, {"B", 'M'}});
    auto c = xc(3, 0);
    c.displacers.reset();
    const auto s = compute_teams(t.e, c, timing::Resolution::seconds);
    EXPECT_EQ(team(s, "A").points, 12);
    EXPECT_EQ(team(s, "A").place, 1);
    EXPECT_EQ(team(s, "B").points, 16);
    EXPECT_EQ(team(s, "B").place, 2);
    EXPECT_EQ(team(s, "C").short_of, "1 finisher of 3");
}

// "Two fastest women plus the next two of anyone": size 4, min_women 2. Order (minutes):
// M1 A, M2 A, M3 A, F4 A, M5 B, F6 B, F7 A, F8 B, M9 B → A: F4, F7 + M1, M2 = 4+7+1+2 min;
// B: F6, F8 + M5, M9 = 6+8+5+9 min. Times as published: each n:00.4 rounds up to n:01.
TEST(TeamScores, TimeScoringWithAtLeastTwoWomen) {
    Table t({{"A", 'M'}, {"A", 'M'}, {"A", 'M'}, {"A", 'F'}, {"B", 'M'}, {"B", 'F'}, {"A", 'F'}, {"B", 'F'}, {"B", 'M'}});
    timing::TeamConfig c;
    c.event = "5K";
    c.scoring = timing::TeamScoring::time;
    c.size = 4;
    c.min_women = 2;
    const auto s = compute_teams(t.e, c, timing::Resolution::seconds);
    EXPECT_EQ(team(s, "A").time, std::chrono::minutes{14} + 4s);
    EXPECT_EQ(team(s, "B").time, std::chrono::minutes{28} + 4s);
    EXPECT_EQ(team(s, "A").place, 1);
    std::vector<std::string> scorers;
    for (const auto& m : team(s, "A").members)
        if (m.role == TeamRole::scorer) scorers.push_back(m.row->runner->bib);
    EXPECT_EQ(scorers, (std::vector<std::string>{"1", "2", "4", "7"}));  // M3 is not needed
    EXPECT_EQ(score_text(team(s, "A"), timing::Resolution::seconds), "0:14:04");
    // A third woman is needed and B has two: short.
    c.min_women = 3;
    const auto three = compute_teams(t.e, c, timing::Resolution::seconds);
    EXPECT_EQ(team(three, "B").short_of, "2 women of 3");
    EXPECT_FALSE(team(three, "B").place);
}

// nth: the time of the team's size-th finisher. A's third is at 6 min, B's at 5 min.
TEST(TeamScores, NthScoringTakesTheTimeOfTheLastScorer) {
    Table t(teams_of("ABABBAA"));
    timing::TeamConfig c;
    c.event = "5K";
    c.scoring = timing::TeamScoring::nth;
    c.size = 3;
    const auto s = compute_teams(t.e, c, timing::Resolution::tenths);
    EXPECT_EQ(team(s, "B").time, std::chrono::minutes{5} + 400ms);
    EXPECT_EQ(team(s, "B").place, 1);
    EXPECT_EQ(team(s, "A").time, std::chrono::minutes{6} + 400ms);
    EXPECT_EQ(score_text(team(s, "A"), timing::Resolution::tenths), "0:06:00.4");
}

TEST(TeamScores, TeamNamesDifferingInCaseOrSpacesAreOneTeamAndIndividualsNone) {
    EXPECT_EQ(team_key("  Toronto   Harriers "), "toronto harriers");
    EXPECT_EQ(team_key("toronto harriers"), "toronto harriers");
    EXPECT_EQ(team_key(""), "");
    EXPECT_EQ(team_key("Individual"), "");
    EXPECT_EQ(team_key("UNATTACHED"), "");
    Table t({{"Toronto Harriers", 'M'}, {"individual", 'M'}, {"toronto  harriers", 'M'}});
    auto c = xc(2, 0);
    const auto s = compute_teams(t.e, c, timing::Resolution::seconds);
    ASSERT_EQ(s.teams.size(), 1u);
    EXPECT_EQ(s.teams[0].team, "Toronto Harriers");  // as its first finisher wrote it
    EXPECT_EQ(s.teams[0].points, 3);                 // the individual does not count
}

// The CSV: place,team,score,members; a short team unplaced with every finisher's place; a
// team name typed as a formula is neutralised.
TEST(TeamScores, TheTeamCsv) {
    Table t({{"A", 'M'}, {"=cmd", 'M'}, {"A", 'F'}, {"A", 'M'}});
    Standings st;
    st.race = "Test";
    st.events.push_back(std::make_shared<EventStandings>(t.e));
    auto c = xc(2, 1);
    st.teams.push_back(c);
    EXPECT_EQ(to_teams_csv(st), "place,team,score,members\n"
                                "1,A,3,\"A runner 1 (1); A runner 3 (2); A runner 4 (3, displacer)\"\n"
                                ",'=cmd,,'=cmd runner 2 (place 2)\n");
}

}  // namespace
}  // namespace fl::results::test
