// Issue 12, the parts that keep a hostile or broken peer from hurting the service: the log
// limiter (hand-worked timings), wrong tokens counted per address across reconnections, no
// token in the log, reconnect backoff after junk, a fault in the writer contained, and the
// marshal port refused off loopback without a token. Real loopback TCP and race files.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <new>
#include <thread>

#include "ingest/auth_failures.hpp"
#include "ingest/error.hpp"
#include "ingest/log_limiter.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/ingest/tcp_peer.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono_literals;
using ingest::AuthFailures;
using ingest::LogLimiter;

namespace {

const std::string token = "s3cret-finish-line";
const std::string with_token = fmt::format("listen = \"127.0.0.1:0\"\ntoken = \"{}\"\n", token);

std::string marshal_reply(TcpPeer& m, std::string_view line) {
    m.send(std::string(line) + "\r\n");
    return m.read_line().value_or("(no reply)");
}

int count_lines(const std::string& text, std::string_view needle) {
    int n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

const auto t0 = LogLimiter::Clock::time_point{} + 1000s;

}  // namespace

// Burst of 10, then one line per second; the line let through after a pause says how many
// were held back and since when. Worked by hand from the rule.
TEST(LogLimiter, BurstOfTenThenOnePerSecondWithTheCountOfWhatWasHeldBack) {
    LogLimiter limiter;
    const std::string_view a = "marshal 127.0.0.1";
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.admit(a, t0).pass) << i;
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.admit(a, t0 + 500ms).pass) << i;
    // Another source is not held back by this one.
    EXPECT_TRUE(limiter.admit("marshal 127.0.0.2", t0 + 500ms).pass);
    auto v = limiter.admit(a, t0 + 1s);  // one second's worth of credit
    EXPECT_TRUE(v.pass);
    EXPECT_EQ(v.suppressed, 5);
    EXPECT_EQ(v.over, 500ms);  // first held back at t0 + 0.5 s
    EXPECT_FALSE(limiter.admit(a, t0 + 1500ms).pass);
    v = limiter.admit(a, t0 + 2s);
    EXPECT_TRUE(v.pass);
    EXPECT_EQ(v.suppressed, 1);
    EXPECT_EQ(v.over, 500ms);
    EXPECT_FALSE(limiter.admit(a, t0 + 2500ms).pass);
    // Quiet for 20 s: the full burst is back, and nothing is owed twice.
    for (int i = 0; i < 10; ++i) {
        v = limiter.admit(a, t0 + 22s);
        EXPECT_TRUE(v.pass) << i;
        EXPECT_EQ(v.suppressed, i == 0 ? 1 : 0) << i;
    }
    EXPECT_FALSE(limiter.admit(a, t0 + 22s).pass);
    const auto owed = limiter.owed(t0 + 25s);
    ASSERT_EQ(owed.size(), 1u);
    EXPECT_EQ(owed[0].source, a);
    EXPECT_EQ(owed[0].suppressed, 1);
    EXPECT_EQ(owed[0].over, 3s);
    EXPECT_TRUE(limiter.owed(t0 + 26s).empty());
}

TEST(LogLimiter, ManyAddressesShareOneOverflowSourceInsteadOfGrowingTheTable) {
    LogLimiter limiter({.burst = 1, .every = 1s, .max_sources = 2});
    EXPECT_TRUE(limiter.admit("a", t0).pass);
    EXPECT_FALSE(limiter.admit("a", t0).pass);
    EXPECT_TRUE(limiter.admit("b", t0).pass);
    EXPECT_FALSE(limiter.admit("b", t0).pass);
    EXPECT_TRUE(limiter.admit("c", t0).pass);   // the table is full: the overflow source
    EXPECT_FALSE(limiter.admit("d", t0).pass);  // shares it
    EXPECT_EQ(limiter.owed(t0 + 1s).size(), 3u);  // a, b and "(other sources)"
}

TEST(LogLimiter, SourcesAreTheListenerAndThePeerAddressWithoutItsPort) {
    EXPECT_EQ(LogLimiter::source_of("marshal 127.0.0.1:51234"), "marshal 127.0.0.1");
    EXPECT_EQ(LogLimiter::source_of("finish-mat [::1]:4001"), "finish-mat [::1]");
    EXPECT_EQ(LogLimiter::source_of("journal"), "journal");
    EXPECT_EQ(LogLimiter::source_of("service"), "service");
    EXPECT_EQ(ingest::peer_host("10.0.0.7:5000"), "10.0.0.7");
    EXPECT_EQ(ingest::peer_host("fe80::1"), "fe80::1");
}

// Five wrong tokens within a minute of the first block the address until that minute is over.
TEST(AuthFailures, FiveWrongTokensInAMinuteBlockTheAddressUntilTheMinuteEnds) {
    AuthFailures f;
    for (int i = 0; i < 5; ++i) {
        EXPECT_FALSE(f.blocked("10.0.0.9", t0 + i * 1s)) << i;
        f.failed("10.0.0.9", t0 + i * 1s);
    }
    EXPECT_EQ(f.blocked("10.0.0.9", t0 + 4s), std::optional<AuthFailures::Clock::duration>(56s));
    EXPECT_EQ(f.blocked("10.0.0.9", t0 + 59900ms), std::optional<AuthFailures::Clock::duration>(100ms));
    EXPECT_FALSE(f.blocked("10.0.0.8", t0 + 10s));  // another address is not affected
    EXPECT_FALSE(f.blocked("10.0.0.9", t0 + 60s));
    // Four wrong, then the right one: the count starts again.
    for (int i = 0; i < 4; ++i) f.failed("10.0.0.7", t0 + i * 1s);
    f.succeeded("10.0.0.7");
    f.failed("10.0.0.7", t0 + 5s);
    EXPECT_FALSE(f.blocked("10.0.0.7", t0 + 5s));
}

TEST(AuthFailures, TheTableStaysBoundedDroppingTheOldest) {
    AuthFailures f({.max_failures = 1, .window = 60s, .max_addresses = 2});
    f.failed("a", t0);
    f.failed("b", t0 + 1s);
    f.failed("c", t0 + 2s);
    EXPECT_EQ(f.tracked(), 2u);
    EXPECT_FALSE(f.blocked("a", t0 + 3s));
    EXPECT_TRUE(f.blocked("b", t0 + 3s));
    EXPECT_TRUE(f.blocked("c", t0 + 3s));
}

// Reconnecting does not buy new guesses: after five wrong tokens the address is refused, even
// with the right token, without comparing.
TEST(ServiceGuard, WrongTokensCountPerAddressAcrossReconnections) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), with_token);
    race.start();
    for (int i = 0; i < 5; ++i) {
        auto m = TcpPeer::connect(race.marshal_port());  // a new connection each guess
        EXPECT_EQ(marshal_reply(m, fmt::format("AUTH guess-number-{}", i)),
                  "ERR wrong token: check [marshal] token in the race config");
    }
    auto m = TcpPeer::connect(race.marshal_port());
    const auto refused = marshal_reply(m, "AUTH " + token);
    EXPECT_TRUE(refused.starts_with("ERR too many wrong tokens from 127.0.0.1: wait ")) << refused;
    EXPECT_TRUE(m.wait_closed());
    EXPECT_EQ(race.count("entries"), 0);
}

// Wrong and right tokens, AUTH lines with control characters and a token typed before AUTH:
// none of them reaches the log.
TEST(ServiceGuard, NoPresentedTokenIsEverLogged) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), with_token);
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_TRUE(marshal_reply(m, "AUTH wrong-token-zq1").starts_with("ERR wrong token"));
    EXPECT_TRUE(marshal_reply(m, "auth wrong-token-zq2").starts_with("ERR wrong token"));
    EXPECT_TRUE(marshal_reply(m, "AUTH wrong\x01token-zq3").starts_with("ERR the line holds control"));
    EXPECT_TRUE(marshal_reply(m, "AUTH \"wrong-token-zq4").starts_with("ERR"));
    EXPECT_EQ(marshal_reply(m, "wrong-token-zq5"), "ERR authenticate first: send AUTH <token>");
    EXPECT_EQ(marshal_reply(m, "AUTH " + token), "OK authenticated");
    EXPECT_TRUE(marshal_reply(m, "AUTH wrong-token-zq6").starts_with("ERR wrong token"));
    EXPECT_EQ(marshal_reply(m, "1 07:31:00.5"), "OK E1 finish 1 07:31:00.500");
    EXPECT_TRUE(marshal_reply(m, "bogus after auth").starts_with("ERR"));
    EXPECT_EQ(marshal_reply(m, "QUIT"), "OK bye");
    ASSERT_TRUE(wait_for([&] { return race.logged("bogus after auth"); })) << race.log_text();
    race.stop();
    const auto log = race.log_text();
    EXPECT_EQ(log.find("zq"), std::string::npos) << log;
    EXPECT_EQ(log.find(token), std::string::npos) << log;
    EXPECT_TRUE(race.logged("(AUTH line not logged) -> ERR wrong token")) << log;
}

// A peer sending a refused line in a loop gets 10 log lines, then one a second, and the next
// line let through says how many were held back.
TEST(ServiceGuard, APeerCannotFloodTheLog) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    const auto began = Clock::now();
    std::string lines;
    for (int i = 0; i < 200; ++i) lines += fmt::format("bogus line {}\r\n", i);
    m.send(lines);
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(m.read_line().value_or("").starts_with("ERR")) << i;
    const auto took = std::chrono::duration<double>(Clock::now() - began).count();
    const auto from_peer = count_lines(race.log_text(), "marshal 127.0.0.1:");
    EXPECT_LE(from_peer, 10 + static_cast<int>(took) + 1) << race.log_text();
    std::this_thread::sleep_for(1100ms);
    EXPECT_TRUE(marshal_reply(m, "bogus line last").starts_with("ERR"));
    ASSERT_TRUE(wait_for([&] { return race.logged("bogus line last"); })) << race.log_text();
    EXPECT_TRUE(race.logged("similar line(s) suppressed in the last")) << race.log_text();
    // The service's own lines are not held back by a noisy peer.
    race.stop();
    EXPECT_TRUE(race.logged("service: stopped")) << race.log_text();
}

// A "decoder" that accepts, sends junk and hangs up is redialled with a growing backoff:
// 250 ms, 500 ms, 1 s, 2 s... so about 4 dials in 3 s, not one every 250 ms (12).
TEST(ServiceGuard, ADecoderSendingJunkIsRedialledWithGrowingBackoff) {
    TcpListener decoder;
    std::atomic<int> accepts{0};
    std::atomic<bool> done{false};
    std::thread server([&] {
        while (!done) {
            auto peer = decoder.accept(50ms);
            if (!peer) continue;
            ++accepts;
            (void)peer->read_line(1000ms);  // SETPROTOCOL: the service has spoken
            // Junk where the protocol answer, the clock and the passing count belong.
            peer->send("this is not a decoder\r\n\x01\x02junk\r\nmore junk\r\nPASSINGS;x\r\n");
            ::shutdown(peer->fd(), SHUT_WR);
            (void)peer->wait_closed(1000ms);
        }
    });
    ServedRace race(fmt::format("[[readers]]\nname = \"decoder\"\nprotocol = \"raceresult\"\n"
                                "connect = \"127.0.0.1:{}\"\ntiming_point = \"finish\"\n"
                                "poll_interval = \"00:00:00.050\"\n",
                                decoder.port()));
    race.start();
    std::this_thread::sleep_for(3200ms);
    const int dials = accepts;
    race.stop();
    done = true;
    server.join();
    EXPECT_GE(dials, 3) << race.log_text();
    EXPECT_LE(dials, 5) << race.log_text();
}

// std::bad_alloc inside a commit: nothing is acknowledged, the marshal is told, and the next
// line is stored by the same writer thread (before, the thread died and the process aborted).
TEST(ServiceGuard, AFaultInTheWriterIsContainedAndNothingUnstoredIsAcknowledged) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    ingest::ServiceOptions options;
    auto faults = std::make_shared<std::atomic<int>>(1);
    options.journal.fault_in_commit = [faults] {
        if (faults->fetch_sub(1) > 0) throw std::bad_alloc();
    };
    race.start(std::move(options));
    auto m = TcpPeer::connect(race.marshal_port());
    const auto first = marshal_reply(m, "1 07:31:00.5");
    EXPECT_TRUE(first.starts_with("ERR not stored: unexpected error: std::bad_alloc")) << first;
    EXPECT_EQ(marshal_reply(m, "2 07:32:00"), "OK E1 finish 2 07:32:00.000");
    EXPECT_EQ(race.count("entries"), 1);
    EXPECT_TRUE(race.logged("commit failed (attempt 1, 1 record(s) waiting, nothing acknowledged)"))
        << race.log_text();
}

// Off loopback without a token: refused, saying why and what to do; --insecure allows it.
TEST(ServiceGuard, AMarshalPortOffLoopbackNeedsATokenOrInsecure) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), "listen = \"0.0.0.0:0\"\n");
    try {
        race.start();
        FAIL() << "served an open marshal port without a token";
    } catch (const ingest::Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("marshal: refusing to listen on 0.0.0.0:0 without a token"), std::string::npos) << what;
        EXPECT_NE(what.find("--insecure"), std::string::npos) << what;
    }
    ingest::ServiceOptions insecure;
    insecure.insecure_marshal = true;
    race.start(std::move(insecure));
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "1 07:31:00.5"), "OK E1 finish 1 07:31:00.500");
}

TEST(ServiceGuard, LoopbackAndTokenedMarshalPortsNeedNoInsecure) {
    for (const auto* marshal : {"listen = \"127.0.0.1:0\"\n", "listen = \"[::1]:0\"\n"}) {
        ServedRace race(listening_reader("finish-mat", "chronotrack"), marshal);
        EXPECT_NO_THROW(race.start()) << marshal;
    }
    ServedRace tokened(listening_reader("finish-mat", "chronotrack"),
                       fmt::format("listen = \"0.0.0.0:0\"\ntoken = \"{}\"\n", token));
    EXPECT_NO_THROW(tokened.start());
}

// The standings hand-off failing after a commit: the records stay committed and acknowledged,
// the writer thread carries on (before, the exception escaped the thread: abort).
TEST(ServiceGuard, AFailingCommitHookIsLoggedAndTheWriterCarriesOn) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    ingest::ServiceOptions options;
    auto faults = std::make_shared<std::atomic<int>>(1);
    options.on_commit = [faults](const ingest::JournalWriter::Committed&) {
        if (faults->fetch_sub(1) > 0) throw std::runtime_error("standings hand-off broke");
    };
    race.start(std::move(options));
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "1 07:31:00.5"), "OK E1 finish 1 07:31:00.500");
    EXPECT_EQ(marshal_reply(m, "2 07:32:00"), "OK E2 finish 2 07:32:00.000");
    EXPECT_EQ(race.count("entries"), 2);
    EXPECT_TRUE(race.logged("handing the commit to the standings failed: standings hand-off broke"))
        << race.log_text();
}

// An in-process caller whose reply callback throws (a console closing mid-answer) costs that
// answer only: the service keeps answering everyone else.
TEST(ServiceGuard, AThrowingReplyCallbackDoesNotStopTheService) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    std::promise<void> called;
    race.service().submit_marshal_line(
        "HELP",
        [&called](std::string) {
            called.set_value();
            throw std::runtime_error("the console went away");
        },
        "gui");
    ASSERT_EQ(called.get_future().wait_for(30s), std::future_status::ready);
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "1 07:31:00.5"), "OK E1 finish 1 07:31:00.500");
    EXPECT_TRUE(race.logged("an event handler failed: the console went away")) << race.log_text();
}
