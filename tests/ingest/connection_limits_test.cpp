// Idle, half-dead and greedy clients never lock a working one out, and never make the service
// grow without bound (issue 12): a real service on loopback, plain sockets as the clients.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "ingest/connection.hpp"
#include "ingest/status_query.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/ingest/tcp_peer.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono_literals;

namespace {

const std::string with_token = "listen = \"127.0.0.1:0\"\ntoken = \"s3cret-token\"\n";

std::string marshal_reply(TcpPeer& m, std::string_view line) {
    m.send(std::string(line) + "\r\n");
    return m.read_line().value_or("(no reply)");
}

// The kernel's keepalive timer of the TCP socket bound to `local_port` and talking to
// `remote_port` (both on 127.0.0.1), in seconds, from /proc/net/tcp ("tr" 2 = keepalive
// timer, "tm->when" in USER_HZ ticks); nullopt when that socket has no keepalive timer.
std::optional<double> keepalive_timer_s(std::uint16_t local_port, std::uint16_t remote_port) {
    std::ifstream in("/proc/net/tcp");
    std::string line;
    std::getline(in, line);  // header
    const auto local = fmt::format("0100007F:{:04X}", local_port);
    const auto remote = fmt::format("0100007F:{:04X}", remote_port);
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string sl, loc, rem, st, queues, timer;
        f >> sl >> loc >> rem >> st >> queues >> timer;
        if (loc != local || rem != remote) continue;
        const auto colon = timer.find(':');
        if (timer.substr(0, colon) != "02") return std::nullopt;
        return static_cast<double>(std::stoul(timer.substr(colon + 1), nullptr, 16)) / 100.0;
    }
    return std::nullopt;
}

std::uint16_t local_port(const TcpPeer& p) {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(p.fd(), reinterpret_cast<sockaddr*>(&a), &len);
    return ntohs(a.sin_port);
}

}  // namespace

TEST(ConnectionLimits, TwentyIdleMarshalConnectionsLockNoConsoleOrStatusOut) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), with_token);
    race.start();
    std::vector<TcpPeer> idle;
    for (int i = 0; i < 20; ++i) idle.push_back(TcpPeer::connect(race.marshal_port()));
    // At most 8 wait to authenticate: the oldest made way for each newcomer, told why.
    EXPECT_EQ(idle[0].read_line(), "ERR too many connections that have not authenticated yet (8): "
                                   "closing this one, the oldest; send AUTH (or, without a "
                                   "token, a command) as soon as you connect");
    EXPECT_TRUE(idle[0].wait_closed());

    auto console = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(console, "AUTH s3cret-token"), "OK authenticated");
    EXPECT_EQ(marshal_reply(console, "1 07:31:00"), "OK E1 finish 1 07:31:00.000");
    // `finishline status` (AUTH, STATUS over the marshal port) gets its answer too.
    const auto lines = ingest::query_status(race.path());
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(lines[0].starts_with("STATUS finish-mat chronotrack")) << lines[0];
    // The console keeps its slot however many idle sockets come and go.
    for (int i = 0; i < 20; ++i) idle.push_back(TcpPeer::connect(race.marshal_port()));
    EXPECT_EQ(marshal_reply(console, "2 07:32:00"), "OK E2 finish 2 07:32:00.000");
    EXPECT_EQ(race.count("entries"), 2);
}

TEST(ConnectionLimits, AMarshalConnectionThatNeverAuthenticatesIsClosedAfterTheTimeout) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), with_token);
    ingest::ServiceOptions options;
    options.marshal_first_line_within = 300ms;
    race.start(options);
    auto silent = TcpPeer::connect(race.marshal_port());
    auto wrong = TcpPeer::connect(race.marshal_port());
    auto console = TcpPeer::connect(race.marshal_port());
    EXPECT_TRUE(marshal_reply(wrong, "AUTH not-the-token").starts_with("ERR wrong token"));
    EXPECT_EQ(marshal_reply(console, "AUTH s3cret-token"), "OK authenticated");
    EXPECT_EQ(silent.read_line(2000ms), "ERR no valid AUTH within 0.3 s: closing the connection");
    EXPECT_TRUE(silent.wait_closed(2000ms));
    EXPECT_EQ(wrong.read_line(2000ms), "ERR no valid AUTH within 0.3 s: closing the connection");
    EXPECT_TRUE(wrong.wait_closed(2000ms));
    EXPECT_TRUE(wait_for([&] { return race.logged("disconnected: no valid AUTH within 0.3 s"); }))
        << race.log_text();
    // Authenticated in time: quiet for longer than the timeout, still served.
    std::this_thread::sleep_for(600ms);
    EXPECT_EQ(marshal_reply(console, "3 07:33:00"), "OK E1 finish 3 07:33:00.000");
}

TEST(ConnectionLimits, WithoutATokenASilentMarshalConnectionIsClosedAfterTheTimeout) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    ingest::ServiceOptions options;
    options.marshal_first_line_within = 300ms;
    race.start(options);
    auto silent = TcpPeer::connect(race.marshal_port());
    auto console = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(console, "4 07:34:00"), "OK E1 finish 4 07:34:00.000");
    EXPECT_EQ(silent.read_line(2000ms), "ERR no command within 0.3 s: closing the connection");
    EXPECT_TRUE(silent.wait_closed(2000ms));
    std::this_thread::sleep_for(600ms);
    EXPECT_EQ(marshal_reply(console, "5 07:35:00"), "OK E2 finish 5 07:35:00.000");
}

TEST(ConnectionLimits, AReconnectingScannerReplacesItsOldestConnectionAnotherAddressIsRefused) {
    ServedRace race(listening_reader("scanner", "bibscan", "max_connections = 2\n"));
    race.start();
    auto first = TcpPeer::connect(race.port("scanner"));
    auto second = TcpPeer::connect(race.port("scanner"));
    first.send("1\r\n");
    second.send("2\r\n");
    ASSERT_TRUE(wait_for([&] { return race.count("entries") == 2; })) << race.log_text();
    // Its Wi-Fi dropped and came back: the scanner reconnects while both old ones linger.
    auto again = TcpPeer::connect(race.port("scanner"));
    EXPECT_TRUE(first.wait_closed());
    again.send("3\r\n");
    ASSERT_TRUE(wait_for([&] { return race.count("entries") == 3; })) << race.log_text();
    EXPECT_TRUE(wait_for([&] {
        return race.logged("disconnected: replaced by a newer connection from the same address");
    })) << race.log_text();
    // A newcomer from another address at the cap is still refused; the two stay up.
    auto stranger = TcpPeer::connect_from("127.0.0.2", race.port("scanner"));
    EXPECT_TRUE(stranger.wait_closed());
    EXPECT_TRUE(wait_for([&] {
        return race.logged("refused: 2 connection(s) already open from other addresses "
                           "(max_connections = 2)");
    })) << race.log_text();
    second.send("4\r\n");
    again.send("5\r\n");
    EXPECT_TRUE(wait_for([&] { return race.count("entries") == 5; })) << race.log_text();
}

TEST(ConnectionLimits, AReconnectingConsoleReplacesItsOldestMarshalConnection) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"),
                    "listen = \"127.0.0.1:0\"\nmax_connections = 2\n");
    race.start();
    auto a = TcpPeer::connect(race.marshal_port());
    auto b = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(a, "1 07:31:00"), "OK E1 finish 1 07:31:00.000");
    EXPECT_EQ(marshal_reply(b, "2 07:32:00"), "OK E2 finish 2 07:32:00.000");
    auto c = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(c, "3 07:33:00"), "OK E3 finish 3 07:33:00.000");
    EXPECT_EQ(a.read_line(), "ERR replaced by a newer connection from the same address: closing");
    EXPECT_TRUE(a.wait_closed());
    EXPECT_TRUE(wait_for([&] {
        return race.logged("disconnected: replaced by a newer connection from the same address");
    })) << race.log_text();
    // Another address finds both slots held: STATUS is answered, a bib is refused with why.
    auto other = TcpPeer::connect_from("127.0.0.2", race.marshal_port());
    other.send("STATUS\r\n");
    EXPECT_TRUE(other.read_line().value_or("").starts_with("STATUS finish-mat"));
    EXPECT_EQ(other.read_line(), "OK status 1 reader(s)");
    EXPECT_EQ(marshal_reply(other, "4 07:34:00"),
              "ERR all 2 marshal connections are held by other addresses (max_connections): not "
              "done, closing; close a console no longer in use or raise [marshal] max_connections");
    EXPECT_TRUE(other.wait_closed());
    EXPECT_EQ(marshal_reply(b, "5 07:35:00"), "OK E4 finish 5 07:35:00.000");
    EXPECT_EQ(race.count("entries"), 4);
}

TEST(ConnectionLimits, StatusNeverPushesAConsoleOutAnIdleReconnectGetsItsSlotAtTheTimeout) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), with_token + "max_connections = 1\n");
    ingest::ServiceOptions options;
    options.marshal_first_line_within = 300ms;
    race.start(options);
    auto console = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(console, "AUTH s3cret-token"), "OK authenticated");
    EXPECT_EQ(marshal_reply(console, "1 07:31:00"), "OK E1 finish 1 07:31:00.000");
    // `finishline status` from the same machine while the only slot is held.
    EXPECT_EQ(ingest::query_status(race.path()).size(), 1u);
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(marshal_reply(console, "2 07:32:00"), "OK E2 finish 2 07:32:00.000");
    // The console's laptop lost its Wi-Fi and reconnects: it authenticates, then stays quiet.
    auto back = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(back, "AUTH s3cret-token"), "OK authenticated");
    EXPECT_EQ(console.read_line(2000ms), "ERR replaced by a newer connection from the same address: closing");
    EXPECT_TRUE(console.wait_closed(2000ms));
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(marshal_reply(back, "3 07:33:00"), "OK E3 finish 3 07:33:00.000");
}

TEST(ConnectionLimits, AClientThatNeverReadsItsRepliesIsDisconnected) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto greedy = TcpPeer::connect(race.marshal_port());
    auto console = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(console, "1 07:31:00"), "OK E1 finish 1 07:31:00.000");
    std::string batch;
    for (int i = 0; i < 200; ++i) batch += "HELP\r\n";
    // HELP answers ~1 KiB: well past the kernel's buffers and the 1 MiB cap long before this.
    for (int i = 0; i < 500 && !race.logged("does not read its replies"); ++i)
        if (!greedy.send(batch)) break;
    EXPECT_TRUE(wait_for([&] { return race.logged("does not read its replies"); }, 5000ms))
        << race.log_text();
    const auto named = fmt::format("marshal 127.0.0.1:{}: disconnected: the client does not read "
                                   "its replies",
                                   local_port(greedy));
    EXPECT_TRUE(wait_for([&] { return race.logged(named); })) << race.log_text();
    EXPECT_EQ(marshal_reply(console, "2 07:32:00"), "OK E2 finish 2 07:32:00.000");
}

TEST(ConnectionLimits, APipeliningClientIsAnsweredInFullAndInOrder) {
    // More lines at once than a connection keeps outstanding: it stops reading until its
    // answers drain, and every line is still answered, in order.
    // Commits are slowed down, so an unbounded connection would read every line at once and
    // the next transaction would hold all of them.
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    ingest::ServiceOptions options;
    std::atomic<std::uint64_t> seen{0}, largest{0};
    options.on_commit = [&](const ingest::JournalWriter::Committed&) {
        const auto total = race.service().records_committed();
        largest = std::max<std::uint64_t>(largest, total - seen);
        seen = total;
        std::this_thread::sleep_for(60ms);
    };
    race.start(options);
    auto m = TcpPeer::connect(race.marshal_port());
    constexpr int n = 3000;
    std::string all;
    for (int i = 1; i <= n; ++i) {
        const int s = 7 * 3600 + 30 * 60 + i;
        all += fmt::format("{} {:02}:{:02}:{:02}\r\n", 1000 + i, s / 3600, s / 60 % 60, s % 60);
    }
    std::thread writer([&] { m.send(all); });
    for (int i = 1; i <= n; ++i) {
        const auto line = m.read_line();
        ASSERT_TRUE(line && line->starts_with(fmt::format("OK E{} finish {} ", i, 1000 + i)))
            << "line " << i << ": " << line.value_or("(none)");
    }
    writer.join();
    EXPECT_EQ(race.count("entries"), n);
    // At most 256 outstanding plus what one 4 KiB read brings (~240 of these lines); without
    // the bound one transaction took over 1,500.
    EXPECT_LE(largest.load(), 600u);
}

TEST(ConnectionLimits, AcceptedAndOpenedSocketsFindADeadPeerWithinAMinute) {
    ServedRace race(listening_reader("scanner", "bibscan", ""), with_token);
    race.start();
    auto scanner = TcpPeer::connect(race.port("scanner"));
    auto marshal = TcpPeer::connect(race.marshal_port());
    scanner.send("1\r\n");
    ASSERT_TRUE(wait_for([&] { return race.count("entries") == 1; }));
    EXPECT_EQ(marshal_reply(marshal, "AUTH s3cret-token"), "OK authenticated");
    // The service's side of each connection runs a keepalive timer of 20 s (not the system's
    // 2 h): the first probe goes out after 20 s of silence.
    for (auto [service_port, peer] : {std::pair{race.port("scanner"), local_port(scanner)},
                                      std::pair{race.marshal_port(), local_port(marshal)}}) {
        const auto timer = keepalive_timer_s(service_port, peer);
        ASSERT_TRUE(timer.has_value()) << "no keepalive timer on the service's socket " << service_port;
        EXPECT_GT(*timer, 0.0);
        EXPECT_LE(*timer, 20.0);
    }
    // The same rule on a socket the service opens itself (a reader it dials): the options as
    // set, probe after 20 s, every 10 s, 4 of them, unacknowledged writes fail after 60 s.
    TcpListener far;
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), far.port()});
    ingest::Connection conn(std::move(s), "decoder", "127.0.0.1");
    const auto opt = [&](int level, int name) {
        int v = -1;
        socklen_t len = sizeof v;
        ::getsockopt(conn.socket().native_handle(), level, name, &v, &len);
        return v;
    };
    EXPECT_EQ(opt(SOL_SOCKET, SO_KEEPALIVE), 1);
    EXPECT_EQ(opt(IPPROTO_TCP, TCP_KEEPIDLE), 20);
    EXPECT_EQ(opt(IPPROTO_TCP, TCP_KEEPINTVL), 10);
    EXPECT_EQ(opt(IPPROTO_TCP, TCP_KEEPCNT), 4);
    EXPECT_EQ(opt(IPPROTO_TCP, TCP_USER_TIMEOUT), 60'000);
}
