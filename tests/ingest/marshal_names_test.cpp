// Issue 20 end to end: a real Service on a real race file whose event is "Fun Run" and whose
// reader is "finish mat", a marshal typing over loopback TCP. The gun, its correction, a DQ
// with a quoted reason and an edit with spaces are stored as the names typed; STATUS shows the
// reader's name as one word.
#include <gtest/gtest.h>

#include "ingest/status_query.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/ingest/tcp_peer.hpp"

using namespace fl;
using namespace fl::test;

namespace {

const std::string fun_run_head = R"([race]
name = "Fun Run Day"
date = 2014-04-12
timezone = "America/Toronto"
[[events]]
name = "Fun Run"
distance_m = 5000
start = 07:00:00
  [[events.waves]]
  name = "A"
  [[events.waves]]
  name = "B"
  offset = 00:05:00
[[timing_points]]
name = "finish"
role = "finish"
)";

std::string reply_to(TcpPeer& m, std::string_view line) {
    m.send(std::string(line) + "\r\n");
    return m.read_line().value_or("(no reply)");
}

}  // namespace

TEST(MarshalNames, FunRunIsStartedCorrectedAndEditedOverTheMarshalPort) {
    ServedRace race(listening_reader("finish mat", "chronotrack"), "listen = \"127.0.0.1:0\"\n",
                    fun_run_head);
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(reply_to(m, "START Fun Run 07:00:00"), R"(OK E1 gun "Fun Run" 07:00:00.000)");
    EXPECT_EQ(reply_to(m, R"(START "Fun Run" B 07:05:00)"), R"(OK E2 gun "Fun Run" B 07:05:00.000)");
    EXPECT_EQ(reply_to(m, "GUN fun run b 07:05:01"), R"(OK C1 set_gun "Fun Run" B 07:05:01.000)");
    EXPECT_EQ(reply_to(m, "START Fun"), R"(ERR no event "Fun": events are "Fun Run")");
    EXPECT_EQ(reply_to(m, R"(START "Fun Run)").rfind("ERR a quote is not closed", 0), 0u);
    EXPECT_EQ(reply_to(m, R"(DQ 3 "cut the \"short\" loop")"), R"(OK C2 dq 3 cut the "short" loop)");
    EXPECT_EQ(reply_to(m, R"(EDIT 2 team="Harbour Harriers")"),
              "OK C3 edit 2 team=Harbour Harriers");

    m.send("STATUS\r\n");
    const auto status = m.read_line().value_or("");
    EXPECT_TRUE(status.starts_with(R"(STATUS "finish mat" chronotrack listen=127.0.0.1:)")) << status;
    EXPECT_EQ(m.read_line(), "OK status 1 reader(s)");
    const auto parsed = ingest::parse_status_line(status);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->name, "finish mat");
    EXPECT_EQ(parsed->protocol, "chronotrack");
    EXPECT_EQ(parsed->last_error, "");
    EXPECT_EQ(reply_to(m, "QUIT"), "OK bye");

    auto file = race.file();
    const auto& event = *file.config().find_event("Fun Run");
    const auto entries = file.entries();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].event_id, event.id);
    EXPECT_EQ(entries[0].wave_id, std::nullopt);
    EXPECT_EQ(entries[1].event_id, event.id);
    EXPECT_EQ(entries[1].wave_id, event.waves[1].id);
    const auto corrections = file.corrections();
    ASSERT_EQ(corrections.size(), 3u);
    EXPECT_EQ(corrections[0].kind, timing::CorrectionKind::set_gun);
    EXPECT_EQ(corrections[0].wave_id, event.waves[1].id);
    EXPECT_EQ(corrections[1].reason, R"(cut the "short" loop)");
    EXPECT_EQ(corrections[2].data, "team=Harbour Harriers");
}

TEST(MarshalNames, StatusLinesKeepANameAndAnErrorWithSpacesAndQuotes) {
    // A STATUS line as the service writes it (reader_status.cpp) reads back field for field.
    const auto s = ingest::parse_status_line(
        R"(STATUS "finish mat" mylaps listen=127.0.0.1:3097 connected=1 peers=127.0.0.1:5000 )"
        R"(last_read=07:31:00.000 reads_today=12 resends=0 parse_errors=2 clock_offset=- )"
        R"(last_error="line 3: \"x\" is not a chip")");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->name, "finish mat");
    EXPECT_EQ(s->endpoint, "listen 127.0.0.1:3097");
    EXPECT_EQ(s->reads_today, 12);
    EXPECT_EQ(s->parse_errors, 2);
    EXPECT_EQ(s->last_error, R"(line 3: "x" is not a chip)");
}
