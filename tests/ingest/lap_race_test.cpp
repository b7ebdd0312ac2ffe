// A lap race end to end (README "Laps and fixed-time races"): laps from a ChronoTrack reader at
// the line and from the marshal port (a runner whose chip failed, lap-counted by hand) into a
// real Service, then the laps CSV. Hand-worked: 3 laps of a 1 km park loop, gun 07:00, at least
// 2 minutes a lap; the leader's finish (07:15:00) ends the lapped runners' race at their next
// crossing.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "results/exports.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/served_race.hpp"

using namespace fl;
using namespace fl::test;

namespace {

const std::string loop_head = R"([race]
name = "Park loop"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "3 laps"
type = "laps"
distance_m = 1000
start = "07:00:00"
laps = 3
min_lap_time = "00:02:00"
[[timing_points]]
name = "line"
role = "lap"
)";

const std::string loop_people = "bib,name,gender,age,chip\n"
                                "1,Ann,F,30,CT0001\n"
                                "2,Bob,M,40,CT0002\n"
                                "3,Cid,M,50,CT0003\n"
                                "4,Dee,F,60,\n";

}  // namespace

TEST(LapRace, ReaderAndMarshalLapsMakeTheLapTable) {
    ServedRace race(listening_reader("line-mat", "chronotrack", "timing_point = \"line\"\n"), "listen = \"127.0.0.1:0\"\n", loop_head, loop_people);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("line-mat"));
    auto marshal = TcpPeer::connect(race.marshal_port());
    int seq = 0;
    // Ann: through the line at the gun (no lap), then 5:00 laps, and one more after the race.
    for (auto t : {"07:00:03.00", "07:05:00.00", "07:05:01.50", "07:10:00.00", "07:15:00.00", "07:20:00.00"})
        dev.send_read(++seq, "CT0001", t);
    for (auto t : {"07:06:00.00", "07:12:00.00", "07:18:00.00"}) dev.send_read(++seq, "CT0002", t);
    // Cid is lapped: his 07:16 crossing, after Ann's finish, is his last (2 laps in 16:00, behind
    // Dee's 2 in 15:30).
    for (auto t : {"07:08:00.00", "07:16:00.00", "07:24:00.00"}) dev.send_read(++seq, "CT0003", t);
    int entries = 0;
    for (auto t : {"07:07:30.00", "07:15:30.00"}) {  // Dee's laps, keyed by a marshal
        marshal.send(fmt::format("4 {}\r\n", t));
        EXPECT_EQ(marshal.read_line(), fmt::format("OK E{} finish 4 {}0", ++entries, t));
    }
    ASSERT_TRUE(wait_for([&] {
        // Every lap in: Ann 3, Bob 3, Cid 2 (cut by Ann's finish), Dee 2.
        const auto s = race.service().standings();
        const std::map<std::string, int> want{{"1", 3}, {"2", 3}, {"3", 2}, {"4", 2}};
        return std::all_of(want.begin(), want.end(), [&](const auto& w) {
            const auto* row = s->find_bib(w.first);
            return row && row->runner->laps == w.second && row->runner->laps_complete;
        });
    })) << race.log_text();
    EXPECT_EQ(results::to_laps_csv(*race.service().standings()),
              "place,bib,name,gender,age,category,laps,gun_time,net_time,gender_place,category_place,status,complete,lap_1,lap_2,lap_3\n"
              "1,1,Ann,F,30,F30-34,3,0:15:00,0:15:00,1,1,FIN,yes,0:05:00,0:05:00,0:05:00\n"
              "2,2,Bob,M,40,M40-44,3,0:18:00,0:18:00,1,1,FIN,yes,0:06:00,0:06:00,0:06:00\n"
              "3,4,Dee,F,60,F60-64,2,0:15:30,0:15:30,2,1,FIN,yes,0:07:30,0:08:00,\n"
              "4,3,Cid,M,50,M50-54,2,0:16:00,0:16:00,2,1,FIN,yes,0:08:00,0:08:00,\n");
    const auto json = results::to_json(*race.service().standings());
    EXPECT_NE(json.find(R"("type":"laps","laps":3,"time_limit":null)"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("laps":2,"laps_complete":true,"lap_times":[{"us":450000000,"text":"0:07:30"},{"us":480000000,"text":"0:08:00"}])"),
              std::string::npos);
}
