// The service end to end: real loopback sockets, emulated devices speaking each protocol as
// documented, a real race file. After each test every read the service took is in the file
// exactly once.
#include <gtest/gtest.h>

#include <future>
#include <set>

#include "ingest/error.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/parser_fixture.hpp"
#include "tests/ingest/served_race.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono_literals;

namespace {

// Nothing stored twice: every raw record in the file is unique (the tests never send two
// different reads with the same bytes).
void expect_each_read_once(const ServedRace& race) {
    auto f = race.file();
    auto st = f.db().prepare("SELECT raw, count(*) FROM reads GROUP BY reader_id, raw HAVING count(*) > 1");
    while (st.step()) ADD_FAILURE() << "stored " << st.column_int64(1) << " times: " << st.column_text(0);
}

std::int64_t count_where(const ServedRace& race, std::string_view sql) {
    auto f = race.file();
    auto st = f.db().prepare(sql);
    return st.step() ? st.column_int64(0) : -1;
}

std::string marshal_reply(TcpPeer& m, std::string_view line) {
    m.send(std::string(line) + "\r\n");
    return m.read_line().value_or("(no reply)");
}

}  // namespace

TEST(ServiceChronoTrack, DeviceThatGreetsFirstStreamsReads) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    EXPECT_EQ(dev.start_command, "start");
    dev.send_read(1, "CT0001", "07:25:01.31");
    dev.peer.send("CT01_33~2~finish~guntime~07:00:00.50~0~DF239A~0\r\nCT01_33~3~finish~CT0002~07:26:00.00~0~X~1\r\n");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 3; })) << race.log_text();
    const auto reads = race.file().reads();
    EXPECT_EQ(reads[0].chip, "CT0001");
    EXPECT_EQ(reads[0].raw, "CT01_33~1~finish~CT0001~07:25:01.31~0~0F2A38~1");
    EXPECT_EQ(reads[0].device_time, utc(2014, 4, 12, 11, 25, 1, 310'000));
    EXPECT_EQ(reads[1].kind, timing::ReadKind::gun);
    EXPECT_EQ(race.status("finish-mat").peers.size(), 1u);
    // The status follows the commit on the io thread: wait for it, not for the file.
    EXPECT_TRUE(wait_for([&] { return race.status("finish-mat").reads_today == 3; }));
    dev.peer.close();
    EXPECT_TRUE(wait_for([&] { return race.status("finish-mat").peers.empty(); }));
    expect_each_read_once(race);
}

TEST(ServiceChronoTrack, DeviceThatWaitsForTheSoftwareGreeting) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto dev = ChronoTrackDevice::software_first(race.port("finish-mat"));
    EXPECT_EQ(dev.start_command, "start");
    for (int i = 1; i <= 5; ++i) dev.send_read(i, fmt::format("CT000{}", i), fmt::format("07:3{}:00.00", i));
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 5; })) << race.log_text();
    EXPECT_TRUE(race.logged("device greeting TsConnector~2.1~2"));
    expect_each_read_once(race);
}

TEST(ServiceChronoTrack, ResumesFromTheLastStoredSequenceAfterADrop) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    {
        auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
        for (int i = 1; i <= 40; ++i) dev.send_read(i, fmt::format("C{}", i), "07:30:00.00");
        // Committed and handed back (the resume point moves with the commit's acknowledgement).
        ASSERT_TRUE(wait_for([&] { return race.status("finish-mat").reads_today == 40; })) << race.log_text();
        dev.peer.abort();  // the controller vanishes (reset, no goodbye)
    }
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    EXPECT_EQ(dev.start_command, "start~finish~40");
    // The controller resends from the sequence asked for: 40 again, then new ones.
    for (int i = 40; i <= 80; ++i) dev.send_read(i, fmt::format("C{}", i), "07:30:00.00");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 80; })) << race.log_text();
    EXPECT_TRUE(wait_for([&] { return race.status("finish-mat").resends == 1; }));
    EXPECT_EQ(count_where(race, "SELECT count(DISTINCT device_seq) FROM reads"), 80);
    expect_each_read_once(race);
}

TEST(ServiceChronoTrack, GarbageIsCountedLoggedAndTheConnectionStaysUp) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    dev.send_read(1, "CT0001", "07:25:00.00");
    dev.peer.send(std::string("garbage\r\n\x01\xff\xfe\r\nCT01_33~x~finish~C~07:00:00.00\r\n", 46));
    dev.send_read(2, "CT0002", "07:26:00.00");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 2; })) << race.log_text();
    EXPECT_TRUE(wait_for([&] { return race.status("finish-mat").parse_errors == 3; }))
        << race.status("finish-mat").parse_errors;
    EXPECT_TRUE(race.logged("\"garbage\""));
    EXPECT_TRUE(race.logged("\"\\x01\\xff\\xfe\"")) << race.log_text();
    // Same connection, still taking reads.
    dev.send_read(3, "CT0003", "07:27:00.00");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 3; }));
    EXPECT_FALSE(dev.peer.closed_by_peer());
    expect_each_read_once(race);
}

TEST(ServiceChronoTrack, OverlongLineClosesOnlyThatConnection) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto bad = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    auto good = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    bad.peer.send(std::string(5000, 'A'));
    EXPECT_TRUE(bad.peer.wait_closed());
    EXPECT_TRUE(race.logged("longer than 4096 bytes"));
    good.send_read(1, "CT0001", "07:25:00.00");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 1; }));
    expect_each_read_once(race);
}

TEST(ServiceChronoTrack, ReaderConnectingTwiceStoresEachReadOnceAndTheCapHolds) {
    ServedRace race(listening_reader("finish-mat", "chronotrack",
                                     "timing_point = \"finish\"\nmax_connections = 2\n"));
    race.start();
    auto a = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    auto b = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    for (int i = 1; i <= 20; ++i) {
        a.send_read(i, fmt::format("C{}", i), "07:40:00.00");
        b.send_read(i, fmt::format("C{}", i), "07:40:00.00");
    }
    ASSERT_TRUE(wait_for([&] { return race.status("finish-mat").resends + race.count("reads") == 40; }))
        << race.log_text();
    EXPECT_EQ(race.count("reads"), 20);
    EXPECT_EQ(race.status("finish-mat").peers.size(), 2u);
    // A third device on another address is refused (a reconnect from the same address would
    // replace the oldest: connection_limits_test).
    auto third = TcpPeer::connect_from("127.0.0.2", race.port("finish-mat"));
    EXPECT_TRUE(third.wait_closed());
    EXPECT_TRUE(race.logged("max_connections = 2"));
    expect_each_read_once(race);
}

TEST(ServiceMylaps, AcknowledgesOnlyCommittedPassingsAndStoresRetransmitsOnce) {
    ServedRace race(listening_reader("start-mat", "mylaps"));
    race.start();
    auto dev = MylapsDevice::connect(race.port("start-mat"));
    std::vector<std::vector<std::string>> messages;
    for (int m = 1; m <= 20; ++m) {
        std::vector<std::string> passings;
        for (int p = 0; p < 5; ++p)
            passings.push_back(MylapsDevice::passing(fmt::format("CT{:04}", p + 1),
                                                     fmt::format("07:{:02}:{:02}.100", 20 + m, p)));
        messages.push_back(passings);
        ASSERT_TRUE(dev.send(m, passings));
        ASSERT_EQ(dev.read_ack(), m);
        // The acknowledgement promises durability: the passings are in the file already.
        for (const auto& p : passings) EXPECT_EQ(race.stored_raw(dev.stored_raw(p)), 1) << p;
    }
    // Acknowledgements lost: the system resends messages 5-10.
    for (int m = 5; m <= 10; ++m) {
        ASSERT_TRUE(dev.send(m, messages[static_cast<std::size_t>(m - 1)]));
        EXPECT_EQ(dev.read_ack(), m);
    }
    EXPECT_EQ(race.count("reads"), 100);
    EXPECT_TRUE(wait_for([&] { return race.status("start-mat").resends == 30; }));
    dev.peer.send("10KM@Ping@$");
    EXPECT_EQ(dev.peer.read_until("$"), "FinishLine@AckPing@$");
    expect_each_read_once(race);
}

TEST(ServiceMylaps, QuietConnectionIsClosedAfterTheIdleTimeout) {
    ServedRace race(listening_reader("start-mat", "mylaps",
                                     "timing_point = \"start\"\nidle_timeout = \"00:00:01\"\n"));
    race.start();
    auto dev = MylapsDevice::connect(race.port("start-mat"));
    EXPECT_TRUE(dev.peer.wait_closed());
    EXPECT_TRUE(race.logged("idle_timeout 1.0 s"));
}

TEST(ServiceRaceResult, PollsResumesAfterADropAndStoresEachPassingOnce) {
    RaceResultDecoder decoder("07:29:58.000");
    for (int i = 1; i <= 20; ++i) {
        if (i % 2)
            decoder.add(fmt::format("CT{:04};0000-00-00;07:3{}:{:02}.500;6692;12;-68;09ca52", i % 5 + 1, i / 10, i));
        else
            decoder.add(fmt::format("CT{:04};0000-00-00;07:3{}:{:02}.500;6692;40;-60;ff;1;2;3;0;77;3.1;21;0;Box;1;2;B9",
                                    i % 5 + 1, i / 10, i));
    }
    decoder.drop_after_fetches(1);  // the first fetch is cut half way, then the line drops
    ServedRace race(fmt::format("[[readers]]\nname = \"decoder\"\nprotocol = \"raceresult\"\n"
                                "connect = \"127.0.0.1:{}\"\ntiming_point = \"finish\"\n"
                                "poll_interval = \"00:00:00.050\"\n",
                                decoder.port()));
    race.start();
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 20; })) << race.log_text();
    EXPECT_GE(decoder.connections(), 2);
    EXPECT_GE(race.count("clock_syncs"), 1);
    EXPECT_TRUE(race.status("decoder").clock_offset.has_value());
    // The second session resumed after what the first one stored, not from 1.
    const auto requests = decoder.requests();
    int sessions = 0;
    std::vector<std::string> fetches;
    for (const auto& r : requests) {
        if (r.starts_with("SETPROTOCOL")) ++sessions;
        else if (sessions == 2 && r.find(':') != std::string::npos) fetches.push_back(r);
    }
    ASSERT_FALSE(fetches.empty());
    EXPECT_NE(fetches.front(), "1:20") << "resumed from the start instead of the last stored passing";
    // New passings are picked up by polling.
    const auto later = decoder.add("CT0003;0000-00-00;07:45:00.000;6692;9;-70;09ca52");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 21; }));
    EXPECT_EQ(race.stored_raw(later), 1);
    EXPECT_EQ(count_where(race, "SELECT count(DISTINCT device_seq) FROM reads"), 21);
    expect_each_read_once(race);
}

TEST(ServiceBibScan, ScannedBibsAndTimedLinesBecomeEntries) {
    ServedRace race(listening_reader("scanner", "bibscan", ""));
    race.start();
    auto scanner = TcpPeer::connect(race.port("scanner"));
    scanner.send("1\r2\n3\r\n4 07:31:00.250\r\n");
    ASSERT_TRUE(wait_for([&] { return race.count("entries") == 4; })) << race.log_text();
    scanner.send("4 07:31:00.250\r\n5\r\n");  // the timed line resent by a bridge: stored once
    ASSERT_TRUE(wait_for([&] { return race.count("entries") == 5; }));
    const auto entries = race.file().entries();
    EXPECT_EQ(entries[0].kind, timing::EntryKind::scan);
    EXPECT_EQ(entries[3].kind, timing::EntryKind::finish);
    EXPECT_EQ(entries[3].source, "reader scanner");
    EXPECT_EQ(entries[4].bib, "5");
    EXPECT_TRUE(wait_for([&] { return race.status("scanner").resends == 1; }));
}

TEST(ServiceMarshal, TokenFirstThenEveryLineAnsweredAfterItsCommit) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"),
                    "listen = \"127.0.0.1:0\"\ntoken = \"s3cret-finish-line\"\n");
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "1"), "ERR authenticate first: send AUTH <token>");
    EXPECT_TRUE(marshal_reply(m, "AUTH nope").starts_with("ERR wrong token"));
    EXPECT_EQ(marshal_reply(m, "AUTH s3cret-finish-line"), "OK authenticated");
    EXPECT_EQ(marshal_reply(m, "1 07:31:00.5"), "OK E1 finish 1 07:31:00.500");
    EXPECT_TRUE(marshal_reply(m, "TAP").starts_with("OK E2 tap "));
    EXPECT_EQ(marshal_reply(m, "START 5K A 07:00:00"), "OK E3 gun 5K A 07:00:00.000");
    EXPECT_EQ(marshal_reply(m, "START 5K 07:00:01"), "OK E4 gun 5K 07:00:01.000");
    EXPECT_EQ(marshal_reply(m, "DQ 2 cut the course"), "OK C1 dq 2 cut the course");
    EXPECT_EQ(marshal_reply(m, "DNF 999"), "ERR no participant with bib 999: check the bib, or import them first");
    EXPECT_EQ(marshal_reply(m, "UNDO E2"), "OK C2 undo E2");
    EXPECT_EQ(marshal_reply(m, "UNDO C1"), "OK C3 undo C1");
    EXPECT_EQ(marshal_reply(m, "UNDO C42"), "ERR no correction C42 in the race file");
    EXPECT_EQ(marshal_reply(m, "IGNORE 77"), "ERR no read R77 in the race file");
    EXPECT_EQ(marshal_reply(m, "ASSIGN CT0099 3"), "OK C4 assign_chip CT0099 3");
    EXPECT_EQ(marshal_reply(m, "EDIT 4 name=Dan Walker"), "OK C5 edit 4 name=Dan Walker");
    EXPECT_EQ(marshal_reply(m, "DEADHEAT 1 5"), "OK C6 dead_heat 1 5");
    EXPECT_EQ(marshal_reply(m, "PREFER MANUAL 1"), "OK C7 prefer_manual 1");
    EXPECT_EQ(marshal_reply(m, "MOVE 1 07:31:01"), "OK C8 move_finish 1 07:31:01.000");
    EXPECT_EQ(marshal_reply(m, "GUN 5K B 07:05:02"), "OK C9 set_gun 5K B 07:05:02.000");
    EXPECT_EQ(marshal_reply(m, "77 07:40:00"), "OK E5 finish 77 07:40:00.000 (bib 77 is not registered)");
    EXPECT_TRUE(marshal_reply(m, "what now please").starts_with("ERR \"what now please\" is not a bib or a command"));
    EXPECT_TRUE(marshal_reply(m, "12 noon").starts_with("ERR \"noon\" is not a time"));
    // Pipelined lines are answered in order.
    m.send("2 07:32:00\r\nbogus bogus bogus\r\n3 07:33:00\r\n");
    EXPECT_EQ(m.read_line(), "OK E6 finish 2 07:32:00.000");
    EXPECT_TRUE(m.read_line().value_or("").starts_with("ERR"));
    EXPECT_EQ(m.read_line(), "OK E7 finish 3 07:33:00.000");
    m.send("STATUS\r\n");
    EXPECT_TRUE(m.read_line().value_or("").starts_with("STATUS finish-mat chronotrack listen=127.0.0.1:"));
    EXPECT_EQ(m.read_line(), "OK status 1 reader(s)");
    EXPECT_EQ(marshal_reply(m, "QUIT"), "OK bye");
    EXPECT_TRUE(m.wait_closed());

    EXPECT_EQ(race.count("entries"), 7);
    EXPECT_EQ(race.count("corrections"), 9);
    const auto corrections = race.file().corrections();
    EXPECT_EQ(corrections[1].kind, timing::CorrectionKind::undo);
    EXPECT_EQ(corrections[1].entry_id, 2);
    EXPECT_EQ(corrections[2].target_id, 1);
    EXPECT_EQ(corrections[0].who.rfind("marshal 127.0.0.1:", 0), 0u);
}

TEST(ServiceMarshal, WrongTokensCloseAndLongLinesClose) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"),
                    "listen = \"127.0.0.1:0\"\ntoken = \"s3cret-finish-line\"\n");
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    for (int i = 0; i < 5; ++i) m.send("AUTH guess\r\n");
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(m.read_line().value_or("").starts_with("ERR wrong token"));
    EXPECT_TRUE(m.wait_closed());

    auto l = TcpPeer::connect(race.marshal_port());
    l.send(std::string(5000, '1'));
    EXPECT_EQ(l.read_line(), "ERR a line longer than 4096 bytes: closing the connection");
    EXPECT_TRUE(l.wait_closed());
    EXPECT_EQ(race.count("entries"), 0);
}

TEST(ServiceMarshal, InProcessLinesTakeTheSamePath) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto ask = [&](std::string line) {
        std::promise<std::string> reply;
        auto answer = reply.get_future();
        race.service().submit_marshal_line(std::move(line), [&](std::string r) { reply.set_value(std::move(r)); });
        EXPECT_EQ(answer.wait_for(patience), std::future_status::ready);
        return answer.get();
    };
    EXPECT_EQ(ask("2 07:32:00"), "OK E1 finish 2 07:32:00.000");
    EXPECT_EQ(ask("DNF 3"), "OK C1 dnf 3");
    EXPECT_EQ(ask("DNF 33"), "ERR no participant with bib 33: check the bib, or import them first");
    EXPECT_TRUE(ask("STATUS").ends_with("\r\nOK status 1 reader(s)"));
    const auto entries = race.file().entries();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].source, "gui");
}

TEST(ServiceStandings, ChipFinishesReachThePublishedSnapshot) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    const auto before = race.service().standings();
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "START 5K A 07:00:00"), "OK E1 gun 5K A 07:00:00.000");
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    dev.send_read(1, "CT0001", "07:25:00.00");
    dev.send_read(2, "CT0099", "07:26:00.00");  // nobody wears it
    ASSERT_TRUE(wait_for([&] {
        const auto s = race.service().standings();
        const auto* row = s->find_bib("1");
        return row && row->runner->finish.has_value();
    })) << race.log_text();
    const auto now = race.service().standings();
    EXPECT_NE(now, before) << "a new snapshot was published";
    EXPECT_EQ(now->find_bib("1")->runner->gun_time, std::chrono::minutes{25});
    EXPECT_TRUE(wait_for([&] { return race.logged("chip CT0099 belongs to no participant"); }));
    expect_each_read_once(race);
}

TEST(ServiceLimits, PeersOutsideTheAllowListAreRefused) {
    ServedRace race(listening_reader("finish-mat", "chronotrack",
                                     "timing_point = \"finish\"\nallow = [\"10.1.2.3\"]\n"));
    race.start();
    auto peer = TcpPeer::connect(race.port("finish-mat"));
    peer.send("SimpleClient~1.0~CTP01\r\nCT01_33~1~finish~CT0001~07:25:00.00~0~X~1\r\n");
    EXPECT_TRUE(peer.wait_closed());
    EXPECT_TRUE(race.logged("not in this reader's allow list"));
    EXPECT_EQ(race.count("reads"), 0);
}

TEST(ServiceLimits, ASecondServiceOnTheSameRaceIsRefused) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    try {
        ingest::Service second(race.path());
        FAIL() << "a second service started";
    } catch (const ingest::Error& e) {
        EXPECT_NE(std::string(e.what()).find("already running"), std::string::npos) << e.what();
    }
}

TEST(ServiceLimits, APortInUseIsAClearError) {
    TcpListener taken;
    ServedRace race(fmt::format("[[readers]]\nname = \"finish-mat\"\nprotocol = \"chronotrack\"\n"
                                "listen = \"127.0.0.1:{}\"\ntiming_point = \"finish\"\n",
                                taken.port()));
    try {
        ingest::Service service(race.path());
        FAIL() << "bound a port that is taken";
    } catch (const ingest::Error& e) {
        EXPECT_NE(std::string(e.what()).find(fmt::format("finish-mat: cannot listen on 127.0.0.1:{}", taken.port())),
                  std::string::npos)
            << e.what();
    }
}

TEST(ServiceRestart, ContinuesWhereItStopped) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    {
        auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
        for (int i = 1; i <= 10; ++i) dev.send_read(i, fmt::format("C{}", i), "07:30:00.00");
        ASSERT_TRUE(wait_for([&] { return race.count("reads") == 10; }));
        race.stop();
        EXPECT_TRUE(dev.peer.wait_closed());
    }
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    EXPECT_EQ(dev.start_command, "start~finish~10");
    for (int i = 10; i <= 20; ++i) dev.send_read(i, fmt::format("C{}", i), "07:30:00.00");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 20; }));
    EXPECT_TRUE(wait_for([&] { return race.status("finish-mat").reads_today == 20; }))
        << "reads today counts the earlier run: " << race.status("finish-mat").reads_today;
    expect_each_read_once(race);
}

TEST(ServiceLimits, AFullCommitQueueSlowsReadersDownWithoutLosingAnything) {
    ServedRace race(listening_reader("mat-1", "chronotrack") + listening_reader("mat-2", "chronotrack"));
    ingest::ServiceOptions options;
    options.queue_capacity = 8;  // far below what the readers send at once
    race.start(std::move(options));
    auto a = ChronoTrackDevice::greeting_first(race.port("mat-1"));
    auto b = ChronoTrackDevice::greeting_first(race.port("mat-2"));
    std::string burst_a, burst_b;
    for (int i = 1; i <= 3000; ++i) {
        burst_a += ChronoTrackDevice::read_line_for(i, fmt::format("A{}", i), "07:30:00.00") + "\r\n";
        burst_b += ChronoTrackDevice::read_line_for(i, fmt::format("B{}", i), "07:30:00.00") + "\r\n";
    }
    std::thread other([&] { b.peer.send(burst_b); });
    a.peer.send(burst_a);
    other.join();
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 6000; })) << race.count("reads");
    EXPECT_EQ(count_where(race, "SELECT count(*) FROM reads WHERE reader_id = (SELECT id FROM readers WHERE name = 'mat-2')"), 3000);
    expect_each_read_once(race);
}

TEST(ServiceStandings, ParticipantsImportedWhileServingAreScored) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    dev.send_read(1, "CT0042", "07:25:00.00");  // a late registration's chip, unknown yet
    ASSERT_TRUE(wait_for([&] { return race.logged("chip CT0042 belongs to no participant"); }));
    {
        timing::RaceFile file(race.path());  // another program: `finishline import`
        timing::import_participants_csv(file, "bib,name,wave,chip\n42,Late Entry,A,CT0042\n", "late.csv");
    }
    EXPECT_TRUE(wait_for([&] {
        const auto* row = race.service().standings()->find_bib("42");
        return row && row->runner->finish.has_value();
    })) << race.log_text();
    EXPECT_TRUE(race.logged("participants changed in the race file (6 now)"));
}

// A demo or rehearsal runs the service on the simulator's scaled race clock: everything timed
// "on receipt" (bib scans, marshal taps, chip reads' receive times, status) is in race time,
// not wall-clock time.
TEST(ServiceClock, ReceiptTimesComeFromTheServiceClock) {
    ServedRace race(listening_reader("scanner", "bibscan", "") + listening_reader("finish-mat", "chronotrack"));
    const auto calendar = race.file().config().calendar();
    const auto origin = calendar.at_local(std::chrono::hours{7} + std::chrono::minutes{31});
    ingest::ServiceOptions options;
    options.clock = timing::Clock(origin, 30.0);
    race.start(options);
    const auto& clock = options.clock;

    auto scanner = TcpPeer::connect(race.port("scanner"));
    scanner.send("1\r\n");
    ASSERT_TRUE(wait_for([&] { return race.count("entries") == 1; })) << race.log_text();
    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_TRUE(marshal_reply(m, "TAP").starts_with("OK E2 tap 07:3"));
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    dev.send_read(1, "CT0002", "07:32:00.00");
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 1; })) << race.log_text();
    const auto until = clock.now();

    const auto entries = race.file().entries();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].kind, timing::EntryKind::scan);
    EXPECT_EQ(entries[1].kind, timing::EntryKind::tap);
    const auto reads = race.file().reads();
    ASSERT_EQ(reads.size(), 1u);
    // On the scaled clock (30 s of race time per second), within the test's run, on race day:
    // the wall clock is years away from 2014-04-12.
    for (const auto t : {entries[0].time, entries[1].time, reads[0].receive_time}) {
        EXPECT_GE(t, origin) << calendar.local_time(t);
        EXPECT_LE(t, until) << calendar.local_time(t);
    }
    EXPECT_LE(entries[0].time, entries[1].time);
    // The status is updated once the commit is answered, just after the rows are visible.
    ASSERT_TRUE(wait_for([&] { return race.status("finish-mat").last_read.has_value(); }));
    const auto status = race.status("finish-mat");
    EXPECT_EQ(*status.last_read, reads[0].receive_time);
    EXPECT_EQ(status.reads_today, 1);

    // Restarted on race day, "reads today" counts from that day's midnight (the wall clock's
    // today holds none of these reads).
    race.stop();
    ingest::ServiceOptions again;
    again.clock = timing::Clock(calendar.at_local(std::chrono::hours{9}), 30.0);
    race.start(again);
    EXPECT_EQ(race.status("finish-mat").reads_today, 1);
}
