// The remote board's model (`finishline board --mqtt`): a real mosquitto on a free loopback
// port, a real finish (Service with [mqtt]) publishing its results there, or a hand-written
// message published by the test as another tool would; the board's standings are checked
// through the same board_model functions the board draws with. Times are worked by hand from
// the race in tests/ingest/served_race.hpp (5K on 2014-04-12 in Toronto, EDT: wave A's gun
// 07:00:00 = 11:00:00 UTC; ranked by gun time, rounded up to the second).
#include <utility>

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "gui/app.hpp"
#include "gui/board_model.hpp"
#include "gui/remote_board.hpp"
#include "tests/ingest/mosquitto_broker.hpp"
#include "tests/ingest/mqtt_subscriber.hpp"
#include "tests/ingest/served_race.hpp"

namespace fl::gui {
namespace {

using namespace std::chrono;
using test::wait_for;

const std::string race_id = "e2e-5k-20140412";  // race_id() of "E2E 5K" on 2014-04-12
const std::string topic = "finishline/e2e-5k-20140412/standings";
const auto gun = timing::instant_from_micros(1'397'300'400'000'000);

std::vector<std::string> bibs(const results::EventStandings& e) {
    std::vector<std::string> out;
    for (const auto i : board_rows(e, BoardFilter{}, "")) out.push_back(e.rows[i].runner->bib);
    return out;
}

class RemoteBoardTest : public ::testing::Test {
protected:
    RemoteBoardTest() : log(timing::find_zone("UTC"), [](std::string_view) {}) {}
    std::unique_ptr<RemoteBoard> board_on(const std::string& address, milliseconds patience = milliseconds{2000}) {
        RemoteBoardOptions o;
        o.broker.broker = timing::parse_endpoint(address).value();
        o.race_id = race_id;
        o.patience = patience;
        auto b = std::make_unique<RemoteBoard>(std::move(o), log);
        b->start();
        return b;
    }
    test::TempDir dir;
    ingest::Log log;
};

TEST_F(RemoteBoardTest, SaysWhenTheBrokerCannotBeReached) {
    const auto port = test::free_loopback_port();  // nobody listens there
    const auto address = fmt::format("127.0.0.1:{}", port);
    auto board = board_on(address, milliseconds{300});
    EXPECT_EQ(board->notice(), fmt::format("Connecting to the MQTT broker at {}...", address));
    ASSERT_TRUE(wait_for([&] { return board->notice().starts_with("Cannot"); }));
    EXPECT_EQ(board->notice(), fmt::format("Cannot reach the MQTT broker at {}: retrying. Check the address, that "
                                           "the broker is running, and --username, --password and --tls-ca (the "
                                           "log says why).",
                                           address));
    EXPECT_EQ(board->standings(), nullptr);
}

TEST_F(RemoteBoardTest, SaysWhenNothingWasPublishedForTheRace) {
    test::MosquittoBroker broker(dir.file("broker"));
    auto board = board_on(broker.address());
    ASSERT_TRUE(wait_for([&] { return board->notice().starts_with("Connected"); }));
    EXPECT_EQ(board->notice(),
              fmt::format("Connected to {0}, but nothing has been published yet for race id \"e2e-5k-20140412\" "
                          "(finishline/e2e-5k-20140412/standings). Is 'finishline serve' running at the finish "
                          "with [mqtt] broker = \"{0}\", and is the race id the one 'finishline status' shows "
                          "there?",
                          broker.address()));
    EXPECT_EQ(board->standings(), nullptr);
}

// The board of a real finish: what it shows, live, then the broker gone.
TEST_F(RemoteBoardTest, ShowsTheFinishLiveAndSaysWhenTheBrokerIsLost) {
    test::MosquittoBroker broker(dir.file("broker"));
    test::ServedRace race(fmt::format("[mqtt]\nbroker = \"{}\"\n", broker.address()));
    race.start();
    auto marshal = test::TcpPeer::connect(race.marshal_port());
    marshal.send("2 07:19:59.010\r\n");
    ASSERT_EQ(marshal.read_line(), "OK E1 finish 2 07:19:59.010");
    marshal.send("1 07:21:13.400\r\n");
    ASSERT_EQ(marshal.read_line(), "OK E2 finish 1 07:21:13.400");

    auto board = board_on(broker.address());
    ASSERT_TRUE(wait_for([&] {
        const auto s = board->standings();
        return s && s->events.at(0)->counts.finished == 2;
    }));
    EXPECT_EQ(board->notice(), "");
    auto s = board->standings();
    EXPECT_EQ(s->race, "E2E 5K");
    EXPECT_EQ(s->timezone, "America/Toronto");
    ASSERT_EQ(s->events.size(), 1u);
    const auto& e = *s->events[0];
    EXPECT_EQ(e.name, "5K");
    EXPECT_EQ(bibs(e), (std::vector<std::string>{"2", "1"}));
    EXPECT_EQ(e.rows[0].place, 1);
    EXPECT_EQ(e.rows[0].runner->name, "Bob Runner");
    EXPECT_EQ(e.rows[0].runner->category, "M40-44");
    EXPECT_EQ(e.rows[0].runner->rank_time, timing::Duration{1'199'010'000});  // 19:59.010
    EXPECT_EQ(e.rows[0].runner->pace_per_km, timing::Duration{239'802'000});  // over 5 km
    EXPECT_EQ(e.rows[1].place, 2);
    EXPECT_EQ(e.rows[1].runner->rank_time, timing::Duration{1'273'400'000});  // 21:13.400
    // The race clock runs from the scheduled 07:00 gun; five entered, two in, three DNS.
    const auto now = gun + minutes{30};
    const auto clocks = race_clocks(*s, now);
    ASSERT_EQ(clocks.size(), 1u);
    EXPECT_TRUE(clocks[0].started);
    EXPECT_FALSE(clocks[0].gun_recorded);
    EXPECT_EQ(clocks[0].elapsed, minutes{30});
    EXPECT_EQ(format_clock(clocks[0].elapsed), "0:30:00");
    EXPECT_EQ(clocks[0].counts.entered, 5);
    EXPECT_EQ(clocks[0].counts.finished, 2);
    EXPECT_EQ(clocks[0].counts.dns, 3);
    // Latest first: Ann, then Bob; the table's runner and the latest line's are the same.
    const auto latest = latest_lines(*s, timing::Instant::max() - hours{1}, seconds{8}, 10);
    ASSERT_EQ(latest.size(), 2u);
    EXPECT_EQ(latest[0].runner->bib, "1");
    EXPECT_EQ(latest[0].place, 2);
    EXPECT_EQ(latest[1].runner->bib, "2");
    EXPECT_EQ(latest[1].runner, e.rows[0].runner);

    // Live: a third finisher (Cat, wave B at 07:05, 25:00) appears without anything done here.
    marshal.send("3 07:30:00\r\n");
    ASSERT_EQ(marshal.read_line(), "OK E3 finish 3 07:30:00.000");
    ASSERT_TRUE(wait_for([&] { return board->standings()->events.at(0)->counts.finished == 3; }));
    EXPECT_EQ(bibs(*board->standings()->events[0]), (std::vector<std::string>{"2", "1", "3"}));
    EXPECT_EQ(board->standings()->events[0]->rows[2].runner->rank_time, minutes{25});

    // Read-only: a marshal line typed at a remote board goes nowhere.
    auto link = link_to(*board);
    std::string reply;
    link.submit("4 07:31:00", [&](std::string r) { reply = std::move(r); });
    EXPECT_EQ(reply, "ERR read-only board");
    EXPECT_TRUE(link.readers().empty());
    EXPECT_EQ(link.standings(), board->standings());
    // The window over it shows the board only: the console's keys do nothing there.
    const timing::Clock clock;
    App app(link, clock, Settings{});
    EXPECT_EQ(app.view(), View::board);
    app.hotkey(Hotkey::show_console);
    EXPECT_EQ(app.view(), View::board);
    app.hotkey(Hotkey::show_both);
    EXPECT_EQ(app.view(), View::board);

    // The broker gone: the board keeps what it has and says it is no longer live.
    broker.kill9();
    ASSERT_TRUE(wait_for([&] { return !board->notice().empty(); }));
    EXPECT_EQ(board->notice(), fmt::format("Cannot reach the MQTT broker at {}: retrying. The board shows what "
                                           "arrived before the connection was lost.",
                                           broker.address()));
    EXPECT_EQ(board->standings()->events.at(0)->counts.finished, 3);
    race.stop();
}

// A message from another tool, hand-written as README documents it; a broken one is refused
// and said, and the board keeps the last good one.
TEST_F(RemoteBoardTest, TakesTheDocumentedMessageAndRefusesABrokenOne) {
    test::MosquittoBroker broker(dir.file("broker"));
    test::MqttSubscriber tool(broker.address(), {});
    ASSERT_TRUE(tool.wait_connected());
    tool.publish(topic,
                 R"({"race":"Harbour 10K","date":"2014-04-12","timezone":"America/Toronto","display":"tenths",)"
                 R"("version":4,"events":[{"name":"10K","distance_m":10000,"gun_us":1397300400000000,)"
                 R"("gun_recorded":true,"counts":{"entered":40,"started":38,"finished":2,"on_course":36,)"
                 R"("dnf":36,"dq":0,"dns":2},"top":[)"
                 R"({"bib":"11","name":"Ida","place":1,"time":"0:31:02.1","time_us":1862050000,)"
                 R"("known_us":1397302262200000},)"
                 R"({"bib":"12","name":"Jon","place":2,"time":"0:33:00.0","time_us":1980000000,)"
                 R"("known_us":1397302380100000}],)"
                 R"("latest":[{"bib":"12","name":"Jon","place":2,"time_us":1980000000,"known_us":1397302380100000},)"
                 R"({"bib":"11","name":"Ida","place":1,"time_us":1862050000,"known_us":1397302262200000}]}]})",
                 true);
    auto board = board_on(broker.address());
    ASSERT_TRUE(wait_for([&] { return board->standings() != nullptr; }));
    auto s = board->standings();
    EXPECT_EQ(s->race, "Harbour 10K");
    EXPECT_EQ(s->version, 4u);
    EXPECT_EQ(s->display, timing::Resolution::tenths);
    const auto& e = *s->events.at(0);
    EXPECT_EQ(e.distance_m, 10000);
    EXPECT_EQ(e.counts.started, 38);
    EXPECT_EQ(e.counts.on_course, 36);
    EXPECT_EQ(bibs(e), (std::vector<std::string>{"11", "12"}));
    EXPECT_EQ(e.rows[0].runner->rank_time, timing::Duration{1'862'050'000});
    const auto clocks = race_clocks(*s, gun + minutes{40});
    EXPECT_TRUE(clocks.at(0).gun_recorded);
    const auto latest = latest_lines(*s, timing::Instant::max() - hours{1}, seconds{8}, 10);
    ASSERT_EQ(latest.size(), 2u);
    EXPECT_EQ(latest[0].runner->bib, "12");
    EXPECT_EQ(latest[0].runner, e.rows[1].runner);

    tool.publish(topic, R"({"race":"Harbour 10K","version":5,"events":[{"name":"10K","top":[{"place":1}]}]})", true);
    ASSERT_TRUE(wait_for([&] { return !board->notice().empty(); }));
    EXPECT_EQ(board->notice(), "A message on finishline/e2e-5k-20140412/standings was refused "
                               "(events[0].top[0].bib: expected a string): the board shows the last one taken.");
    EXPECT_EQ(board->standings(), s);
}

}  // namespace
}  // namespace fl::gui
