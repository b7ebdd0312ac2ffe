// The MYLAPS emulator against a service written here from protocols.md section 3.
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tests/sim/peer.hpp"
#include "tools/sim/simulator.hpp"

namespace fl::sim {
namespace {

using namespace std::chrono_literals;
using test::Listener;
using test::Peer;

DeviceOptions mylaps(std::uint16_t port) {
    DeviceOptions o;
    o.protocol = Protocol::mylaps;
    o.name = "ml-1";
    o.endpoint = {"127.0.0.1", port};
    return o;
}

// One `...@$` record as the service sees it: fields, with stray CR/LF/NUL stripped.
struct Message {
    std::string text;                  // as received, with the '$'
    std::vector<std::string> fields;   // split on '@', without the empty one after the last '@'
    std::string location() const { return fields.at(0); }
    std::string type() const { return fields.at(1); }
    std::string number() const { return fields.at(fields.size() - 1); }
    std::vector<std::string> passings() const { return {fields.begin() + 2, fields.end() - 1}; }
};

Message parse_message(const std::string& raw) {
    Message m;
    m.text = raw;
    std::string clean;
    for (char c : raw.substr(0, raw.size() - 1))
        if (c != '\r' && c != '\n' && c != '\0') clean += c;
    m.fields = test::split(clean, '@');
    if (!m.fields.empty() && m.fields.back().empty()) m.fields.pop_back();
    return m;
}

// The next record other than the device's keepalive Ping (answered as the service would).
std::optional<Message> next_message(Peer& peer) {
    for (;;) {
        auto raw = peer.read_until("$");
        if (!raw) return std::nullopt;
        auto m = parse_message(*raw);
        if (m.fields.size() < 2 || m.type() != "Ping") return m;
        peer.send("FinishLine@AckPing@$");
    }
}

std::map<std::string, std::string> keys(const std::string& passing) {
    std::map<std::string, std::string> out;
    for (const auto& kv : test::split(passing, '|')) {
        const auto eq = kv.find('=');
        out[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
    return out;
}

timing::Clock fast_clock(const Plan& plan) { return timing::Clock(plan.begin - 1s, 2000); }

TEST(Mylaps, PongThenMultiPassingMessagesAndAnUnackedOneIsSentAgain) {
    const auto plan = test::example_plan(40);
    Listener service;
    auto o = mylaps(service.port());
    o.ack_timeout = 300ms;
    Simulator sim(plan, fast_clock(*plan), {o});
    sim.start();
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    EXPECT_EQ(peer.read_until("$"), "start@Pong@$") << "introduces itself with its location";
    peer.send("FinishLine@AckPong@Version2.1@$");

    std::map<std::string, std::string> messages;  // number → text
    std::map<std::string, int> reads;
    std::string gun;
    bool held_back = false, resent = false, pinged = false, ponged = false;
    while (auto m = next_message(peer)) {
        if (m->type() == "AckPing") {
            EXPECT_EQ(m->text, "start@AckPing@$");
            ponged = true;
            continue;
        }
        ASSERT_EQ(m->type(), "Passing") << m->text;
        const auto number = m->number();
        if (messages.count(number)) {
            EXPECT_EQ(number, "2") << "only the unacknowledged message comes again";
            EXPECT_EQ(messages[number], m->text) << "resent byte for byte";
            resent = true;
        } else {
            EXPECT_EQ(number, std::to_string(messages.size() + 1)) << "numbered from 1";
            messages[number] = m->text;
            const auto passings = m->passings();
            EXPECT_GE(passings.size(), 1u);
            EXPECT_LE(passings.size(), 10u);
            for (const auto& p : passings) {
                auto k = keys(p);
                if (k.count("mt")) {
                    EXPECT_EQ(k["mt"], "Gunshot");
                    gun = m->location() + " " + k["t"];
                    continue;
                }
                EXPECT_EQ(k["d"], "140412");
                EXPECT_EQ(k["ct"], "UH");
                EXPECT_EQ(k["t"].size(), 12u) << p;
                ++reads[k["c"] + " " + k["t"]];
                EXPECT_TRUE(plan->point_index(m->location())) << m->location();
            }
        }
        if (number == "2" && !held_back) {
            held_back = true;  // not acknowledged: the device must send it again
            continue;
        }
        peer.send(fmt::format("FinishLine@AckPassing@{}@$", number));
        if (number == "3" && !pinged) {
            peer.send("FinishLine@Ping@$");
            pinged = true;
        }
    }
    EXPECT_TRUE(resent);
    EXPECT_TRUE(ponged) << "Ping answered with AckPing";
    EXPECT_EQ(gun, "start 07:00:00.000");
    EXPECT_EQ(reads, test::planned_reads(*plan, {}, 3));
    ASSERT_TRUE(sim.wait_for(20s));
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.acked, p.planned);
    EXPECT_EQ(p.sent, p.planned);
    EXPECT_GE(p.resent, 1);
}

TEST(Mylaps, UnacknowledgedMessagesGoAgainFirstAfterAReconnect) {
    const auto plan = test::example_plan(40);
    Listener service;
    auto o = mylaps(service.port());
    o.points = {"finish"};
    o.ack_timeout = 60s;  // only the reconnect may cause a resend here
    Simulator sim(plan, fast_clock(*plan), {o});
    sim.start();

    std::map<std::string, std::string> first;
    {
        auto peer = service.accept();
        ASSERT_TRUE(peer.valid());
        ASSERT_EQ(peer.read_until("$"), "finish@Pong@$");
        peer.send("FinishLine@AckPong@Version2.1@$");
        while (first.size() < 3) {
            auto m = next_message(peer);
            ASSERT_TRUE(m);
            first[m->number()] = m->text;
        }
        peer.send("FinishLine@AckPassing@1@$");
        // Wait until the ack is surely processed before going away.
        for (int i = 0; i < 200 && sim.progress()[0].acked == 0; ++i) std::this_thread::sleep_for(10ms);
        ASSERT_GT(sim.progress()[0].acked, 0);
    }

    auto peer = service.accept();
    ASSERT_TRUE(peer.valid()) << "the device reconnects";
    ASSERT_EQ(peer.read_until("$"), "finish@Pong@$");
    peer.send("FinishLine@AckPong@Version2.1@$");
    std::vector<std::string> order;
    std::map<std::string, int> reads;
    auto count = [&](const Message& m) {
        for (const auto& p : m.passings()) {
            auto k = keys(p);
            ++reads[k["c"] + " " + k["t"]];
        }
    };
    count(parse_message(first["1"]));
    while (auto m = next_message(peer)) {
        order.push_back(m->number());
        if (m->number() == "2" || m->number() == "3") {
            EXPECT_EQ(m->text, first[m->number()]) << "byte for byte";
        }
        count(*m);
        peer.send(fmt::format("FinishLine@AckPassing@{}@$", m->number()));
    }
    ASSERT_GE(order.size(), 2u);
    for (std::size_t i = 0; i < order.size(); ++i)
        EXPECT_EQ(order[i], std::to_string(i + 2)) << "the unacknowledged first, in order, then new ones";
    EXPECT_EQ(reads, test::planned_reads(*plan, {"finish"}, 3));
    ASSERT_TRUE(sim.wait_for(20s));
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.acked, p.planned);
    EXPECT_EQ(p.connections, 2);
}

}  // namespace
}  // namespace fl::sim

namespace fl::sim {
namespace {

TEST(Mylaps, PingsTheServiceWhenIdle) {
    const auto plan = test::example_plan(5);
    Listener service;
    auto o = mylaps(service.port());
    o.points = {"finish"};
    o.keepalive = 200ms;
    Simulator sim(plan, timing::Clock(plan->begin - 1h, 1), {o});  // nothing to send for an hour
    sim.start();
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    ASSERT_EQ(peer.read_until("$"), "finish@Pong@$");
    peer.send("FinishLine@AckPong@Version2.1@$");
    EXPECT_EQ(peer.read_until("$", 10s), "finish@Ping@$");
}

}  // namespace
}  // namespace fl::sim
