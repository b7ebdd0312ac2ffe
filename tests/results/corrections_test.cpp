// Every correction kind, undo (and undo of an undo), and what cannot be applied.
#include <gtest/gtest.h>

#include "results/corrections.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using timing::CorrectionKind;
using timing::EntryKind;

timing::NewCorrection make(CorrectionKind kind, std::string bib = {}) {
    timing::NewCorrection c;
    c.kind = kind;
    c.bib = std::move(bib);
    return c;
}

std::int64_t undo(Race& race, std::int64_t target) {
    auto c = make(CorrectionKind::undo);
    c.target_id = target;
    return race.correct(c);
}

TEST(Corrections, IgnoreReadDropsThatRead) {
    Race race;
    const auto early = race.read("C1", pt_finish, "09:40:00");
    race.read("C1", pt_finish, "09:44:00");
    auto c = make(CorrectionKind::ignore_read);
    c.read_id = early;
    const auto id = race.correct(c);
    EXPECT_EQ(race.runner("1").finish, race.at("09:44:00"));
    undo(race, id);
    EXPECT_EQ(race.runner("1").finish, race.at("09:40:00"));
}

TEST(Corrections, AnUndoOfAnUndoPutsTheCorrectionBack) {
    Race race;
    const auto early = race.read("C1", pt_finish, "09:40:00");
    race.read("C1", pt_finish, "09:44:00");
    auto c = make(CorrectionKind::ignore_read);
    c.read_id = early;
    const auto id = race.correct(c);
    const auto u = undo(race, id);
    undo(race, u);
    EXPECT_EQ(race.runner("1").finish, race.at("09:44:00"));
}

TEST(Corrections, AssignReadGivesOneReadToABib) {
    Race race;
    const auto id = race.read("SPARE1", pt_finish, "09:43:00");
    race.read("SPARE1", pt_finish, "09:50:00");
    auto c = make(CorrectionKind::assign_read, "2");
    c.read_id = id;
    race.correct(c);
    EXPECT_EQ(race.runner("2").finish, race.at("09:43:00"));
    const auto& left = *race.s().unassigned_reads;
    ASSERT_EQ(left.size(), 1u);  // the other read of that chip is still unassigned
    EXPECT_EQ(left[0].time, race.at("09:50:00"));
}

TEST(Corrections, AssignReadTakesAReadAwayFromItsChipOwner) {
    Race race;
    const auto id = race.read("C1", pt_finish, "09:43:00");
    auto c = make(CorrectionKind::assign_read, "2");
    c.read_id = id;
    race.correct(c);
    EXPECT_EQ(race.runner("1").status, Status::dns);
    EXPECT_EQ(race.runner("2").finish, race.at("09:43:00"));
}

TEST(Corrections, AssignChipGivesEveryReadOfTheChip) {
    Race race;
    race.read("SPARE1", pt_start, "09:00:04");
    race.read("SPARE1", pt_finish, "09:43:00");
    auto c = make(CorrectionKind::assign_chip, "5");
    c.chip = "SPARE1";
    const auto id = race.correct(c);
    EXPECT_EQ(race.runner("5").finish, race.at("09:43:00"));
    EXPECT_EQ(race.runner("5").start_passing, race.at("09:00:04"));
    EXPECT_TRUE(race.s().unassigned_reads->empty());
    undo(race, id);
    EXPECT_EQ(race.runner("5").status, Status::dns);
    EXPECT_EQ(race.s().unassigned_reads->size(), 2u);
}

TEST(Corrections, AssignChipMovesAChipBetweenRunners) {
    Race race;
    race.read("C1", pt_finish, "09:43:00");
    auto c = make(CorrectionKind::assign_chip, "2");
    c.chip = "C1";
    race.correct(c);
    EXPECT_EQ(race.runner("1").status, Status::dns);
    EXPECT_EQ(race.runner("2").finish, race.at("09:43:00"));
}

TEST(Corrections, AddFinishGivesAFinishWithoutReads) {
    Race race;
    auto c = make(CorrectionKind::add_finish, "3");
    c.time = race.at("09:55:00");
    race.correct(c);
    EXPECT_EQ(race.runner("3").finish, race.at("09:55:00"));
    EXPECT_EQ(race.runner("3").finish_source, FinishSource::correction);
    EXPECT_EQ(race.runner("3").gun_time, hms("0:45:00"));
}

TEST(Corrections, MoveFinishReplacesTheChipFinish) {
    Race race;
    race.read("C1", pt_finish, "09:43:00");
    auto c = make(CorrectionKind::move_finish, "1");
    c.time = race.at("09:42:30");
    const auto id = race.correct(c);
    EXPECT_EQ(race.runner("1").finish, race.at("09:42:30"));
    EXPECT_TRUE(race.runner("1").manual_finish);
    undo(race, id);
    EXPECT_EQ(race.runner("1").finish, race.at("09:43:00"));
}

TEST(Corrections, DqTakesThePlaceAwayAndUndoGivesItBack) {
    Race race;
    race.read("C1", pt_finish, "09:43:00");
    race.read("C2", pt_finish, "09:44:00");
    auto c = make(CorrectionKind::dq, "1");
    c.reason = "course cutting";
    const auto id = race.correct(c);
    EXPECT_EQ(race.runner("1").status, Status::dq);
    EXPECT_EQ(race.row("2").place, 1);
    undo(race, id);
    EXPECT_EQ(race.row("1").place, 1);
    EXPECT_EQ(race.row("2").place, 2);
}

TEST(Corrections, DnfOverridesAFinish) {
    Race race;
    race.read("C1", pt_finish, "09:43:00");
    race.correct(make(CorrectionKind::dnf, "1"));
    EXPECT_EQ(race.runner("1").status, Status::dnf);
    EXPECT_TRUE(race.runner("1").declared_dnf);
    EXPECT_FALSE(race.row("1").place);
}

TEST(Corrections, EditParticipantChangesCategoryAndEvent) {
    Race race;
    race.read("C2", pt_finish, "09:43:00");
    auto g = make(CorrectionKind::edit_participant, "2");
    g.data = "gender=F";
    race.correct(g);
    EXPECT_EQ(race.runner("2").category, "F40-44");
    EXPECT_EQ(race.row("2").gender_place, 1);
    auto n = make(CorrectionKind::edit_participant, "2");
    n.data = "name=Bobbie";
    race.correct(n);
    EXPECT_EQ(race.runner("2").name, "Bobbie");
    auto e = make(CorrectionKind::edit_participant, "1");
    e.data = "event=5K";
    race.correct(e);
    EXPECT_EQ(race.runner("1").event, "5K");
    EXPECT_EQ(race.order("5K"), (std::vector<std::string>{"1", "4"}));
    auto a = make(CorrectionKind::edit_participant, "1");
    a.data = "age=61";
    race.correct(a);
    EXPECT_EQ(race.runner("1").category, "F60-64");
}

// Edits apply in the order they were recorded (found by the reference scorer, seed 17): an age
// typed after a birthdate edit is the age, and an edit that cannot be applied leaves the earlier
// edit of that field standing.
TEST(Corrections, TheLatestEditWinsAndABadOneChangesNothing) {
    Race race;
    race.read("C2", pt_finish, "09:43:00");
    auto born = make(CorrectionKind::edit_participant, "2");
    born.data = "birthdate=1970-01-01";
    race.correct(born);
    EXPECT_EQ(race.runner("2").age, 54);
    auto age = make(CorrectionKind::edit_participant, "2");
    age.data = "age=47";
    race.correct(age);
    EXPECT_EQ(race.runner("2").age, 47);
    EXPECT_EQ(race.runner("2").category, "M45-49");
    auto g = make(CorrectionKind::edit_participant, "2");
    g.data = "gender=F";
    race.correct(g);
    auto bad = make(CorrectionKind::edit_participant, "2");
    bad.data = "gender=Q";
    race.correct(bad);
    EXPECT_EQ(race.runner("2").gender, timing::Gender::F);
    EXPECT_EQ(race.runner("2").category, "F45-49");
}

TEST(Corrections, EditToAWaveMovesTheRunnersGun) {
    Race race;
    race.read("C1", pt_finish, "09:50:00");
    auto w = make(CorrectionKind::edit_participant, "1");
    w.data = "wave=B";
    race.correct(w);
    EXPECT_EQ(race.runner("1").wave, "B");
    EXPECT_EQ(race.runner("1").gun_time, hms("0:40:00"));
}

TEST(Corrections, WhatCannotBeAppliedIsListedAsAnIssue) {
    Race race;
    auto bad_field = make(CorrectionKind::edit_participant, "1");
    bad_field.data = "shoe=42";
    race.correct(bad_field);
    auto bad_value = make(CorrectionKind::edit_participant, "1");
    bad_value.data = "gender=Q";
    race.correct(bad_value);
    race.correct(make(CorrectionKind::dnf, "404"));
    auto no_time = make(CorrectionKind::add_finish, "1");
    race.correct(no_time);
    auto bad_undo = make(CorrectionKind::undo);
    bad_undo.target_id = 999;
    race.correct(bad_undo);
    const auto& issues = *race.s().issues;
    auto has = [&](std::string_view text) {
        return std::any_of(issues.begin(), issues.end(),
                           [&](const Issue& i) { return i.what.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(has("expected data \"field=value\"")) << issues.size();
    EXPECT_TRUE(has("gender=Q is not M, F or X"));
    EXPECT_TRUE(has("bib 404, which is not a participant"));
    EXPECT_TRUE(has("gives no time"));
    EXPECT_TRUE(has("undo of correction 999, which does not exist"));
    EXPECT_EQ(race.runner("1").gender, timing::Gender::F);  // the bad edit changed nothing
}

TEST(Corrections, ACorrectionFedBeforeItsReadStillApplies) {
    Race race;
    auto early = race.make_read("C1", pt_finish, "09:40:00");
    auto late = race.make_read("C1", pt_finish, "09:44:00");
    auto c = make(CorrectionKind::ignore_read);
    c.read_id = early.id;
    race.correct(c);
    race.feed(late);
    race.feed(early);
    EXPECT_EQ(race.runner("1").finish, race.at("09:44:00"));
}

TEST(Corrections, DeriveKeepsOnlyCorrectionsInForce) {
    std::vector<timing::Correction> log(4);
    log[0].id = 1;
    log[0].kind = CorrectionKind::dnf;
    log[0].bib = "7";
    log[1].id = 2;
    log[1].kind = CorrectionKind::undo;
    log[1].target_id = 1;
    log[2].id = 3;
    log[2].kind = CorrectionKind::dead_heat;
    log[2].data = "  4   9 4 ";
    log[3].id = 4;
    log[3].kind = CorrectionKind::dead_heat;
    log[3].data = "4";
    const auto s = derive_corrections(log);
    EXPECT_FALSE(s.bibs.count("7"));
    ASSERT_EQ(s.dead_heats.size(), 1u);
    EXPECT_EQ(s.dead_heats[0], (std::vector<std::string>{"4", "9"}));
    ASSERT_EQ(s.issues.size(), 1u);
    EXPECT_NE(s.issues[0].what.find("two or more bibs"), std::string::npos);
}

}  // namespace
}  // namespace fl::results::test
