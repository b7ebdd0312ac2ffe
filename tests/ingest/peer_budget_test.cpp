// A peer's budget of records the service stores without being able to check them
// (peer_budget.hpp): the bucket by hand, then over real loopback TCP — a garbage flood and a
// scanner-port flood from one address are held to the rate, while a real device at another
// address is not.
#include <gtest/gtest.h>

#include <thread>

#include "ingest/peer_budget.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/served_race.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono;

// Burst 3, then 2 a second (one every 500 ms), worked by hand.
TEST(PeerBudget, ABurstThenASteadyRatePerKey) {
    ingest::PeerBudget b({3, 2});
    const steady_clock::time_point t0{};
    EXPECT_EQ(b.charge("a", 3, t0), steady_clock::duration::zero());  // the burst
    EXPECT_EQ(b.charge("a", 1, t0), milliseconds{500});               // one over: 500 ms
    EXPECT_EQ(b.owed("a", t0 + milliseconds{200}), milliseconds{300});
    EXPECT_EQ(b.owed("nobody", t0), steady_clock::duration::zero());
    EXPECT_EQ(b.charge("b", 1, t0), steady_clock::duration::zero());  // another address
    EXPECT_EQ(b.charge("a", 2, t0 + milliseconds{500}), milliseconds{1000});  // paid 1, owes 2
    // Refilled, never past the burst: a minute later the burst again, no more.
    EXPECT_EQ(b.charge("a", 3, t0 + seconds{60}), steady_clock::duration::zero());
    EXPECT_EQ(b.charge("a", 1, t0 + seconds{60}), milliseconds{500});
}

TEST(PeerBudget, TheTableStaysBoundedForgettingTheLongestUnused) {
    ingest::PeerBudget b({1, 1}, 3);
    const steady_clock::time_point t0{};
    const auto zero = steady_clock::duration::zero();
    EXPECT_EQ(b.charge("a", 1, t0), zero);
    EXPECT_EQ(b.charge("b", 1, t0 + milliseconds{100}), zero);
    EXPECT_EQ(b.charge("c", 1, t0 + milliseconds{200}), zero);
    EXPECT_EQ(b.charge("a", 1, t0 + milliseconds{300}), milliseconds{700});  // remembered
    EXPECT_EQ(b.charge("d", 1, t0 + milliseconds{400}), zero);  // full: "b" (unused longest) goes
    EXPECT_EQ(b.peers(), 3u);
    EXPECT_EQ(b.charge("b", 1, t0 + milliseconds{500}), zero);  // forgotten: a fresh bucket
}

// 5,000 lines of garbage at once from 127.0.0.66: what the first read brought is stored (for a
// person to read), then nothing from that address until its debt is paid at one record a
// second; the real mat at 127.0.0.1 keeps every read, at once.
TEST(PeerBudgetService, AGarbageFloodIsHeldToItsRateWhileTheRealDeviceKeepsEveryRead) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const int fd = connect_socket(race.port("finish-mat"), "127.0.0.66");
    ASSERT_GE(fd, 0);
    TcpPeer attacker(fd);
    std::string lines;
    for (int i = 0; i < 5000; ++i) lines += fmt::format("garbage {:06}\r\n", i);
    ASSERT_TRUE(attacker.send(lines));
    ASSERT_TRUE(wait_for([&] { return race.logged("unreadable records from 127.0.0.66 past 100 at once"); }))
        << race.log_text().substr(0, 3000);
    for (int i = 1; i <= 20; ++i) dev.send_read(i, fmt::format("CT{:04}", i), "07:30:00.00");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 20; }));
    const auto early = race.count("refused_records");
    std::this_thread::sleep_for(seconds{2});
    const auto later = race.count("refused_records");
    // What one read (16 KiB) brought in, then nothing until the debt is paid at one a second.
    EXPECT_GE(early, 100);
    EXPECT_EQ(later, early);
    EXPECT_NE(race.status("finish-mat").last_error.find("not a chronotrack device?"), std::string::npos);
}

// A scanner port flooded with 5,000 lines from 127.0.0.67: 500 at once, then 20 a second,
// nothing dropped; a real scanner at 127.0.0.1 is not held back.
TEST(PeerBudgetService, AScannerPortFloodIsHeldToTheScanRate) {
    ServedRace race(listening_reader("scanner", "bibscan"));
    race.start();
    const int fd = connect_socket(race.port("scanner"), "127.0.0.67");
    ASSERT_GE(fd, 0);
    TcpPeer flood(fd);
    std::string lines;
    for (int i = 0; i < 5000; ++i) lines += fmt::format("{}\r\n", 1000 + i);
    ASSERT_TRUE(flood.send(lines));
    ASSERT_TRUE(wait_for([&] { return race.logged("lines from 127.0.0.67 past 500 at once"); }));
    ASSERT_TRUE(wait_for([&] { return race.count("entries") >= 500; }));
    std::this_thread::sleep_for(seconds{1});
    const auto stored = race.count("entries");
    EXPECT_LE(stored, 3500);  // at most a read buffer's worth (16 KiB) past the burst
    auto honest = TcpPeer::connect(race.port("scanner"));
    honest.send("3\r\n");
    EXPECT_TRUE(wait_for([&] {
        auto f = race.file();
        auto st = f.db().prepare("SELECT count(*) FROM entries WHERE bib = '3'");
        return st.step() && st.column_int64(0) == 1;
    }, milliseconds{2000}));
    EXPECT_LT(race.count("entries"), 5000);
}
