// Manual entries: stated finishes, taps and scans paired in order, chip-versus-manual conflicts,
// and entries withdrawn by an undo (the marshal's UNDO E<id>).
#include <gtest/gtest.h>

#include "results/exports.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using timing::CorrectionKind;
using timing::EntryKind;

TEST(Entries, AManualFinishGivesAFinish) {
    Race race;
    race.entry(EntryKind::finish, "2", "09:44:00.5");
    const auto& r = race.runner("2");
    EXPECT_EQ(r.status, Status::finished);
    EXPECT_EQ(r.finish, race.at("09:44:00.5"));
    EXPECT_EQ(r.finish_source, FinishSource::manual);
    EXPECT_TRUE(r.manual_finish);
    EXPECT_EQ(r.finish_known, race.at("09:44:01.5"));  // the entry's created instant
}

TEST(Entries, TheEarliestOfSeveralManualFinishesCounts) {
    Race race;
    race.entry(EntryKind::finish, "2", "09:45:00");
    race.entry(EntryKind::finish, "2", "09:44:00");
    EXPECT_EQ(race.runner("2").finish, race.at("09:44:00"));
}

TEST(Entries, TheChipWinsOverAManualFinishAndTheConflictIsListed) {
    Race race;
    race.read("C2", pt_finish, "09:44:10");
    race.entry(EntryKind::finish, "2", "09:44:00");
    EXPECT_EQ(race.runner("2").finish, race.at("09:44:10"));
    EXPECT_EQ(race.runner("2").finish_source, FinishSource::chip);
    const auto& c = *race.s().conflicts;
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].bib, "2");
    EXPECT_EQ(c[0].event, "10K");
    EXPECT_EQ(c[0].chip_finish, race.at("09:44:10"));
    EXPECT_EQ(c[0].manual_finish, race.at("09:44:00"));
    EXPECT_EQ(c[0].winner, FinishSource::chip);
}

TEST(Entries, PreferManualMakesTheManualFinishWin) {
    Race race;
    race.read("C2", pt_finish, "09:44:10");
    race.entry(EntryKind::finish, "2", "09:44:00");
    timing::NewCorrection c;
    c.kind = CorrectionKind::prefer_manual;
    c.bib = "2";
    const auto id = race.correct(c);
    EXPECT_EQ(race.runner("2").finish, race.at("09:44:00"));
    EXPECT_EQ(race.s().conflicts->at(0).winner, FinishSource::manual);
    timing::NewCorrection undo;
    undo.kind = CorrectionKind::undo;
    undo.target_id = id;
    race.correct(undo);
    EXPECT_EQ(race.runner("2").finish, race.at("09:44:10"));
}

TEST(Entries, TheNthTapBelongsToTheNthScan) {
    Race race;
    race.entry(EntryKind::tap, "", "09:44:00");
    race.entry(EntryKind::tap, "", "09:44:05");
    race.entry(EntryKind::tap, "", "09:44:09");
    race.entry(EntryKind::scan, "3", "09:46:00");
    race.entry(EntryKind::scan, "1", "09:46:30");
    EXPECT_EQ(race.runner("3").finish, race.at("09:44:00"));
    EXPECT_EQ(race.runner("3").finish_source, FinishSource::scan);
    EXPECT_EQ(race.runner("1").finish, race.at("09:44:05"));
    const auto& taps = *race.s().unpaired_taps;
    ASSERT_EQ(taps.size(), 1u);
    EXPECT_EQ(taps[0].time, race.at("09:44:09"));
    EXPECT_EQ(taps[0].entry_id, 3);
}

TEST(Entries, AScanWithoutATapKeepsItsReceiptTime) {
    Race race;
    race.entry(EntryKind::scan, "1", "09:46:30");
    EXPECT_EQ(race.runner("1").finish, race.at("09:46:30"));
    // A tap stored later pairs with that scan and gives it the tap's time.
    race.entry(EntryKind::tap, "", "09:46:20");
    EXPECT_EQ(race.runner("1").finish, race.at("09:46:20"));
    EXPECT_TRUE(race.s().unpaired_taps->empty());
}

TEST(Entries, FinishesForBibsNotEnteredAreListed) {
    Race race;
    race.entry(EntryKind::finish, "99", "09:46:30");
    race.entry(EntryKind::scan, "98", "09:47:30");
    const auto& list = *race.s().unknown_bibs;
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].bib, "99");
    EXPECT_EQ(list[0].kind, EntryKind::finish);
    EXPECT_EQ(list[1].bib, "98");
    EXPECT_EQ(list[1].source, "test");
}

TEST(Entries, AnEntryFedTwiceIsTakenOnce) {
    Race race;
    race.entry(EntryKind::tap, "", "09:44:00");
    race.engine.add_entry(race.entries.back());
    race.entry(EntryKind::scan, "1", "09:46:30");
    race.entry(EntryKind::scan, "2", "09:46:40");
    EXPECT_EQ(race.runner("1").finish, race.at("09:44:00"));
    EXPECT_EQ(race.runner("2").finish, race.at("09:46:40"));  // no second tap to pair with
}

// The undo the marshal console stores for UNDO E<id>: entry_id set, no target correction.
std::int64_t undo_entry(Race& race, std::int64_t entry) {
    timing::NewCorrection c;
    c.kind = CorrectionKind::undo;
    c.entry_id = entry;
    return race.correct(c);
}

std::int64_t undo_correction(Race& race, std::int64_t target) {
    timing::NewCorrection c;
    c.kind = CorrectionKind::undo;
    c.target_id = target;
    return race.correct(c);
}

std::string standings_json(Engine& e) { return to_json(*e.snapshot(), {}, false); }

TEST(Entries, UndoingAManualFinishWithdrawsItAndUndoingTheUndoPutsItBack) {
    Race race;
    race.entry(EntryKind::finish, "2", "09:44:00");
    const auto typo = race.entry(EntryKind::finish, "2", "09:40:00");  // the wrong time, earlier
    EXPECT_EQ(race.runner("2").finish, race.at("09:40:00"));
    const auto u = undo_entry(race, typo);
    EXPECT_EQ(race.runner("2").finish, race.at("09:44:00"));
    EXPECT_EQ(standings_json(race.engine), to_json(*race.engine.rescore(), {}, false));
    undo_correction(race, u);
    EXPECT_EQ(race.runner("2").finish, race.at("09:40:00"));
    EXPECT_EQ(standings_json(race.engine), to_json(*race.engine.rescore(), {}, false));
}

TEST(Entries, UndoingTheOnlyFinishLeavesTheRunnerWithoutOne) {
    Race race;
    const auto id = race.entry(EntryKind::finish, "2", "09:44:00");
    undo_entry(race, id);
    EXPECT_EQ(race.runner("2").status, Status::dns);
    EXPECT_EQ(race.runner("2").finish, std::nullopt);
    EXPECT_TRUE(race.event("10K").rows.size() > 0);
    EXPECT_EQ(race.event("10K").counts.finished, 0);
}

TEST(Entries, AnUndoneTapLeavesThePairingAndTheNextTapPairsInstead) {
    Race race;
    const auto stray = race.entry(EntryKind::tap, "", "09:44:00");  // pressed by mistake
    race.entry(EntryKind::tap, "", "09:44:05");
    race.entry(EntryKind::scan, "3", "09:46:00");
    EXPECT_EQ(race.runner("3").finish, race.at("09:44:00"));
    undo_entry(race, stray);
    EXPECT_EQ(race.runner("3").finish, race.at("09:44:05"));
    EXPECT_TRUE(race.s().unpaired_taps->empty());
}

TEST(Entries, AnUndoneScanFreesItsTapForTheNextScan) {
    Race race;
    race.entry(EntryKind::tap, "", "09:44:00");
    const auto wrong = race.entry(EntryKind::scan, "9", "09:46:00");  // a bib that is not entered
    race.entry(EntryKind::scan, "1", "09:46:10");
    EXPECT_EQ(race.runner("1").finish, race.at("09:46:10"));
    EXPECT_EQ(race.s().unknown_bibs->size(), 1u);
    undo_entry(race, wrong);
    EXPECT_EQ(race.runner("1").finish, race.at("09:44:00"));
    EXPECT_TRUE(race.s().unknown_bibs->empty());  // withdrawn entries are not listed
}

TEST(Entries, AnUndoneGunEntryGivesTheGunBackToTheSchedule) {
    Race race;
    const auto gun = race.entry(EntryKind::gun, "", "09:00:30", ev10k);
    race.read("C1", pt_finish, "09:45:00");
    EXPECT_EQ(race.runner("1").gun_time, hms("0:44:30"));
    undo_entry(race, gun);
    EXPECT_EQ(race.runner("1").gun_time, hms("0:45:00"));
    EXPECT_EQ(race.event("10K").waves[0].source, GunSource::scheduled);
}

TEST(Entries, AnUndoFedBeforeItsEntryStillWithdrawsIt) {
    // The service feeds rows as they commit and a restart replays corrections before reads;
    // feeding order must not matter.
    Race race;
    timing::Entry e;
    e.id = 1;
    e.kind = EntryKind::finish;
    e.bib = "2";
    e.time = race.at("09:44:00");
    e.created = e.time;
    e.source = "test";
    race.entry_id = 1;
    undo_entry(race, 1);
    race.engine.add_entry(e);
    EXPECT_EQ(race.runner("2").status, Status::dns);
}
}  // namespace
}  // namespace fl::results::test
