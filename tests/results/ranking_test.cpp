// Times, places overall / by gender / by category, ties, dead heats, statuses, categories.
#include <gtest/gtest.h>

#include "results/categories.hpp"
#include "results/display.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using timing::CorrectionKind;
using timing::EntryKind;
using timing::Gender;

std::string with(std::string_view from, std::string_view to) {
    std::string t(race_toml);
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    t.replace(at, from.size(), to);
    return t;
}

TEST(Ranking, GunEventsRankOnGunTime) {
    Race race;
    race.read("C1", pt_start, "09:02:00");  // Ann starts late...
    race.read("C1", pt_finish, "09:44:00");
    race.read("C2", pt_start, "09:00:05");
    race.read("C2", pt_finish, "09:43:00");  // ...Bob crosses first and wins on gun time
    EXPECT_EQ(race.order("10K")[0], "2");
    EXPECT_EQ(race.row("2").place, 1);
    EXPECT_EQ(race.row("1").place, 2);
    EXPECT_EQ(race.runner("1").rank_time, race.runner("1").gun_time);
}

TEST(Ranking, NetEventsRankOnNetTime) {
    auto ps = people();
    ps.push_back(person("7", "Gus Go", Gender::M, "30", "5K", "", {"C7"}));
    Race race(ps);
    race.read("C4", pt_start, "09:30:05");
    race.read("C4", pt_finish, "09:55:00");  // net 24:55
    race.read("C7", pt_start, "09:32:00");
    race.read("C7", pt_finish, "09:56:00");  // net 24:00: wins though he crossed later
    EXPECT_EQ(race.order("5K"), (std::vector<std::string>{"7", "4"}));
    EXPECT_EQ(race.runner("7").rank_time, hms("0:24:00"));
}

TEST(Ranking, EqualTimesPlaceInCrossingOrder) {
    Race race;
    // Same gun time, different waves: Ann (A) crosses at 09:40, Cid (B) at 09:50.
    race.read("C3", pt_finish, "09:50:00");
    race.read("C1", pt_finish, "09:40:00");
    EXPECT_EQ(race.runner("1").gun_time, race.runner("3").gun_time);
    EXPECT_EQ(race.row("1").place, 1);
    EXPECT_EQ(race.row("3").place, 2);
    EXPECT_FALSE(race.row("1").dead_heat);
}

TEST(Ranking, RankingUsesTheUnroundedTime) {
    Race race;
    race.read("C1", pt_finish, "09:40:00.7");
    race.read("C2", pt_finish, "09:40:00.2");  // both show 0:40:01
    EXPECT_EQ(show_time(race.runner("1").gun_time, timing::Resolution::seconds), "0:40:01");
    EXPECT_EQ(show_time(race.runner("2").gun_time, timing::Resolution::seconds), "0:40:01");
    EXPECT_EQ(race.row("2").place, 1);
    EXPECT_EQ(race.row("1").place, 2);
}

TEST(Ranking, ADeclaredDeadHeatSharesThePlace) {
    Race race;
    race.read("C1", pt_finish, "09:40:00.2");
    race.read("C2", pt_finish, "09:40:00.2");
    race.read("C6", pt_finish, "09:41:00");
    EXPECT_EQ(race.row("1").place, 1);
    EXPECT_EQ(race.row("2").place, 2);
    timing::NewCorrection c;
    c.kind = CorrectionKind::dead_heat;
    c.data = "1 2";
    const auto id = race.correct(c);
    EXPECT_EQ(race.row("1").place, 1);
    EXPECT_EQ(race.row("2").place, 1);
    EXPECT_TRUE(race.row("1").dead_heat);
    EXPECT_TRUE(race.row("2").dead_heat);
    EXPECT_EQ(race.row("6").place, 3);
    EXPECT_FALSE(race.row("6").dead_heat);
    timing::NewCorrection undo;
    undo.kind = CorrectionKind::undo;
    undo.target_id = id;
    race.correct(undo);
    EXPECT_EQ(race.row("2").place, 2);
    EXPECT_FALSE(race.row("2").dead_heat);
}

TEST(Ranking, PlacesByGenderAndCategory) {
    Race race;
    race.read("C2", pt_finish, "09:40:00");  // M
    race.read("C6", pt_finish, "09:41:00");  // F, ELITE
    race.read("C1", pt_finish, "09:42:00");  // F, F30-34
    race.read("C5", pt_finish, "09:43:00");  // X
    race.read("C3", pt_finish, "09:54:00");  // M (wave B: 0:44:00)
    EXPECT_EQ(race.row("2").gender_place, 1);
    EXPECT_EQ(race.row("6").gender_place, 1);
    EXPECT_EQ(race.row("1").gender_place, 2);
    EXPECT_EQ(race.row("5").gender_place, 1);
    EXPECT_EQ(race.row("3").gender_place, 2);
    EXPECT_EQ(race.row("3").place, 5);
    EXPECT_EQ(race.row("1").category_place, 1);  // alone in F30-34
    EXPECT_EQ(race.row("6").category_place, 1);  // alone in ELITE
}

TEST(Ranking, ComputedCategoriesUseAgeOnRaceDay) {
    Race race;
    EXPECT_EQ(race.runner("1").age, 34);
    EXPECT_EQ(race.runner("1").category, "F30-34");
    EXPECT_EQ(race.runner("2").category, "M40-44");  // age given, no birth date
    EXPECT_EQ(race.runner("5").age, 53);              // 54 the day after the race
    EXPECT_EQ(race.runner("5").category, "X50-54");
    EXPECT_EQ(race.runner("4").category, "F20-24");
    EXPECT_EQ(race.runner("6").category, "ELITE");
    EXPECT_TRUE(race.runner("6").category_explicit);
    EXPECT_FALSE(race.runner("1").category_explicit);
    EXPECT_EQ(race.event("10K").categories,
              (std::vector<std::string>{"ELITE", "F30-34", "M35-39", "M40-44", "X50-54"}));
}

TEST(Ranking, AgeOnThirtyFirstDecemberIsASetting) {
    Race race(people(), with("age_on = \"race_day\"", "age_on = \"year_end\""));
    EXPECT_EQ(race.runner("5").age, 54);
    EXPECT_EQ(race.runner("4").age, 25);  // born 31 Dec
    EXPECT_EQ(race.runner("4").category, "F25-29");
    EXPECT_EQ(race.runner("1").age, 34);
}

TEST(Ranking, CategoryNamesCoverFirstAndLastGroups) {
    const std::vector<int> groups{0, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80};
    EXPECT_EQ(category_name(Gender::M, 10, groups), "M0-14");
    EXPECT_EQ(category_name(Gender::F, 14, groups), "F0-14");
    EXPECT_EQ(category_name(Gender::F, 15, groups), "F15-19");
    EXPECT_EQ(category_name(Gender::M, 79, groups), "M75-79");
    EXPECT_EQ(category_name(Gender::M, 80, groups), "M80+");
    EXPECT_EQ(category_name(Gender::X, 99, groups), "X80+");
    EXPECT_EQ(category_name(std::nullopt, 30, groups), "");
    EXPECT_EQ(category_name(Gender::M, std::nullopt, groups), "");
    EXPECT_EQ(category_name(Gender::M, 8, {10, 20}), "M10-19");
    EXPECT_EQ(age_at(*timing::parse_date("2000-02-29"), *timing::parse_date("2024-02-28")), 23);
    EXPECT_EQ(age_at(*timing::parse_date("2000-02-29"), *timing::parse_date("2024-02-29")), 24);
}

TEST(Ranking, DisplayRoundsUpToTheNextSecondOrTenth) {
    EXPECT_EQ(show_time(hms("2:09:44.3"), timing::Resolution::seconds), "2:09:45");
    EXPECT_EQ(show_time(hms("2:09:44"), timing::Resolution::seconds), "2:09:44");
    EXPECT_EQ(show_time(hms("0:41:10.21"), timing::Resolution::tenths), "0:41:10.3");
    EXPECT_EQ(show_time(std::nullopt, timing::Resolution::seconds), "");
    EXPECT_EQ(show_pace(hms("0:04:01.2")), "4:02");
}

TEST(Ranking, StatusesFinishedDnfDnsDq) {
    Race race;
    race.read("C1", pt_finish, "09:40:00");  // finished
    race.read("C2", pt_start, "09:00:10");   // started, no finish: DNF (on course)
    race.read("C3", pt_km5, "09:35:00");     // a split is a start too
    race.read("C6", pt_finish, "09:41:00");
    timing::NewCorrection dq;
    dq.kind = CorrectionKind::dq;
    dq.bib = "6";
    dq.reason = "USATF 144.3: unsportsmanlike";
    race.correct(dq);
    timing::NewCorrection dnf;
    dnf.kind = CorrectionKind::dnf;
    dnf.bib = "3";
    race.correct(dnf);
    EXPECT_EQ(race.runner("1").status, Status::finished);
    EXPECT_EQ(race.runner("2").status, Status::dnf);
    EXPECT_TRUE(race.runner("2").on_course);
    EXPECT_EQ(race.runner("3").status, Status::dnf);
    EXPECT_TRUE(race.runner("3").declared_dnf);
    EXPECT_FALSE(race.runner("3").on_course);
    EXPECT_EQ(race.runner("5").status, Status::dns);
    EXPECT_EQ(race.runner("6").status, Status::dq);
    EXPECT_EQ(race.runner("6").dq_reason, "USATF 144.3: unsportsmanlike");
    EXPECT_FALSE(race.row("6").place);
    EXPECT_EQ(to_string(Status::finished), "FIN");
    EXPECT_EQ(to_string(Status::dq), "DQ");
    // Finishers in place order, then DNF, DQ, DNS (each by bib).
    EXPECT_EQ(race.order("10K"), (std::vector<std::string>{"1", "2", "3", "6", "5"}));
    const auto& n = race.event("10K").counts;
    EXPECT_EQ(n.entered, 5);
    EXPECT_EQ(n.started, 4);
    EXPECT_EQ(n.finished, 1);
    EXPECT_EQ(n.dnf, 2);
    EXPECT_EQ(n.on_course, 1);
    EXPECT_EQ(n.dq, 1);
    EXPECT_EQ(n.dns, 1);
}

TEST(Ranking, AFinishOverTheCutoffIsFlaggedAndStillPlaced) {
    Race race;
    race.read("C1", pt_finish, "10:31:00");  // gun time 1:31:00 > cutoff 1:30:00
    race.read("C2", pt_finish, "10:29:00");
    EXPECT_TRUE(race.runner("1").over_cutoff);
    EXPECT_FALSE(race.runner("2").over_cutoff);
    EXPECT_EQ(race.row("1").place, 2);
}

TEST(Ranking, FinishPaceIsOverTheEventDistance) {
    Race race;
    race.read("C1", pt_finish, "09:50:00");
    EXPECT_EQ(race.runner("1").pace_per_km, hms("0:05:00"));
    // 10 km = 6.21371 miles: 3000 s / 6.21371 = 482.80 s.
    EXPECT_NEAR(static_cast<double>(race.runner("1").pace_per_mile->count()) / 1e6, 482.80, 0.01);
}

TEST(Ranking, LatestFinishersAreNewestFirst) {
    Race race;
    auto a = race.make_read("C1", pt_finish, "09:40:00");
    a.receive_time = race.at("09:40:01");
    race.feed(a);
    auto b = race.make_read("C2", pt_finish, "09:39:00");
    b.receive_time = race.at("09:45:00");  // a reader that uploaded late: known last
    race.feed(b);
    race.entry(EntryKind::finish, "6", "09:42:00");  // known 09:42:01
    const auto& l = *race.s().latest_finishers;
    ASSERT_EQ(l.size(), 3u);
    EXPECT_EQ(l[0].runner->bib, "2");
    EXPECT_EQ(l[0].known, race.at("09:45:00"));
    EXPECT_EQ(l[0].place, 1);
    EXPECT_EQ(l[1].runner->bib, "6");
    EXPECT_EQ(l[2].runner->bib, "1");
}

TEST(Ranking, SnapshotsShareWhatDidNotChange) {
    Race race;
    race.read("C1", pt_finish, "09:40:00");
    const auto first = race.engine.snapshot();
    EXPECT_EQ(race.engine.snapshot(), first);  // nothing new: the same snapshot
    race.read("C2", pt_finish, "09:41:00");
    const auto second = race.engine.snapshot();
    EXPECT_GT(second->version, first->version);
    EXPECT_NE(second->events[0], first->events[0]);  // 10K changed
    EXPECT_EQ(second->events[1], first->events[1]);  // 5K did not
    // Ann's result did not change: shared, not copied.
    EXPECT_EQ(second->find_bib("1")->runner, first->find_bib("1")->runner);
    EXPECT_EQ(first->find_bib("2")->runner->status, Status::dns);  // old snapshots stay as they were
}

TEST(Ranking, RescoreEqualsTheIncrementalStandings) {
    Race race;
    race.read("C1", pt_start, "09:00:03");
    race.read("C1", pt_finish, "09:40:00");
    race.read("C2", pt_finish, "09:39:00");
    race.read("C3", pt_finish, "09:52:00");
    const auto inc = race.engine.snapshot();
    const auto full = race.engine.rescore();
    ASSERT_EQ(inc->events[0]->rows.size(), full->events[0]->rows.size());
    for (std::size_t i = 0; i < inc->events[0]->rows.size(); ++i) {
        EXPECT_EQ(inc->events[0]->rows[i].runner->bib, full->events[0]->rows[i].runner->bib);
        EXPECT_EQ(inc->events[0]->rows[i].place, full->events[0]->rows[i].place);
    }
}

TEST(Ranking, NewParticipantsPickUpReadsAlreadyFed) {
    Race race;
    race.read("C7", pt_finish, "09:40:00");
    EXPECT_EQ(race.s().unassigned_reads->size(), 1u);
    auto ps = people();
    ps.push_back(person("7", "Gus Go", Gender::M, "30", "10K", "A", {"C7"}));
    race.engine.set_participants(ps);
    EXPECT_EQ(race.runner("7").status, Status::finished);
    EXPECT_TRUE(race.s().unassigned_reads->empty());
}

}  // namespace
}  // namespace fl::results::test
