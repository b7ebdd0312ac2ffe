// One runner's manual finish, the finish that counts and their status (README: *Manual
// entries*, *Status*; rules.md "Status codes"), hand-worked.
#include <gtest/gtest.h>

#include "results/runner_score.hpp"
#include "tests/results/rule_inputs.hpp"

namespace fl::results::test {
namespace {

ManualTime keyed(std::int64_t time, std::int64_t known, std::int64_t id) {
    return {time, known, id, {known, RecordTable::entry, id}};
}

TEST(ManualFinish, TheEarliestOfTheFinishEntriesAndTheScanCounts) {
    const std::vector<ManualTime> finishes{keyed(2500, 2600, 7), keyed(2480, 2700, 9)};
    auto m = earliest_manual_finish(finishes, std::nullopt);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->time.id, 9);
    EXPECT_EQ(m->source, FinishSource::manual);
    // A scan timed by its tap at 2470 is earlier still.
    m = earliest_manual_finish(finishes, keyed(2470, 2710, 12));
    EXPECT_EQ(m->time.id, 12);
    EXPECT_EQ(m->source, FinishSource::scan);
    // At the same time, the one known first.
    m = earliest_manual_finish(finishes, keyed(2480, 2650, 12));
    EXPECT_EQ(m->source, FinishSource::scan);
    EXPECT_FALSE(earliest_manual_finish({}, std::nullopt));
}

RunnerScore chip_finisher(std::int64_t time) {
    RunnerScore s;
    s.chip.started = true;
    s.chip.finish = StoredRead{time, time + 1, 55, 0, at_finish};
    return s;
}

TEST(FinishChoice, TheChipBeatsAManualFinishUnlessPreferManual) {
    const ManualFinish manual{keyed(2400, 2410, 3), FinishSource::manual};
    auto s = chip_finisher(2470);
    choose_finish(s, manual, nullptr);
    EXPECT_EQ(s.finish, 2470);
    EXPECT_EQ(s.source, FinishSource::chip);
    EXPECT_EQ(s.recorded, (Recorded{2471, RecordTable::read, 55}));
    BibCorrections prefer;
    prefer.prefer_manual = true;
    choose_finish(s, manual, &prefer);
    EXPECT_EQ(s.finish, 2400);
    EXPECT_EQ(s.finish_known, 2410);
    EXPECT_EQ(s.source, FinishSource::manual);
    // prefer_manual without a manual finish: the chip still counts.
    choose_finish(s, std::nullopt, &prefer);
    EXPECT_EQ(s.source, FinishSource::chip);
}

TEST(FinishChoice, AnOfficialsFinishBeatsEverything) {
    BibCorrections official;
    official.finish = timing::instant_from_micros(2600);
    official.finish_known = timing::instant_from_micros(9000);
    official.finish_id = 4;
    official.prefer_manual = true;
    auto s = chip_finisher(2470);
    choose_finish(s, ManualFinish{keyed(2400, 2410, 3), FinishSource::scan}, &official);
    EXPECT_EQ(s.finish, 2600);
    EXPECT_EQ(s.source, FinishSource::correction);
    EXPECT_EQ(s.recorded, (Recorded{9000, RecordTable::correction, 4}));
}

TEST(RunnerStatus, DqThenDeclaredDnfThenFinishedThenStartedThenDns) {
    RunnerScore s = chip_finisher(2470);
    choose_finish(s, std::nullopt, nullptr);
    s.started = true;
    decide_status(s, nullptr);
    EXPECT_EQ(s.status, Status::finished);
    BibCorrections dnf;
    dnf.dnf = true;
    decide_status(s, &dnf);
    EXPECT_EQ(s.status, Status::dnf);
    EXPECT_TRUE(s.declared_dnf);
    BibCorrections dq = dnf;
    dq.dq_reason = "USATF 245: cut the course";
    decide_status(s, &dq);
    EXPECT_EQ(s.status, Status::dq);
    EXPECT_FALSE(s.declared_dnf);
    EXPECT_EQ(s.dq_reason, "USATF 245: cut the course");
    s.finish.reset();  // started, no finish: out on course
    decide_status(s, nullptr);
    EXPECT_EQ(s.status, Status::dnf);
    EXPECT_FALSE(s.declared_dnf);
    s.started = false;
    decide_status(s, nullptr);
    EXPECT_EQ(s.status, Status::dns);
}

TEST(RunnerScore, AManualFinishAloneStartsAndFinishesARunnerAndAChipFinishBesideItIsAConflict) {
    Course c;
    RunnerScore s;
    const std::vector<ManualTime> finishes{keyed(c.at(2500), c.at(2501), 8)};
    score_runner(&c.ten_k(), 0, {}, c.dedup, finishes, {}, nullptr, s);
    EXPECT_EQ(s.status, Status::finished);
    EXPECT_TRUE(s.started);
    EXPECT_EQ(s.gun, c.at(0));
    EXPECT_FALSE(s.conflict());
    const std::vector<StoredRead> reads{c.read(at_finish, 2470, 1)};
    score_runner(&c.ten_k(), 0, reads, c.dedup, finishes, {}, nullptr, s);
    EXPECT_EQ(s.finish, c.at(2470));
    EXPECT_EQ(s.manual_finish, c.at(2500));
    EXPECT_TRUE(s.conflict());
    // No event: not scored.
    score_runner(nullptr, 0, reads, c.dedup, finishes, {}, nullptr, s);
    EXPECT_EQ(s, RunnerScore{});
}

}  // namespace
}  // namespace fl::results::test
