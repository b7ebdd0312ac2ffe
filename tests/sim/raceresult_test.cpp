// The RACE RESULT decoder emulator against a client written here from protocols.md section 2.
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tests/sim/peer.hpp"
#include "tools/sim/simulator.hpp"

namespace fl::sim {
namespace {

using namespace std::chrono_literals;
using test::Peer;

DeviceOptions decoder() {
    DeviceOptions o;
    o.protocol = Protocol::raceresult;
    o.name = "rr-finish";
    o.endpoint = {"127.0.0.1", 0};  // any free port
    o.points = {"finish"};
    o.linger = 300ms;
    return o;
}

std::uint16_t port_of(const Simulator& sim) {
    for (int i = 0; i < 2000; ++i) {
        if (const auto port = sim.progress().at(0).listen_port) return port;
        std::this_thread::sleep_for(10ms);
    }
    return 0;
}

std::string ask(Peer& peer, const std::string& command) {
    peer.send(command + "\r\n");
    return peer.read_until("\r\n").value_or("<nothing>");
}

// Polls PASSINGS until the decoder holds `n` passings.
bool wait_for_passings(Peer& peer, std::size_t n, const std::string& prefix = "PASSINGS;") {
    for (int i = 0; i < 3000; ++i) {
        const auto reply = ask(peer, "PASSINGS");
        if (!reply.starts_with(prefix)) return false;
        if (std::stoul(reply.substr(prefix.size())) >= n) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

// Sends `<from>:<count>` and reads records up to the empty line; nullopt if the connection
// ended first.
std::optional<std::vector<std::string>> fetch(Peer& peer, std::int64_t from, std::int64_t count) {
    peer.send(fmt::format("{}:{}\r\n", from, count));
    std::vector<std::string> lines;
    while (auto line = peer.read_until("\r\n")) {
        if (*line == "\r\n") return lines;
        lines.push_back(line->substr(0, line->size() - 2));
    }
    return std::nullopt;
}

std::size_t planned_count(const Plan& plan) {
    std::size_t n = 0;
    for (const auto& [read, times] : test::planned_reads(plan, {"finish"}, 3)) n += static_cast<std::size_t>(times);
    return n;
}

TEST(RaceResult, AnswersTheDocumentedCommandsAndServesEveryPassingByNumber) {
    const auto plan = test::example_plan(40);
    const timing::Clock clock(plan->begin - 1s, 2000);
    Simulator sim(plan, clock, {decoder()});
    sim.start();
    const auto port = port_of(sim);
    ASSERT_NE(port, 0);
    auto peer = Peer::connect(port);
    ASSERT_TRUE(peer.valid());

    EXPECT_EQ(ask(peer, "SETPROTOCOL;2.0"), "SETPROTOCOL;2.0\r\n");
    EXPECT_EQ(ask(peer, "GETPROTOCOL"), "GETPROTOCOL;2.0;1.0;2.0\r\n");
    const auto before = test::local_clock(*plan, clock.now(), 3);
    const auto time = ask(peer, "GETTIME");
    const auto after = test::local_clock(*plan, clock.now(), 3);
    std::smatch m;
    ASSERT_TRUE(std::regex_match(time, m, std::regex(R"(GETTIME;0000-00-00;(\d\d:\d\d:\d\d\.\d\d\d)\r\n)"))) << time;
    EXPECT_GE(m[1].str(), before);
    EXPECT_LE(m[1].str(), after);
    EXPECT_TRUE(ask(peer, "STARTOPERATION").starts_with("STARTOPERATION;OK;0000-00-00;"));
    EXPECT_EQ(ask(peer, "FROBNICATE"), "FROBNICATE;ERROR\r\n");

    const auto total = planned_count(*plan);
    ASSERT_TRUE(wait_for_passings(peer, total, "PASSINGS;"));
    EXPECT_EQ(ask(peer, "PASSINGS"), fmt::format("PASSINGS;{};1\r\n", total));
    const auto half = static_cast<std::int64_t>(total / 2);
    auto a = fetch(peer, 1, half);
    ASSERT_TRUE(a);
    auto b = fetch(peer, half + 1, static_cast<std::int64_t>(total));  // asks for more than there is
    ASSERT_TRUE(b);
    ASSERT_EQ(a->size() + b->size(), total);
    a->insert(a->end(), b->begin(), b->end());

    std::map<std::string, int> reads;
    for (std::size_t i = 0; i < a->size(); ++i) {
        const auto f = test::split((*a)[i], ';');
        ASSERT_EQ(f.size(), 20u) << (*a)[i];
        EXPECT_EQ(f[0], std::to_string(i + 1)) << "passing numbers from 1";
        EXPECT_EQ(f[2], "0000-00-00");
        EXPECT_GE(std::stoi(f[5]), 1) << "hits";
        EXPECT_LE(std::stoi(f[6]), -50) << "RSSI";
        EXPECT_GE(std::stoi(f[6]), -70) << "RSSI";
        EXPECT_EQ(f[16], "rr-finish") << "box name";
        ++reads[f[1] + " " + f[3]];
    }
    EXPECT_EQ(reads, test::planned_reads(*plan, {"finish"}, 3));

    auto none = fetch(peer, static_cast<std::int64_t>(total) + 1, 5);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty()) << "nothing past the last passing: only the empty line";
    auto again = fetch(peer, 3, 2);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, (std::vector<std::string>{(*a)[2], (*a)[3]})) << "the decoder's memory";

    EXPECT_TRUE(peer.closed_by_device()) << "played out: the decoder goes away";
    ASSERT_TRUE(sim.wait_for(20s));
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.sent, static_cast<std::int64_t>(total));
    EXPECT_EQ(p.resent, 2);
}

TEST(RaceResult, AnOlderDecoderSendsFewerFieldsAndTheClientResumesAfterADrop) {
    const auto plan = test::example_plan(40);
    auto o = decoder();
    o.protocol_version = 1.5;
    o.disconnect_every = 120;
    Simulator sim(plan, timing::Clock(plan->begin - 1s, 2000), {o});
    sim.start();
    const auto port = port_of(sim);
    ASSERT_NE(port, 0);
    auto peer = Peer::connect(port);
    EXPECT_EQ(ask(peer, "GETPROTOCOL"), "GETPROTOCOL;1.5;1.0;1.5\r\n");
    EXPECT_EQ(ask(peer, "SETPROTOCOL;2.0"), "SETPROTOCOL;1.5\r\n") << "no newer than it speaks";
    const auto total = planned_count(*plan);
    ASSERT_TRUE(wait_for_passings(peer, total));
    std::regex old_reply(R"(PASSINGS;\d+\r\n)");
    EXPECT_TRUE(std::regex_match(ask(peer, "PASSINGS"), old_reply));

    std::int64_t next = 1;
    int reconnects = 0;
    std::map<std::string, int> reads;
    while (next <= static_cast<std::int64_t>(total)) {
        peer.send(fmt::format("{}:50\r\n", next));
        bool ended = false;
        for (;;) {
            auto line = peer.read_until("\r\n");
            if (!line) {
                ended = true;
                break;
            }
            if (*line == "\r\n") break;
            const auto f = test::split(line->substr(0, line->size() - 2), ';');
            ASSERT_EQ(f.size(), 8u) << *line;
            ASSERT_EQ(f[0], std::to_string(next)) << "in order, no gap, after a reconnect too";
            ++reads[f[1] + " " + f[3]];
            ++next;
        }
        if (ended) {
            ++reconnects;
            ASSERT_LT(reconnects, 100);
            peer = Peer::connect(port);
            ASSERT_TRUE(peer.valid());
            ask(peer, "SETPROTOCOL;1.5");
        }
    }
    EXPECT_EQ(reads, test::planned_reads(*plan, {"finish"}, 3));
    EXPECT_GE(reconnects, 2);
    EXPECT_TRUE(peer.closed_by_device());
    ASSERT_TRUE(sim.wait_for(20s));
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.drops, reconnects);
}

TEST(RaceResult, SetTimeMovesTheDecoderClock) {
    const auto plan = test::example_plan(5);
    Simulator sim(plan, timing::Clock(plan->begin - 1h, 1), {decoder()});
    sim.start();
    const auto port = port_of(sim);
    ASSERT_NE(port, 0);
    auto peer = Peer::connect(port);
    EXPECT_EQ(ask(peer, "SETTIME;2014-04-12;12:00:00.000"), "SETTIME;OK\r\n");
    const auto t = ask(peer, "GETTIME");
    EXPECT_TRUE(t.starts_with("GETTIME;0000-00-00;12:00:0")) << t;
    EXPECT_EQ(ask(peer, "SETTIME;bad"), "SETTIME;ERROR\r\n");
    EXPECT_EQ(ask(peer, "PASSINGS"), "PASSINGS;0;1\r\n") << "nothing recorded an hour before the gun";
}

}  // namespace
}  // namespace fl::sim

namespace fl::sim {
namespace {

TEST(RaceResult, PushesNewPassingsPrefixedWhenAsked) {
    const auto plan = test::example_plan(20);
    Simulator sim(plan, timing::Clock(plan->begin - 1s, 2000), {decoder()});
    sim.start();
    const auto port = port_of(sim);
    ASSERT_NE(port, 0);
    auto peer = Peer::connect(port);
    EXPECT_EQ(ask(peer, "SETPUSHPASSINGS;1;0"), "SETPUSHPASSINGS;OK\r\n");
    const auto total = static_cast<std::int64_t>(planned_count(*plan));
    std::int64_t first = 0, last = 0;
    while (last < total) {
        auto line = peer.read_until("\r\n");
        ASSERT_TRUE(line);
        ASSERT_TRUE(line->starts_with("#P;")) << *line;
        const auto f = test::split(line->substr(3, line->size() - 5), ';');
        ASSERT_EQ(f.size(), 20u) << *line;
        const auto n = std::stoll(f[0]);
        if (first == 0) first = n;
        else ASSERT_EQ(n, last + 1) << "every new passing, in order";
        last = n;
    }
    EXPECT_LE(first, 200) << "pushing started early in the race";
    auto all = fetch(peer, 1, total);  // lets the decoder finish: everything fetched
    ASSERT_TRUE(all);
    EXPECT_EQ(static_cast<std::int64_t>(all->size()), total);
    EXPECT_TRUE(peer.closed_by_device());
    EXPECT_TRUE(sim.wait_for(20s));
}

}  // namespace
}  // namespace fl::sim
