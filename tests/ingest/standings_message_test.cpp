// The standings and finishers messages byte for byte: what the finish publishes for boards
// and tools elsewhere (README "Results at other sites"), and what a board refuses. Expected
// texts are written by hand from the documented format.
#include <gtest/gtest.h>

#include <string>

#include "ingest/standings_message.hpp"

namespace fl::ingest {
namespace {

// Zoë finished the 10K at 09:41:06.2 local (07:41:06.2 UTC) after the 09:00 gun, 8 s after
// crossing the start mat: gun time 41:06.2 rounds up to 0:41:07, net 40:58.2 to 0:40:59.
ListedFinisher zoe() {
    ListedFinisher f;
    f.bib = "7";
    f.name = "Zoë Quinn";
    f.category = "F35-39";
    f.place = 1;
    f.gender_place = 1;
    f.category_place = 1;
    f.time = "0:41:07";
    f.time_us = 2'466'200'000;
    f.gun_time = "0:41:07";
    f.net_time = "0:40:59";
    f.pace_per_km_us = 245'820'000;  // 40:58.2 over 10 km
    f.finish_us = 1'777'794'066'200'000;
    f.known_us = 1'777'794'066'500'000;
    return f;
}

StandingsMessage riverside() {
    StandingsMessage m;
    m.race = "Riverside 10K";
    m.date = "2026-05-03";
    m.timezone = "Europe/Berlin";
    m.version = 12;
    m.published_us = 1'777'800'000'000'000;
    StandingsEvent e;
    e.name = "10K";
    e.distance_m = 10000;
    e.gun_us = 1'777'791'600'000'000;  // 09:00 CEST
    e.gun_recorded = true;
    e.counts = {3, 2, 1, 1, 1, 0, 1};
    e.top = {zoe()};
    e.latest = {zoe()};
    m.events = {e};
    return m;
}

const std::string zoe_json =
    R"({"bib":"7","category":"F35-39","category_place":1,"finish_us":1777794066200000,"gender_place":1,)"
    R"("gun_time":"0:41:07","known_us":1777794066500000,"name":"Zoë Quinn","net_time":"0:40:59",)"
    R"("pace_per_km_us":245820000,"place":1,)"
    R"("time":"0:41:07","time_us":2466200000})";

const std::string riverside_json =
    R"({"date":"2026-05-03","display":"seconds","events":[{"counts":{"dnf":1,"dns":1,"dq":0,"entered":3,)"
    R"("finished":1,"on_course":1,"started":2},"distance_m":10000,"gun_recorded":true,)"
    R"("gun_us":1777791600000000,"latest":[)" + zoe_json + R"(],"name":"10K","top":[)" + zoe_json +
    R"(]}],"published_us":1777800000000000,"race":"Riverside 10K","timezone":"Europe/Berlin","version":12})";

TEST(StandingsMessage, EncodesAsDocumented) { EXPECT_EQ(encode(riverside()), riverside_json); }

TEST(StandingsMessage, DecodesWhatItEncodes) {
    const auto d = decode_standings(riverside_json);
    ASSERT_TRUE(d.value) << d.error;
    const auto& m = *d.value;
    EXPECT_EQ(m.race, "Riverside 10K");
    EXPECT_EQ(m.date, "2026-05-03");
    EXPECT_EQ(m.timezone, "Europe/Berlin");
    EXPECT_EQ(m.display, "seconds");
    EXPECT_EQ(m.version, 12);
    EXPECT_EQ(m.published_us, 1'777'800'000'000'000);
    ASSERT_EQ(m.events.size(), 1u);
    const auto& e = m.events[0];
    EXPECT_EQ(e.name, "10K");
    EXPECT_EQ(e.distance_m, 10000);
    EXPECT_EQ(e.gun_us, 1'777'791'600'000'000);
    EXPECT_TRUE(e.gun_recorded);
    EXPECT_EQ(e.counts.entered, 3);
    EXPECT_EQ(e.counts.started, 2);
    EXPECT_EQ(e.counts.finished, 1);
    EXPECT_EQ(e.counts.on_course, 1);
    EXPECT_EQ(e.counts.dnf, 1);
    EXPECT_EQ(e.counts.dq, 0);
    EXPECT_EQ(e.counts.dns, 1);
    ASSERT_EQ(e.top.size(), 1u);
    ASSERT_EQ(e.latest.size(), 1u);
    const auto& f = e.top[0];
    EXPECT_EQ(f.bib, "7");
    EXPECT_EQ(f.name, "Zoë Quinn");
    EXPECT_EQ(f.category, "F35-39");
    EXPECT_EQ(f.place, 1);
    EXPECT_EQ(f.gender_place, 1);
    EXPECT_EQ(f.category_place, 1);
    EXPECT_EQ(f.time, "0:41:07");
    EXPECT_EQ(f.time_us, 2'466'200'000);
    EXPECT_EQ(f.gun_time, "0:41:07");
    EXPECT_EQ(f.net_time, "0:40:59");
    EXPECT_EQ(f.pace_per_km_us, 245'820'000);
    EXPECT_EQ(f.finish_us, 1'777'794'066'200'000);
    EXPECT_EQ(f.known_us, 1'777'794'066'500'000);
    EXPECT_EQ(encode(m), riverside_json);
}

// What another tool may leave out: places and times null or absent, no counts, no lists.
TEST(StandingsMessage, OptionalFieldsMayBeNullOrAbsent) {
    const auto d = decode_standings(
        R"({"race":"R","version":3,"events":[{"name":"5K","gun_us":null,"top":[{"bib":"9","place":null}]}]})");
    ASSERT_TRUE(d.value) << d.error;
    EXPECT_EQ(d.value->display, "seconds");
    const auto& e = d.value->events.at(0);
    EXPECT_FALSE(e.gun_us);
    EXPECT_EQ(e.counts.entered, 0);
    EXPECT_EQ(e.top.at(0).bib, "9");
    EXPECT_FALSE(e.top.at(0).place);
    EXPECT_FALSE(e.top.at(0).time_us);
    EXPECT_TRUE(e.latest.empty());
}

struct Refusal {
    std::string payload, error;
};

TEST(StandingsMessage, RefusesWhatIsWrongSayingWhere) {
    std::string many_events = R"({"race":"R","version":1,"events":[)";
    for (int i = 0; i < 201; ++i) many_events += std::string(i ? "," : "") + R"({"name":"e"})";
    many_events += "]}";
    const std::vector<Refusal> cases{
        {"not json", R"(not JSON (expected an object such as {"race": "...", "events": [...]}))"},
        {"[1]", "expected a JSON object"},
        {R"({"version":1,"events":[]})", "race: expected a string"},
        {R"({"race":"R","events":[]})", "version: expected a whole number"},
        {R"({"race":"R","version":-1,"events":[]})", "version: expected a whole number of at least 0"},
        {R"({"race":"R","version":1})", "events: expected an array of at most 200 events"},
        {R"({"race":"R","version":1,"display":"minutes","events":[]})", R"(display: expected "seconds" or "tenths")"},
        {many_events, "events: expected an array of at most 200 events"},
        {R"({"race":"R","version":1,"events":[7]})", "events[0]: expected an event object"},
        {R"({"race":"R","version":1,"events":[{"name":"5K","top":[{"bib":"1","place":0}]}]})",
         "events[0].top[0].place: expected a whole number of at least 1"},
        {R"({"race":"R","version":1,"events":[{"name":"5K","latest":[{"name":"x"}]}]})",
         "events[0].latest[0].bib: expected a string"},
        {R"({"race":"R","version":1,"events":[{"name":"5K","top":{}}]})",
         "events[0].top: expected an array of at most 100 finishers"},
        {R"({"race":"R","version":1,"events":[{"name":"5K","counts":{"finished":"2"}}]})",
         "events[0].counts.finished: expected a whole number"},
        {R"({"race":"R","version":1,"events":[{"name":"5K","top":[{"bib":")" + std::string(33, '1') + R"("}]}]})",
         "events[0].top[0].bib: expected at most 32 bytes, got 33"},
        {R"({"race":"R\u0007","version":1,"events":[]})", "race: expected text without control characters"},
        {std::string(7, '[') + std::string(7, ']'), "nested deeper than 6 levels"},
    };
    for (const auto& c : cases) {
        const auto d = decode_standings(c.payload);
        EXPECT_FALSE(d.value) << c.payload;
        EXPECT_EQ(d.error, c.error) << c.payload;
    }
    const auto big = decode_standings(std::string(max_standings_payload + 1, ' '));
    EXPECT_EQ(big.error, "4194305 bytes, more than the 4194304 a message may have");
}

// The finishers topic: /live's finisher object, wrapped with the version and what changed.
const std::string bob =
    R"({"bib":"2","name":"Bob Runner","event":"5K","place":1,"gender_place":1,"category_place":1,)"
    R"("category":"M40-44","gun_time":"0:20:00","net_time":"0:20:00"})";

TEST(FinisherChange, EncodesAndDecodes) {
    const auto text = encode_finisher_change(8, "new", bob);
    EXPECT_EQ(text, R"({"version":8,"change":"new","finisher":)" + bob + "}");
    const auto d = decode_finisher_change(text);
    ASSERT_TRUE(d.value) << d.error;
    EXPECT_EQ(d.value->version, 8);
    EXPECT_EQ(d.value->change, "new");
    EXPECT_EQ(d.value->bib, "2");
    EXPECT_EQ(d.value->name, "Bob Runner");
    EXPECT_EQ(d.value->event, "5K");
    EXPECT_EQ(d.value->category, "M40-44");
    EXPECT_EQ(d.value->place, 1);
    EXPECT_EQ(d.value->gender_place, 1);
    EXPECT_EQ(d.value->category_place, 1);
    EXPECT_EQ(d.value->gun_time, "0:20:00");
    EXPECT_EQ(d.value->net_time, "0:20:00");

    const auto removed = encode_finisher_change(9, "removed", R"("2")");
    EXPECT_EQ(removed, R"({"version":9,"change":"removed","bib":"2"})");
    const auto r = decode_finisher_change(removed);
    ASSERT_TRUE(r.value) << r.error;
    EXPECT_EQ(r.value->change, "removed");
    EXPECT_EQ(r.value->bib, "2");
    EXPECT_EQ(r.value->name, "");
}

TEST(FinisherChange, RefusesWhatIsWrong) {
    const std::vector<Refusal> cases{
        {R"({"version":1,"change":"gone","bib":"2"})", R"(change: expected "new", "corrected" or "removed")"},
        {R"({"version":1,"change":"new"})", "finisher: expected a finisher object"},
        {R"({"version":1,"change":"new","finisher":{"bib":2}})", "finisher.bib: expected a string"},
        {R"({"change":"removed","bib":"2"})", "version: expected a whole number"},
        {R"({"version":1,"change":"removed"})", "bib: expected a string"},
    };
    for (const auto& c : cases) {
        const auto d = decode_finisher_change(c.payload);
        EXPECT_FALSE(d.value) << c.payload;
        EXPECT_EQ(d.error, c.error) << c.payload;
    }
}

}  // namespace
}  // namespace fl::ingest
