// Manual entries: stated finishes, taps and scans paired in order, chip-versus-manual conflicts.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fl::results::test
