// A cross-country race end to end: finishes from a ChronoTrack reader and from the marshal port
// into a real Service, then the team results. The finish order is the published example of
// http://mrbsupersite.com/school_activities_022.htm ("A1, B1, B2, C1, A2, B3, A3, C2, A4, B4,
// A5, B5 ... Team A: 1 + 4 + 6 + 7 + 9 = 27, Team B: 2 + 3 + 5 + 8 + 10 = 28").
#include <gtest/gtest.h>

#include "results/exports.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/served_race.hpp"

using namespace fl;
using namespace fl::test;

namespace {

const std::string xc_head = R"([race]
name = "XC Invitational"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
min_time = "00:10:00"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000
[[teams]]
size = 5
displacers = 2
)";

// Bib n finishes n-th; teams as in the published order.
std::string xc_people() {
    const std::string order = "ABBCABACABAB";
    const std::map<char, std::string> team{{'A', "Ashbury"}, {'B', "Bayview"}, {'C', "Cedar"}};
    std::string csv = "bib,name,gender,age,team,chip\n";
    for (std::size_t i = 0; i < order.size(); ++i)
        csv += fmt::format("{0},Runner {0},M,16,{1},CT{0:04}\n", i + 1, team.at(order[i]));
    return csv;
}

}  // namespace

TEST(TeamRace, ReaderAndMarshalFinishesScoreThePublishedExample) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), "listen = \"127.0.0.1:0\"\n", xc_head, xc_people());
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    auto marshal = TcpPeer::connect(race.marshal_port());
    int entries = 0;
    for (int bib = 1; bib <= 12; ++bib) {
        const auto at = fmt::format("07:20:{:02}.00", bib);
        if (bib % 2) {
            dev.send_read(bib, fmt::format("CT{:04}", bib), at);  // odd bibs: chip reads
            continue;
        }
        marshal.send(fmt::format("{} {}\r\n", bib, at));  // even bibs: a marshal's entry
        EXPECT_EQ(marshal.read_line(), fmt::format("OK E{} finish {} {}0", ++entries, bib, at));
    }
    ASSERT_TRUE(wait_for([&] { return race.service().standings()->events[0]->counts.finished == 12; }))
        << race.log_text();
    EXPECT_EQ(results::to_teams_csv(*race.service().standings()),
              "place,team,score,members\n"
              "1,Ashbury,27,Runner 1 (1); Runner 5 (4); Runner 7 (6); Runner 9 (7); Runner 11 (9)\n"
              "2,Bayview,28,Runner 2 (2); Runner 3 (3); Runner 6 (5); Runner 10 (8); Runner 12 (10)\n"
              ",Cedar,,Runner 4 (place 4); Runner 8 (place 8)\n");
    const auto json = results::to_json(*race.service().standings());
    EXPECT_NE(json.find(R"("teams":[{"name":"5K teams","event":"5K","scoring":"places","size":5,"displacers":2,)"),
              std::string::npos)
        << json;
    EXPECT_NE(json.find(R"({"place":2,"tied":false,"team":"Bayview","points":28,"time":null,"short_of":"")"),
              std::string::npos);
    EXPECT_NE(json.find(R"({"place":null,"tied":false,"team":"Cedar","points":null,"time":null,"short_of":"2 finishers of 5")"),
              std::string::npos);
}
