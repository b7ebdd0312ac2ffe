// The finish's results through a real MQTT broker: a real mosquitto on a free loopback port,
// a real Service with [mqtt] on a real race file, finishes entered on its real marshal port,
// and real MQTT clients subscribing as boards and tools at other sites would. Expected values
// are worked by hand from the race in served_race.hpp: a 5K on 2014-04-12 in Toronto (EDT,
// UTC-4), wave A's gun at 07:00:00 = 11:00:00 UTC = 1397300400000000 µs, ranked by gun time,
// result times rounded up to the second; no start mat, so net time = gun time.
#include <utility>

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ingest/standings_message.hpp"
#include "tests/ingest/mosquitto_broker.hpp"
#include "tests/ingest/mqtt_subscriber.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/ingest/tcp_peer.hpp"

namespace fl::test {
namespace {

// race_id(): "E2E 5K" on 2014-04-12.
const std::string standings = "finishline/e2e-5k-20140412/standings";
const std::string finishers = "finishline/e2e-5k-20140412/finishers";
constexpr std::int64_t gun_us = 1'397'300'400'000'000;

class FanoutTest : public ::testing::Test {
protected:
    void SetUp() override { broker = std::make_unique<MosquittoBroker>(dir.file("broker")); }
    void serve() {
        race = std::make_unique<ServedRace>(fmt::format("[mqtt]\nbroker = \"{}\"\n", broker->address()));
        race->start();
        ASSERT_TRUE(wait_for([&] { return race->logged("connected to broker") && race->logged("results-mqtt"); }))
            << race->log_text();
    }
    // A line on the marshal port; returns once it is committed and scored.
    void marshal(const std::string& line, const std::string& expect_reply) {
        const auto before = race->service().standings()->version;
        if (!peer) peer = std::make_unique<TcpPeer>(TcpPeer::connect(race->marshal_port()));
        peer->send(line + "\r\n");
        const auto reply = peer->read_line();
        if (expect_reply == "OK *") ASSERT_TRUE(reply && reply->starts_with("OK ")) << reply.value_or("(none)");
        else ASSERT_EQ(reply, expect_reply);
        ASSERT_TRUE(wait_for([&] { return race->service().standings()->version > before; }));
    }
    // The newest standings a subscriber got, decoded.
    static ingest::StandingsMessage newest(const MqttSubscriber& s) {
        const auto got = s.on(standings);
        if (got.empty()) throw std::runtime_error("no standings message");
        auto d = ingest::decode_standings(got.back().payload);
        if (!d.value) throw std::runtime_error(d.error);
        return *d.value;
    }
    static std::vector<ingest::FinisherChange> changes(const MqttSubscriber& s) {
        std::vector<ingest::FinisherChange> out;
        for (const auto& m : s.on(finishers)) {
            auto d = ingest::decode_finisher_change(m.payload);
            if (!d.value) throw std::runtime_error(d.error + ": " + m.payload);
            out.push_back(*d.value);
        }
        return out;
    }

    TempDir dir;
    std::unique_ptr<MosquittoBroker> broker;
    std::unique_ptr<ServedRace> race;
    std::unique_ptr<TcpPeer> peer;
};

TEST_F(FanoutTest, ALateSubscriberGetsTheRetainedStandings) {
    serve();
    marshal("2 07:19:59.010", "OK E1 finish 2 07:19:59.010");
    marshal("1 07:21:13.400", "OK E2 finish 1 07:21:13.400");
    const auto version = static_cast<std::int64_t>(race->service().standings()->version);
    // Published at most every 500 ms: the newest has gone out well within 2 s. A board
    // subscribing only now gets it from the broker at once, marked retained.
    std::this_thread::sleep_for(milliseconds{1500});
    MqttSubscriber board(broker->address(), {standings});
    ASSERT_TRUE(wait_for([&] { return board.count(standings) >= 1; }));
    const auto got = board.on(standings);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].retained);
    const auto m = newest(board);
    EXPECT_EQ(m.race, "E2E 5K");
    EXPECT_EQ(m.date, "2014-04-12");
    EXPECT_EQ(m.timezone, "America/Toronto");
    EXPECT_EQ(m.display, "seconds");
    EXPECT_EQ(m.version, version);
    ASSERT_EQ(m.events.size(), 1u);
    const auto& e = m.events[0];
    EXPECT_EQ(e.name, "5K");
    EXPECT_EQ(e.distance_m, 5000);
    EXPECT_EQ(e.gun_us, gun_us);  // wave A, the first gun, as scheduled
    EXPECT_FALSE(e.gun_recorded);
    // Five entered; Cat, Dan and Eve have no read at all: DNS (rules: did not start).
    EXPECT_EQ(e.counts.entered, 5);
    EXPECT_EQ(e.counts.started, 2);
    EXPECT_EQ(e.counts.finished, 2);
    EXPECT_EQ(e.counts.on_course, 0);
    EXPECT_EQ(e.counts.dnf, 0);
    EXPECT_EQ(e.counts.dq, 0);
    EXPECT_EQ(e.counts.dns, 3);
    // Bob: 19:59.01 after the gun -> 0:20:00, first; Ann: 21:13.4 -> 0:21:14, second.
    ASSERT_EQ(e.top.size(), 2u);
    EXPECT_EQ(e.top[0].bib, "2");
    EXPECT_EQ(e.top[0].name, "Bob Runner");
    EXPECT_EQ(e.top[0].category, "M40-44");
    EXPECT_EQ(e.top[0].place, 1);
    EXPECT_EQ(e.top[0].gender_place, 1);
    EXPECT_EQ(e.top[0].category_place, 1);
    EXPECT_EQ(e.top[0].time, "0:20:00");
    EXPECT_EQ(e.top[0].time_us, 1'199'010'000);
    EXPECT_EQ(e.top[0].gun_time, "0:20:00");
    EXPECT_EQ(e.top[0].net_time, "0:20:00");
    EXPECT_EQ(e.top[0].finish_us, gun_us + 1'199'010'000);
    EXPECT_EQ(e.top[0].pace_per_km_us, 239'802'000);  // 19:59.010 over 5 km
    EXPECT_EQ(e.top[1].bib, "1");
    EXPECT_EQ(e.top[1].category, "F30-34");
    EXPECT_EQ(e.top[1].place, 2);
    EXPECT_EQ(e.top[1].gender_place, 1);
    EXPECT_EQ(e.top[1].time, "0:21:14");
    EXPECT_EQ(e.top[1].time_us, 1'273'400'000);
    EXPECT_EQ(e.top[1].finish_us, gun_us + 1'273'400'000);
    // Latest first: Ann's finish was entered after Bob's.
    ASSERT_EQ(e.latest.size(), 2u);
    EXPECT_EQ(e.latest[0].bib, "1");
    EXPECT_EQ(e.latest[1].bib, "2");
    ASSERT_TRUE(e.latest[0].known_us && e.latest[1].known_us);
    EXPECT_GE(*e.latest[0].known_us, *e.latest[1].known_us);
}

TEST_F(FanoutTest, EachFinisherOnceThenTheCorrectionAndTheRemoval) {
    serve();
    MqttSubscriber tool(broker->address(), {finishers, standings});
    ASSERT_TRUE(tool.wait_connected());
    // The standings at start (nobody finished yet) reach it first.
    ASSERT_TRUE(wait_for([&] { return tool.count(standings) >= 1; }));
    EXPECT_TRUE(newest(tool).events.at(0).top.empty());

    marshal("2 07:19:59.010", "OK E1 finish 2 07:19:59.010");
    marshal("1 07:21:13.400", "OK E2 finish 1 07:21:13.400");
    ASSERT_TRUE(wait_for([&] { return tool.count(finishers) >= 2; }));
    // Ann's correction: her finish moved to 07:21:30, 0:21:30 after the gun; still second.
    marshal("MOVE 1 07:21:30", "OK *");
    ASSERT_TRUE(wait_for([&] { return tool.count(finishers) >= 3; }));
    // Disqualified: no longer a finisher.
    marshal("DQ 1 cut the course", "OK C2 dq 1 cut the course");
    ASSERT_TRUE(wait_for([&] { return tool.count(finishers) >= 4; }));
    std::this_thread::sleep_for(milliseconds{1000});  // nothing else comes

    const auto c = changes(tool);
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(c[0].change, "new");
    EXPECT_EQ(c[0].bib, "2");
    EXPECT_EQ(c[0].name, "Bob Runner");
    EXPECT_EQ(c[0].event, "5K");
    EXPECT_EQ(c[0].place, 1);
    EXPECT_EQ(c[0].gun_time, "0:20:00");
    EXPECT_EQ(c[0].net_time, "0:20:00");
    EXPECT_EQ(c[1].change, "new");
    EXPECT_EQ(c[1].bib, "1");
    EXPECT_EQ(c[1].place, 2);
    EXPECT_EQ(c[1].gun_time, "0:21:14");
    EXPECT_EQ(c[2].change, "corrected");
    EXPECT_EQ(c[2].bib, "1");
    EXPECT_EQ(c[2].place, 2);
    EXPECT_EQ(c[2].gun_time, "0:21:30");
    EXPECT_EQ(c[3].change, "removed");
    EXPECT_EQ(c[3].bib, "1");
    EXPECT_LT(c[0].version, c[1].version);
    EXPECT_LT(c[1].version, c[2].version);
    EXPECT_LT(c[2].version, c[3].version);
    // The finisher messages are not kept by the broker for later subscribers.
    for (const auto& m : tool.on(finishers)) EXPECT_FALSE(m.retained);

    // The standings end where the race is: Bob alone, Ann disqualified.
    ASSERT_TRUE(wait_for([&] {
        return newest(tool).version == static_cast<std::int64_t>(race->service().standings()->version);
    }));
    const auto e = newest(tool).events.at(0);
    ASSERT_EQ(e.top.size(), 1u);
    EXPECT_EQ(e.top[0].bib, "2");
    EXPECT_EQ(e.counts.finished, 1);
    EXPECT_EQ(e.counts.dq, 1);
    EXPECT_EQ(e.counts.started, 2);
}

// Finishes entered faster than twice a second: the standings follow at most every 500 ms of
// the finish's clock (published_us), and the last one is the race as it stands.
TEST_F(FanoutTest, StandingsAreCoalescedToTwoASecond) {
    serve();
    MqttSubscriber tool(broker->address(), {standings, finishers});
    ASSERT_TRUE(wait_for([&] { return tool.count(standings) >= 1; }));
    marshal("2 07:19:59.010", "OK E1 finish 2 07:19:59.010");
    marshal("1 07:21:13.400", "OK E2 finish 1 07:21:13.400");
    marshal("3 07:30:00", "OK E3 finish 3 07:30:00.000");
    marshal("4 07:31:00", "OK E4 finish 4 07:31:00.000");
    marshal("5 07:32:00", "OK E5 finish 5 07:32:00.000");
    const auto version = static_cast<std::int64_t>(race->service().standings()->version);
    ASSERT_TRUE(wait_for([&] { return newest(tool).version == version; }));
    ASSERT_TRUE(wait_for([&] { return tool.count(finishers) == 5; }));
    const auto got = tool.on(standings);
    std::int64_t last = 0;
    for (const auto& m : got) {
        const auto d = ingest::decode_standings(m.payload);
        ASSERT_TRUE(d.value) << d.error;
        if (last) {
            EXPECT_GE(d.value->published_us - last, 500'000) << m.payload;
        }
        last = d.value->published_us;
    }
    // Five finishes, one standings message each at most (and the one at start).
    EXPECT_LE(got.size(), 6u);
    const auto e = newest(tool).events.at(0);
    EXPECT_EQ(e.counts.finished, 5);
    // Cat and Dan are in wave B (gun 07:05): 25:00 and 26:00; Eve (A) 32:00; Bob 20:00, Ann 21:14.
    ASSERT_EQ(e.top.size(), 5u);
    EXPECT_EQ(e.top[0].bib, "2");
    EXPECT_EQ(e.top[1].bib, "1");
    EXPECT_EQ(e.top[2].bib, "3");
    EXPECT_EQ(e.top[2].time, "0:25:00");
    EXPECT_EQ(e.top[3].bib, "4");
    EXPECT_EQ(e.top[3].time, "0:26:00");
    EXPECT_EQ(e.top[4].bib, "5");
    EXPECT_EQ(e.top[4].time, "0:32:00");
    ASSERT_EQ(e.latest.size(), 5u);
    EXPECT_EQ(e.latest[0].bib, "5");
}

// The broker killed and back without its retained messages (a new, empty broker): the finish
// sends the standings again as soon as it is reconnected, though nothing changed meanwhile.
TEST_F(FanoutTest, AfterTheBrokerComesBackEmptyTheStandingsAreThereAgain) {
    serve();
    marshal("2 07:19:59.010", "OK E1 finish 2 07:19:59.010");
    marshal("1 07:21:13.400", "OK E2 finish 1 07:21:13.400");
    const auto version = static_cast<std::int64_t>(race->service().standings()->version);
    {
        MqttSubscriber before(broker->address(), {standings});
        ASSERT_TRUE(wait_for([&] { return before.count(standings) >= 1 && newest(before).version == version; }));
    }
    broker->wipe();
    broker->start();
    MqttSubscriber tool(broker->address(), {standings});
    ASSERT_TRUE(wait_for([&] { return tool.count(standings) >= 1; })) << race->log_text();
    const auto m = newest(tool);
    EXPECT_EQ(m.version, version);
    const auto& e = m.events.at(0);
    ASSERT_EQ(e.top.size(), 2u);
    EXPECT_EQ(e.top[1].bib, "1");
    EXPECT_EQ(e.top[1].time, "0:21:14");
    // ...and retained again for whoever subscribes later.
    MqttSubscriber late(broker->address(), {standings});
    ASSERT_TRUE(wait_for([&] { return late.count(standings) >= 1; }));
    EXPECT_TRUE(late.on(standings).front().retained);
    EXPECT_EQ(newest(late).version, version);
}

// Finishes entered while the broker is down (kill -9, then back with its persistence): each
// reaches a tool with a persistent session once the broker is back, once, in order.
TEST_F(FanoutTest, FinishersEnteredWhileTheBrokerIsDownArriveOnceItIsBack) {
    serve();
    auto tool = std::make_unique<MqttSubscriber>(broker->address(), std::vector{finishers}, "announcer");
    ASSERT_TRUE(tool->wait_connected());
    marshal("2 07:19:59.010", "OK E1 finish 2 07:19:59.010");
    ASSERT_TRUE(wait_for([&] { return tool->count(finishers) == 1; }));
    std::this_thread::sleep_for(milliseconds{2500});  // the broker saves its sessions every second
    broker->kill9();
    marshal("1 07:21:13.400", "OK E2 finish 1 07:21:13.400");
    marshal("3 07:30:00", "OK E3 finish 3 07:30:00.000");
    broker->start();
    ASSERT_TRUE(wait_for([&] { return tool->count(finishers) >= 3; })) << race->log_text();
    std::this_thread::sleep_for(milliseconds{1000});
    const auto c = changes(*tool);
    ASSERT_EQ(c.size(), 3u);
    EXPECT_EQ(c[0].bib, "2");
    EXPECT_EQ(c[1].bib, "1");
    EXPECT_EQ(c[1].change, "new");
    EXPECT_EQ(c[1].gun_time, "0:21:14");
    EXPECT_EQ(c[2].bib, "3");
    EXPECT_EQ(c[2].change, "new");
    EXPECT_EQ(c[2].gun_time, "0:25:00");  // wave B, 07:05
}

// A finish restarted on the same race file publishes no finisher again as new.
TEST_F(FanoutTest, ARestartedFinishDoesNotRepeatItsFinishers) {
    serve();
    marshal("2 07:19:59.010", "OK E1 finish 2 07:19:59.010");
    peer.reset();
    MqttSubscriber tool(broker->address(), {finishers});
    ASSERT_TRUE(tool.wait_connected());
    // Stop the service but keep its race file: a ServedRace restarts on the same path.
    race->stop();
    race->start();
    marshal("1 07:21:13.400", "OK E2 finish 1 07:21:13.400");
    ASSERT_TRUE(wait_for([&] { return tool.count(finishers) >= 1; }));
    std::this_thread::sleep_for(milliseconds{1000});
    const auto c = changes(tool);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].change, "new");
    EXPECT_EQ(c[0].bib, "1");
}

}  // namespace
}  // namespace fl::test
