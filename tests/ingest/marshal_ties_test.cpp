// Issue 11 over the marshal port: finishes keyed at the same second by a marshal place in the
// order the lines were sent, never in bib order, in the live standings the service publishes.
#include <gtest/gtest.h>

#include "tests/ingest/served_race.hpp"
#include "tests/ingest/tcp_peer.hpp"

using namespace fl;
using namespace fl::test;

TEST(MarshalTies, EqualKeyedTimesPlaceInTheOrderTheLinesCame) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    // Bibs 2, 1 and 5 start in wave A (07:00:00) and crossed in that order within one second.
    m.send("2 07:20:00\r\n1 07:20:00\r\n5 07:20:00\r\n");
    EXPECT_EQ(m.read_line().value_or(""), "OK E1 finish 2 07:20:00.000");
    EXPECT_EQ(m.read_line().value_or(""), "OK E2 finish 1 07:20:00.000");
    EXPECT_EQ(m.read_line().value_or(""), "OK E3 finish 5 07:20:00.000");
    const results::EventStandings* event = nullptr;
    std::shared_ptr<const results::Standings> s;
    ASSERT_TRUE(wait_for([&] {
        s = race.service().standings();
        event = s ? s->find_event("5K") : nullptr;
        return event && event->counts.finished == 3;
    }));
    std::vector<std::string> order;
    for (const auto& row : event->rows)
        if (row.place) order.push_back(fmt::format("{} {}", *row.place, row.runner->bib));
    EXPECT_EQ(order, (std::vector<std::string>{"1 2", "2 1", "3 5"}));
    // The board's latest finishers, newest first: the reverse.
    std::vector<std::string> latest;
    for (const auto& f : *s->latest_finishers) latest.push_back(f.runner->bib);
    EXPECT_EQ(latest, (std::vector<std::string>{"5", "1", "2"}));
}
