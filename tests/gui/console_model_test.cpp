// The console's pieces without ImGui: the bib box fed as a scanner types, the log of what was
// sent and answered (and what can be undone), reader health, unassigned reads by chip,
// spectator paging, the run queue.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "gui/action_log.hpp"
#include "gui/auto_pager.hpp"
#include "gui/entry_line.hpp"
#include "gui/reader_health.hpp"
#include "gui/run_queue.hpp"
#include "gui/unassigned_chips.hpp"
#include "results/standings.hpp"
#include "timing/config.hpp"

namespace fl::gui {
namespace {

using namespace std::chrono;

std::vector<std::string> type_all(EntryLine& e, std::u32string_view keys) {
    std::vector<std::string> lines;
    for (const auto c : keys)
        if (auto l = e.type(c)) lines.push_back(*l);
    return lines;
}

TEST(EntryLine, AScannerBurstGivesOneLinePerEnter) {
    EntryLine e;
    // What a keyboard-wedge scanner types for three bibs, with no frame in between.
    EXPECT_EQ(type_all(e, U"123\n4567\r\n89\n"), (std::vector<std::string>{"123", "4567", "89"}));
    EXPECT_EQ(e.text(), "");
}

TEST(EntryLine, SpaceInAnEmptyBoxIsATap) {
    EntryLine e;
    EXPECT_EQ(type_all(e, U" "), (std::vector<std::string>{"TAP"}));
    EXPECT_EQ(e.text(), "");
    // Inside a line a space is a space: commands work in the box too.
    EXPECT_EQ(type_all(e, U"DQ 12 cut the course\n"),
              (std::vector<std::string>{"DQ 12 cut the course"}));
}

TEST(EntryLine, BackspaceEscapeAndBlankLines) {
    EntryLine e;
    EXPECT_TRUE(type_all(e, U"129\b").empty());
    EXPECT_EQ(e.text(), "12");
    EXPECT_EQ(type_all(e, U"3\n"), (std::vector<std::string>{"123"}));
    EXPECT_TRUE(
        type_all(e, U"999\x1b\n\n").empty());  // Esc cleared it; Enter on nothing sends nothing
    EXPECT_TRUE(type_all(e, U"\b\b").empty());
    EXPECT_EQ(e.text(), "");
}

TEST(EntryLine, KeepsUtf8WholeAndDropsControlCharacters) {
    EntryLine e;
    type_all(e, U"EDIT 5 name=Zoë\t\x01");
    EXPECT_EQ(e.text(), "EDIT 5 name=Zo\xc3\xab");
    type_all(e, U"\b");
    EXPECT_EQ(e.text(), "EDIT 5 name=Zo");
}

TEST(EntryLine, StopsAtItsLength) {
    EntryLine e;
    for (int i = 0; i < 500; ++i) e.type(U'7');
    EXPECT_LE(e.text().size(), EntryLine::max_length);
    EXPECT_GE(e.text().size(), EntryLine::max_length - 4);
}

TEST(ReplyRecord, IdFromAnOkAnswerOnly) {
    EXPECT_EQ(reply_record("OK E12 scan 123 10:15:03.250"), "E12");
    EXPECT_EQ(reply_record("OK C5 dq 7 cut the course"), "C5");
    EXPECT_EQ(reply_record("OK E? scan 123 10:15:03.250 (already stored)"), std::nullopt);
    EXPECT_EQ(reply_record("ERR \"x\" is not a bib"), std::nullopt);
    EXPECT_EQ(reply_record("OK bye"), std::nullopt);
    EXPECT_EQ(reply_record("STATUS finish-mat connected=1\r\nOK status"), std::nullopt);
    EXPECT_EQ(reply_record("OK Enope"), std::nullopt);
}

TEST(ActionLog, NewestFirstWithAnswersMatchedBySequence) {
    ActionLog log;
    const auto a = log.sent("123", {});
    const auto b = log.sent("TAP", {});
    EXPECT_EQ(log.items().front().line, "TAP");
    EXPECT_EQ(log.waiting(), 2u);
    log.answered(b, "OK E8 tap 10:00:01.000");  // answers may come in any order
    log.answered(a, "ERR bib 123 is not a participant");
    EXPECT_EQ(log.find(a)->state, LoggedAction::State::error);
    EXPECT_EQ(log.find(b)->state, LoggedAction::State::ok);
    EXPECT_EQ(log.find(b)->record, "E8");
    EXPECT_EQ(log.last_answered()->seq, b);
    EXPECT_EQ(log.waiting(), 0u);
}

TEST(ActionLog, UndoIsOfferedOnceAndMarksTheTarget) {
    ActionLog log;
    const auto a = log.sent("123", {});
    log.answered(a, "OK E12 scan 123 10:15:03.250");
    EXPECT_EQ(ActionLog::undo_line(*log.find(a)), "UNDO E12");
    const auto u = log.sent("UNDO E12", {});
    log.answered(u, "OK C3 undo E12");
    EXPECT_EQ(log.find(a)->undone_by, "C3");
    EXPECT_EQ(ActionLog::undo_line(*log.find(a)), std::nullopt);  // already undone
    EXPECT_EQ(ActionLog::undo_line(*log.find(u)), std::nullopt);  // an undo is not undone here
    const auto bad = log.sent("12x", {});
    log.answered(bad, "ERR \"12x\" is not a bib");
    EXPECT_EQ(ActionLog::undo_line(*log.find(bad)), std::nullopt);
}

TEST(ActionLog, AFailedUndoLeavesTheTargetUndoable) {
    ActionLog log;
    const auto a = log.sent("DNF 7", {});
    log.answered(a, "OK C9 dnf 7");
    const auto u = log.sent("undo c9", {});
    log.answered(u, "ERR the service is stopping");
    EXPECT_EQ(log.find(a)->undone_by, "");
    EXPECT_EQ(ActionLog::undo_line(*log.find(a)), "UNDO C9");
}

TEST(ActionLog, KeepsTheLatestOnly) {
    ActionLog log;
    std::uint64_t first = log.sent("1", {});
    for (int i = 0; i < 300; ++i) log.sent("2", {});
    EXPECT_EQ(log.items().size(), ActionLog::kept);
    EXPECT_EQ(log.find(first), nullptr);
    log.answered(first, "OK E1 scan 1");  // an answer for a line long gone is ignored
}

ingest::ReaderStatus reader(bool connected, std::optional<timing::Instant> last) {
    ingest::ReaderStatus r;
    r.name = "finish-mat";
    if (connected) r.peers = {"127.0.0.1:5000"};
    r.last_read = last;
    return r;
}

TEST(ReaderHealth, QuietOnlyWithRunnersOnCourse) {
    const auto now = timing::instant_from_micros(1'700'000'000'000'000);
    const auto quiet = seconds{60};
    const std::optional<timing::Instant> always = timing::Instant{};
    EXPECT_EQ(reader_health(reader(true, now - seconds{10}), now, true, quiet, always),
              ReaderHealth::ok);
    EXPECT_EQ(reader_health(reader(true, now - seconds{61}), now, true, quiet, always),
              ReaderHealth::quiet);
    EXPECT_EQ(reader_health(reader(true, std::nullopt), now, true, quiet, always),
              ReaderHealth::quiet);
    EXPECT_EQ(reader_health(reader(true, now - minutes{30}), now, false, quiet, always),
              ReaderHealth::ok);
    // Everyone has crossed the start: a start mat may fall silent.
    EXPECT_EQ(reader_health(reader(true, now - minutes{30}), now, true, quiet, std::nullopt),
              ReaderHealth::ok);
    EXPECT_EQ(reader_health(reader(false, now), now, true, quiet, always), ReaderHealth::offline);
    EXPECT_EQ(reader_health(reader(false, now), now, false, quiet, always), ReaderHealth::idle);
}

// The issue's case: six minutes into a 5K with runners on course, a finish mat that has read
// nothing is waiting, not quiet — no runner can finish before the event's min_time.
TEST(ReaderHealth, AFinishMatWaitsForTheFirstRunnerThenMustRead) {
    const auto gun = timing::instant_from_micros(1'700'000'000'000'000);
    const auto quiet = seconds{60};
    const std::optional<timing::Instant> from = gun + minutes{14};  // min_time 14:00
    EXPECT_EQ(reader_health(reader(true, std::nullopt), gun + minutes{6}, true, quiet, from),
              ReaderHealth::waiting);
    // A stray read before then changes nothing.
    EXPECT_EQ(reader_health(reader(true, gun + minutes{2}), gun + minutes{6}, true, quiet, from),
              ReaderHealth::waiting);
    // From 14:00 it has a minute like any reader...
    EXPECT_EQ(reader_health(reader(true, std::nullopt), gun + minutes{14} + seconds{60}, true,
                            quiet, from),
              ReaderHealth::ok);
    EXPECT_EQ(reader_health(reader(true, gun + minutes{2}), gun + minutes{14} + seconds{61}, true,
                            quiet, from),
              ReaderHealth::quiet);
    // ...and once reading, the usual rule.
    EXPECT_EQ(reader_health(reader(true, gun + minutes{20}), gun + minutes{20} + seconds{30},
                            true, quiet, from),
              ReaderHealth::ok);
    EXPECT_EQ(reader_health(reader(true, gun + minutes{20}), gun + minutes{21} + seconds{1}, true,
                            quiet, from),
              ReaderHealth::quiet);
}

// Hand-worked: a 5K (gun 09:00, min_time 14:00) and a 10K (gun 08:50, no min_time), a split
// at 2.5 km and one at 7 km.
//   finish: 5K 09:00 + 14:00 = 09:14; 10K 08:50 + 10 km at 2:00/km = 09:10 -> 09:10
//   2.5 km: 5K 09:00 + max(14:00 x 2.5/5 = 7:00, 5:00) = 09:07; 10K 08:50 + 5:00 = 08:55 -> 08:55
//   7 km:   the 5K never gets there; 10K 08:50 + 14:00 = 09:04
//   5 km, only the 5K passes it (the 10K lists its points): 09:00 + max(14:00, 10:00) = 09:14
TEST(ReaderHealth, FirstArrivalFromMinTimeDistanceAndTheGun) {
    const auto cfg = timing::parse_config(R"([race]
name = "R"
date = "2024-05-05"
timezone = "UTC"
[[events]]
name = "5K"
distance_m = 5000
start = "09:00:00"
min_time = "00:14:00"
[[events]]
name = "10K"
distance_m = 10000
start = "08:50:00"
timing_points = ["start", "2.5k", "7k", "finish"]
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "2.5k"
role = "split"
distance_m = 2500
[[timing_points]]
name = "7k"
role = "split"
distance_m = 7000
[[timing_points]]
name = "5k"
role = "split"
distance_m = 5000
[[timing_points]]
name = "finish"
role = "finish"
[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "127.0.0.1:3097"
timing_point = "start"
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "finish"
[[readers]]
name = "split-2.5"
protocol = "chronotrack"
listen = "127.0.0.1:61612"
timing_point = "2.5k"
[[readers]]
name = "split-7"
protocol = "chronotrack"
listen = "127.0.0.1:61613"
timing_point = "7k"
[[readers]]
name = "split-5"
protocol = "chronotrack"
listen = "127.0.0.1:61614"
timing_point = "5k"
[[readers]]
name = "both"
protocol = "chronotrack"
listen = "127.0.0.1:61615"
locations = { s = "start", f = "finish" }
)",
                                          "test.toml");
    const auto day = timing::instant_from_micros(1'714'867'200'000'000);  // 2024-05-05 00:00 UTC
    const auto at = [&](int h, int m) { return day + hours{h} + minutes{m}; };
    results::Standings s;
    for (const auto& [name, gun] : {std::pair{"5K", at(9, 0)}, std::pair{"10K", at(8, 50)}}) {
        auto e = std::make_shared<results::EventStandings>();
        e->name = name;
        e->waves = {results::WaveStart{"", gun, results::GunSource::scheduled}};
        s.events.push_back(e);
    }
    EXPECT_EQ(reads_expected_from(cfg, s, "finish-mat"), at(9, 10));
    EXPECT_EQ(reads_expected_from(cfg, s, "split-2.5"), at(8, 55));
    EXPECT_EQ(reads_expected_from(cfg, s, "split-7"), at(9, 4));
    EXPECT_EQ(reads_expected_from(cfg, s, "split-5"), at(9, 14));
    EXPECT_EQ(reads_expected_from(cfg, s, "both"), at(9, 10));
    EXPECT_EQ(reads_expected_from(cfg, s, "start-mat"), std::nullopt);
    EXPECT_EQ(reads_expected_from(cfg, s, "nobody"), timing::Instant{});
    // A recorded gun moves it: the 10K went off at 08:53.
    std::const_pointer_cast<results::EventStandings>(s.events[1])->waves[0].gun = at(8, 53);
    EXPECT_EQ(reads_expected_from(cfg, s, "finish-mat"), at(9, 13));
}

// Hand-worked: chip A read three times at the finish (by two readers, one 2 s behind) and once
// at the start; chip B once. Groups by chip and point, in the order of their first read.
TEST(UnassignedChips, OneGroupPerChipAndPointWithCountFirstLastAndReaders) {
    const auto t0 = timing::instant_from_micros(1'700'000'000'000'000);
    const std::vector<results::UnassignedRead> reads{
        {11, "A", "start", t0, "start-mat"},
        {12, "A", "finish", t0 + seconds{600}, "finish-mat"},
        {13, "B", "finish", t0 + seconds{590}, "finish-mat"},
        {14, "A", "finish", t0 + seconds{598}, "finish-mat-2"},  // sent later, read earlier
        {15, "A", "finish", t0 + seconds{700}, "finish-mat"},
    };
    const auto g = group_unassigned(reads);
    ASSERT_EQ(g.size(), 3u);
    EXPECT_EQ(g[0].chip, "A");
    EXPECT_EQ(g[0].timing_point, "start");
    EXPECT_EQ(g[0].reads, 1u);
    EXPECT_EQ(g[1].chip, "B");
    EXPECT_EQ(g[2].chip, "A");
    EXPECT_EQ(g[2].timing_point, "finish");
    EXPECT_EQ(g[2].reads, 3u);
    EXPECT_EQ(g[2].first, t0 + seconds{598});
    EXPECT_EQ(g[2].first_read, 14);
    EXPECT_EQ(g[2].last, t0 + seconds{700});
    EXPECT_EQ(g[2].readers, (std::vector<std::string>{"finish-mat", "finish-mat-2"}));
    EXPECT_EQ(readers_text(g[2]), "finish-mat, finish-mat-2");
    EXPECT_TRUE(group_unassigned({}).empty());
}

TEST(Ago, SecondsMinutesHours) {
    const auto now = timing::instant_from_micros(1'700'000'000'000'000);
    EXPECT_EQ(ago(std::nullopt, now), "never");
    EXPECT_EQ(ago(now - seconds{4}, now), "4 s");
    EXPECT_EQ(ago(now - minutes{3}, now), "3 min");
    EXPECT_EQ(ago(now - hours{3}, now), "3 h");
}

TEST(AutoPager, TurnsPagesAndWrapsToTheTop) {
    AutoPager p({milliseconds{8000}, milliseconds{30000}});
    const SteadyTime t{};
    EXPECT_EQ(p.update(25, 10, t), 0);
    EXPECT_TRUE(p.paging());
    EXPECT_EQ(p.update(25, 10, t + seconds{7}), 0);
    EXPECT_EQ(p.update(25, 10, t + seconds{8}), 10);
    EXPECT_EQ(p.update(25, 10, t + seconds{16}), 20);
    EXPECT_EQ(p.update(25, 10, t + seconds{24}), 0);
    EXPECT_EQ(p.next_change(), t + seconds{32});
}

TEST(AutoPager, AShortListStaysPut) {
    AutoPager p;
    const SteadyTime t{};
    EXPECT_EQ(p.update(8, 10, t), 0);
    EXPECT_EQ(p.update(8, 10, t + minutes{5}), 0);
    EXPECT_FALSE(p.paging());
}

TEST(AutoPager, ScrollingByHandPausesThenCarriesOnFromThere) {
    AutoPager p({milliseconds{8000}, milliseconds{30000}});
    const SteadyTime t{};
    p.update(100, 10, t);
    p.scrolled_by_hand(42, t + seconds{3});
    EXPECT_TRUE(p.paused(t + seconds{4}));
    EXPECT_EQ(p.update(100, 10, t + seconds{20}), 42);  // no page turns while paused
    EXPECT_EQ(p.next_change(), t + seconds{33});
    EXPECT_EQ(p.update(100, 10, t + seconds{33}), 42);  // resumes on the page left up...
    EXPECT_FALSE(p.paused(t + seconds{33}));
    EXPECT_EQ(p.update(100, 10, t + seconds{41}), 52);  // ...and turns from there
    p.restart(t + seconds{42});
    EXPECT_EQ(p.update(100, 10, t + seconds{42}), 0);
}

TEST(RunQueue, RunsPostedTasksInOrderOnTheCallingThread) {
    RunQueue q;
    std::vector<int> seen;
    std::atomic<int> wakes{0};
    q.set_wake([&] { ++wakes; });
    std::thread other([&] {
        for (int i = 0; i < 100; ++i) q.post([&seen, i] { seen.push_back(i); });
    });
    other.join();
    EXPECT_TRUE(seen.empty());  // nothing runs until the frame runs it
    EXPECT_EQ(q.run(), 100u);
    ASSERT_EQ(seen.size(), 100u);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
    EXPECT_EQ(wakes.load(), 100);
}

TEST(RunQueue, ClosedQueueDropsWorkAndNeverWakes) {
    RunQueue q;
    int ran = 0, wakes = 0;
    q.set_wake([&] { ++wakes; });
    q.post([&] { ++ran; });
    q.close();
    q.post([&] { ++ran; });
    EXPECT_EQ(q.run(), 0u);
    EXPECT_EQ(ran, 0);
    EXPECT_EQ(wakes, 1);
}

}  // namespace
}  // namespace fl::gui
