// The ChronoTrack emulator against a service written here from protocols.md section 1.
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tests/sim/peer.hpp"
#include "tools/sim/simulator.hpp"

namespace fl::sim {
namespace {

using namespace std::chrono_literals;
using test::Listener;
using test::Peer;

const std::string settings =
    "FinishLine~0.1~7\r\nstream-mode=push\r\ntime-format=normal\r\nguntimes=true\r\n"
    "newlocations=true\r\nconnection-id=false\r\nlocation=single\r\npushmode-ack=true\r\n";

const std::regex read_line(R"(CT01_33~(\d+)~([a-z]+)~([A-Za-z0-9]+)~(\d\d:\d\d:\d\d\.\d\d)~0~([0-9A-F]{6})~(\d)\r\n)");

DeviceOptions chronotrack(std::uint16_t port) {
    DeviceOptions o;
    o.protocol = Protocol::chronotrack;
    o.name = "ct-finish";
    o.endpoint = {"127.0.0.1", port};
    return o;
}

// A race of `n` runners that plays out in a few seconds.
timing::Clock fast_clock(const Plan& plan) { return timing::Clock(plan.begin - 1s, 2000); }

TEST(ChronoTrack, GreetsTakesSettingsAndStreamsEveryReadAfterStart) {
    const auto plan = test::example_plan(40);
    Listener service;
    auto o = chronotrack(service.port());
    Simulator sim(plan, fast_clock(*plan), {o});
    sim.start();
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    EXPECT_EQ(peer.read_until("\r\n"), "SimpleClient~1.1~CTP01\r\n");
    peer.send(settings);
    peer.send("getlocations\r\n");
    EXPECT_EQ(peer.read_until("\r\n"), "ack~getlocations~finish~start\r\n") << "nothing streams before start";
    peer.send("start\r\n");

    std::map<std::string, int> tags;
    std::vector<std::string> markers;
    std::int64_t expected_seq = 1;
    bool pinged = false, ponged = false;
    while (auto line = peer.read_until("\r\n")) {
        if (*line == "ack~ping\r\n") {
            ponged = true;
            continue;
        }
        std::smatch m;
        ASSERT_TRUE(std::regex_match(*line, m, read_line)) << *line;
        ASSERT_EQ(std::stoll(m[1]), expected_seq++) << *line;
        if (m[3] == "guntime" || m[3] == "newlocation") {
            markers.push_back(fmt::format("{} {} {}", m[2].str(), m[3].str(), m[4].str()));
            EXPECT_EQ(m[6], "0");
        } else {
            ++tags[m[3].str() + " " + m[4].str()];
        }
        if (!pinged && expected_seq == 20) {
            peer.send("ping\r\n");
            pinged = true;
        }
    }
    EXPECT_TRUE(ponged) << "ping answered with ack~ping";
    EXPECT_EQ(tags, test::planned_reads(*plan, {}, 2));
    ASSERT_EQ(markers.size(), 3u);
    EXPECT_EQ(markers[0], "start newlocation 07:00:00.00");
    EXPECT_EQ(markers[1], "start guntime 07:00:00.00");
    EXPECT_TRUE(markers[2].starts_with("finish newlocation 07:")) << markers[2];
    ASSERT_TRUE(sim.wait_for(20s));
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.sent, expected_seq - 1);
    EXPECT_EQ(p.planned, p.sent);
    EXPECT_EQ(p.resent, 0);
    EXPECT_EQ(p.connections, 1);
}

TEST(ChronoTrack, ResumesFromTheSequenceTheServiceAsksForAfterItDropped) {
    const auto plan = test::example_plan(40);
    Listener service;
    auto o = chronotrack(service.port());
    o.points = {"finish"};
    o.linger = 3s;  // still there when the service comes back, however loaded the machine
    Simulator sim(plan, fast_clock(*plan), {o});
    sim.start();

    std::map<std::int64_t, std::string> first;
    {
        auto peer = service.accept();
        ASSERT_TRUE(peer.valid());
        ASSERT_EQ(peer.read_until("\r\n"), "SimpleClient~1.1~CTP01\r\n");
        peer.send(settings);
        peer.send("start\r\n");
        while (first.size() < 30) {
            auto line = peer.read_until("\r\n");
            ASSERT_TRUE(line);
            std::smatch m;
            ASSERT_TRUE(std::regex_match(*line, m, read_line)) << *line;
            first[std::stoll(m[1])] = *line;
        }
    }  // the service goes away mid-race

    auto peer = service.accept();
    ASSERT_TRUE(peer.valid()) << "the device reconnects";
    ASSERT_EQ(peer.read_until("\r\n"), "SimpleClient~1.1~CTP01\r\n");
    peer.send(settings);
    peer.send("start~finish~10\r\n");
    std::map<std::int64_t, std::string> second;
    while (auto line = peer.read_until("\r\n")) {
        std::smatch m;
        ASSERT_TRUE(std::regex_match(*line, m, read_line)) << *line;
        const auto seq = std::stoll(m[1]);
        if (second.empty()) {
            EXPECT_EQ(seq, 10) << "resumes at the requested sequence";
        }
        EXPECT_TRUE(second.emplace(seq, *line).second) << "each record once per connection: " << *line;
        EXPECT_EQ(m[2], "finish");
    }
    for (std::int64_t seq = 10; seq <= 30; ++seq) EXPECT_EQ(second.at(seq), first.at(seq)) << "byte for byte";
    std::map<std::string, int> tags;
    std::int64_t n = 0;
    for (auto& [seq, line] : second) {
        ASSERT_EQ(seq, 10 + n++) << "no gaps";
        const auto f = test::split(line, '~');
        if (f[3] != "newlocation") ++tags[f[3] + " " + f[4]];
    }
    for (std::int64_t seq = 1; seq < 10; ++seq) {
        const auto f = test::split(first.at(seq), '~');
        if (f[3] != "newlocation") ++tags[f[3] + " " + f[4]];
    }
    EXPECT_EQ(tags, test::planned_reads(*plan, {"finish"}, 2));
    ASSERT_TRUE(sim.wait_for(20s));
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.connections, 2);
    EXPECT_GE(p.resent, 21);
}

TEST(ChronoTrack, DropsTheConnectionOnPurposeAndEveryReadArrivesByResume) {
    const auto plan = test::example_plan(60);
    Listener service;
    auto o = chronotrack(service.port());
    o.points = {"finish"};
    o.disconnect_every = 150;
    o.linger = 1s;
    Simulator sim(plan, fast_clock(*plan), {o});
    sim.start();
    std::map<std::int64_t, std::string> got;
    int connections = 0;
    while (!sim.done()) {
        auto peer = service.accept(200ms);
        if (!peer.valid()) continue;
        ++connections;
        ASSERT_EQ(peer.read_until("\r\n"), "SimpleClient~1.1~CTP01\r\n");
        peer.send(settings);
        // Like the ingest service: resume after the last record stored.
        peer.send(got.empty() ? std::string("start\r\n") : fmt::format("start~finish~{}\r\n", got.rbegin()->first + 1));
        while (auto line = peer.read_until("\r\n")) {
            std::smatch m;
            ASSERT_TRUE(std::regex_match(*line, m, read_line)) << *line;
            got.emplace(std::stoll(m[1]), *line);
        }
        peer.close();
    }
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_GE(p.drops, 2);
    EXPECT_EQ(p.connections, connections);
    ASSERT_EQ(static_cast<std::int64_t>(got.size()), p.planned);
    EXPECT_EQ(got.rbegin()->first, p.planned) << "sequence 1..N without a gap";
}

TEST(ChronoTrack, AnswersUnknownCommandsAndLocationsWithErr) {
    const auto plan = test::example_plan(5);
    Listener service;
    auto o = chronotrack(service.port());
    o.points = {"finish"};
    Simulator sim(plan, timing::Clock(plan->begin - 1h, 1), {o});  // nothing to send for an hour
    sim.start();
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    ASSERT_EQ(peer.read_until("\r\n"), "SimpleClient~1.1~CTP01\r\n");
    peer.send(settings);
    peer.send("start~5k~1\r\nfrobnicate\r\ngeteventinfo\r\nping\r\n");
    EXPECT_EQ(peer.read_until("\r\n"), "err~start~unknown location 5k\r\n");
    EXPECT_EQ(peer.read_until("\r\n"), "err~frobnicate~unknown command\r\n");
    EXPECT_EQ(peer.read_until("\r\n"), "ack~geteventinfo~PyCon 5K Fun Run~1~2014-04-12\r\n");
    EXPECT_EQ(peer.read_until("\r\n"), "ack~ping\r\n");
    sim.stop();
    EXPECT_TRUE(peer.closed_by_device(5s));
}

}  // namespace
}  // namespace fl::sim
