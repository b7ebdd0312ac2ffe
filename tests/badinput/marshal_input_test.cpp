// Bad input on the marshal port, end to end over loopback TCP: every line gets an answer
// saying what was expected, the port keeps serving, and nothing stored is lost.
#include <gtest/gtest.h>

#include "tests/badinput/catalogue.hpp"

using namespace fl;
using namespace fl::test;

namespace {

const std::string readers = listening_reader("finish-mat", "chronotrack");
const std::string with_token = "listen = \"127.0.0.1:0\"\ntoken = \"s3cret-finish-line\"\n";

// A marshal connection (authenticated when the race has a token) with one finish stored.
struct Marshal {
    ServedRace& race;
    TcpPeer peer;
    Stored before;
    explicit Marshal(ServedRace& r, bool auth = false)
        : race(r), peer(TcpPeer::connect(r.marshal_port())) {
        if (auth) {
            EXPECT_EQ(marshal_reply(peer, "AUTH s3cret-finish-line"), "OK authenticated");
        }
        EXPECT_TRUE(marshal_reply(peer, "1 07:30:00").starts_with("OK E1 finish 1"));
        before = Stored::in(race.path());
    }
    std::string operator()(std::string_view line) { return marshal_reply(peer, line); }
    // The port still stores a good line, and the first finish is still there.
    void still_serving() {
        EXPECT_TRUE(marshal_reply(peer, "2 07:31:00").starts_with("OK E2 finish 2")) << race.log_text();
        const auto after = Stored::in(race.path());
        EXPECT_EQ(after.entries, before.entries + 1) << after;
        EXPECT_EQ(after.reads, before.reads);
        EXPECT_EQ(after.participants, before.participants);
    }
};

}  // namespace

// Expected: without AUTH every command is refused with "ERR authenticate first: send AUTH
// <token>" and nothing is stored; after AUTH the same line is stored.
TEST(BadInputMarshal, ClientWithoutTheTokenIsRefusedUntilItAuthenticates) {
    ServedRace race(readers, with_token);
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    const auto before = Stored::in(race.path());
    EXPECT_EQ(marshal_reply(m, "1 07:30:00"), "ERR authenticate first: send AUTH <token>");
    EXPECT_EQ(marshal_reply(m, "DNF 2"), "ERR authenticate first: send AUTH <token>");
    EXPECT_EQ(Stored::in(race.path()), before);
    EXPECT_TRUE(race.logged("-> ERR authenticate first")) << race.log_text();
    EXPECT_EQ(marshal_reply(m, "AUTH s3cret-finish-line"), "OK authenticated");
    EXPECT_TRUE(marshal_reply(m, "1 07:30:00").starts_with("OK E1 finish 1"));
}

// Expected: a wrong token is refused naming the config key to check; the fifth closes the
// connection ("ERR wrong token 5 times"); a new connection with the right token is served.
TEST(BadInputMarshal, WrongTokenIsRefusedAndRepeatedGuessesClose) {
    ServedRace race(readers, with_token);
    race.start();
    Marshal ok(race, true);
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "AUTH guess"), "ERR wrong token: check [marshal] token in the race config");
    for (int i = 2; i < 5; ++i) marshal_reply(m, "AUTH guess");
    EXPECT_EQ(marshal_reply(m, "AUTH guess"), "ERR wrong token 5 times: closing the connection");
    EXPECT_TRUE(m.wait_closed());
    ok.still_serving();
}

// Expected: START for an event the race lacks is refused, listing the race's events.
TEST(BadInputMarshal, StartOfAnUnknownEventListsTheEvents) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    EXPECT_EQ(m("START 10K 07:00:00"), "ERR no event \"10K\": events are 5K");
    m.still_serving();
}

// Expected: START for a wave the event lacks is refused, listing the event's waves.
TEST(BadInputMarshal, StartOfAnUnknownWaveListsTheWaves) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    EXPECT_EQ(m("START 5K C 07:10:00"), "ERR event 5K has no wave \"C\": waves are A, B");
    m.still_serving();
}

// Expected: a finish time like 25:61:00 is refused, saying the format expected.
TEST(BadInputMarshal, TimeOutOfRangeIsRefusedWithTheExpectedFormat) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    const auto reply = m("3 25:61:00");
    EXPECT_TRUE(reply.starts_with("ERR \"25:61:00\" is not a time: expected HH:MM:SS")) << reply;
    m.still_serving();
}

// Expected: a line that is neither a bib nor a command is refused, saying what is accepted.
TEST(BadInputMarshal, UnknownCommandSaysWhatIsAccepted) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    EXPECT_EQ(m("FINISH FOR BOB NOW"),
              "ERR \"FINISH FOR BOB NOW\" is not a bib or a command: send a bib (123), a bib and a "
              "time (123 10:15:03.250), TAP, START <event>, or HELP");
    m.still_serving();
}

// Expected: binary garbage on the marshal port is refused ("holds control characters"),
// shown escaped; the connection keeps serving.
TEST(BadInputMarshal, BinaryGarbageIsRefusedAndTheConnectionStaysUp) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    const auto reply = m(std::string("\x01\x02\xff\xfe", 4));
    EXPECT_TRUE(reply.starts_with("ERR the line holds control characters: \"\\x01\\x02\\xff\\xfe\""))
        << reply;
    m.still_serving();
}

// Expected: a marshal line over 4 KiB gets "ERR a line longer than 4096 bytes: closing the
// connection" and that connection closes; other marshal connections keep being served.
TEST(BadInputMarshal, LineOverTheLimitClosesOnlyThatConnection) {
    ServedRace race(readers);
    race.start();
    Marshal ok(race);
    auto bad = TcpPeer::connect(race.marshal_port());
    bad.send(std::string(5000, '7'));
    EXPECT_EQ(bad.read_line(), "ERR a line longer than 4096 bytes: closing the connection");
    EXPECT_TRUE(bad.wait_closed());
    EXPECT_TRUE(race.logged("disconnected: line limit exceeded")) << race.log_text();
    ok.still_serving();
}

// Expected: a finish for a bib that is not registered is stored (the marshal saw a runner)
// with "(bib 99 is not registered)" in the answer, and listed by the results under unknown bibs.
TEST(BadInputMarshal, FinishForAnUnregisteredBibIsStoredAndListed) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    EXPECT_EQ(m("99 07:35:00"), "OK E2 finish 99 07:35:00.000 (bib 99 is not registered)");
    const auto s = rescored(race.path());
    ASSERT_EQ(s->unknown_bibs->size(), 1u);
    EXPECT_EQ(s->unknown_bibs->front().bib, "99");
}

// Expected: a correction naming a bib nobody wears is refused ("no participant with bib 99:
// check the bib, or import them first") and not stored.
TEST(BadInputMarshal, CorrectionForAnUnknownBibIsRefused) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    EXPECT_EQ(m("DNF 99"), "ERR no participant with bib 99: check the bib, or import them first");
    EXPECT_EQ(Stored::in(race.path()).corrections, 0);
    m.still_serving();
}

// Expected: UNDO of a correction that does not exist is refused naming it; nothing stored.
TEST(BadInputMarshal, UndoOfSomethingThatDoesNotExistIsRefused) {
    ServedRace race(readers);
    race.start();
    Marshal m(race);
    EXPECT_EQ(m("UNDO C42"), "ERR no correction C42 in the race file");
    EXPECT_EQ(Stored::in(race.path()).corrections, 0);
    m.still_serving();
}
