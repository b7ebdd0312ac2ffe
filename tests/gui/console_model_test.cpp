// The console's pieces without ImGui: the bib box fed as a scanner types, the log of what was
// sent and answered (and what can be undone), reader health, spectator paging, the run queue.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "gui/action_log.hpp"
#include "gui/auto_pager.hpp"
#include "gui/entry_line.hpp"
#include "gui/reader_health.hpp"
#include "gui/run_queue.hpp"
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
    EXPECT_EQ(reader_health(reader(true, now - seconds{10}), now, true, quiet, false),
              ReaderHealth::ok);
    EXPECT_EQ(reader_health(reader(true, now - seconds{61}), now, true, quiet, false),
              ReaderHealth::quiet);
    EXPECT_EQ(reader_health(reader(true, std::nullopt), now, true, quiet, false),
              ReaderHealth::quiet);
    EXPECT_EQ(reader_health(reader(true, now - minutes{30}), now, false, quiet, false),
              ReaderHealth::ok);
    // Everyone has crossed the start: a start mat may fall silent.
    EXPECT_EQ(reader_health(reader(true, now - minutes{30}), now, true, quiet, true),
              ReaderHealth::ok);
    EXPECT_EQ(reader_health(reader(false, now), now, true, quiet, false), ReaderHealth::offline);
    EXPECT_EQ(reader_health(reader(false, now), now, false, quiet, false), ReaderHealth::idle);
}

TEST(ReaderHealth, StartOnlyReadersFromTheConfig) {
    const auto cfg = timing::parse_config(R"([race]
name = "R"
date = "2024-05-05"
timezone = "UTC"
[[events]]
name = "5K"
distance_m = 5000
start = "09:00:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "127.0.0.1:3097"
timing_point = "start"
[[readers]]
name = "both"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
locations = { s = "start", f = "finish" }
)",
                                          "test.toml");
    EXPECT_TRUE(start_only_reader(cfg, "start-mat"));
    EXPECT_FALSE(start_only_reader(cfg, "both"));
    EXPECT_FALSE(start_only_reader(cfg, "nobody"));
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
