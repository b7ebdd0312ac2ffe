// Bad input from timing hardware, end to end: emulated devices on real loopback sockets, the
// real service and a real race file. Each case: what the service logs (naming the
// connection), that the service keeps taking reads, and that nothing stored is lost.
#include <gtest/gtest.h>

#include "results/exports.hpp"
#include "tests/badinput/catalogue.hpp"
#include "tests/ingest/parser_fixture.hpp"
#include "tests/support/run_finishline.hpp"
#include "timing/db.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono_literals;

namespace {

const std::string mylaps_extra = "locations = { \"10KM\" = \"finish\" }\n";
const std::string both_readers =
    listening_reader("finish-mat", "chronotrack") + listening_reader("mylaps-mat", "mylaps", mylaps_extra);

// The log line of one connection: "<reader> 127.0.0.1:<port>: <what>".
std::string conn_label(const ServedRace& race, std::string_view reader, const TcpPeer& peer) {
    (void)race;
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(peer.fd(), reinterpret_cast<sockaddr*>(&a), &len);
    return fmt::format("{} 127.0.0.1:{}", reader, ntohs(a.sin_port));
}

const timing::Read* find_read(const std::vector<timing::Read>& reads, std::string_view raw) {
    for (const auto& r : reads)
        if (r.raw == raw) return &r;
    return nullptr;
}

const results::FlaggedRead* flagged(const results::Standings& s, std::string_view chip) {
    for (const auto& f : *s.flagged_reads)
        if (f.chip == chip) return &f;
    return nullptr;
}

// A refused record as the race file holds it, read with SQL of its own (not the RaceFile API).
struct RefusedRow {
    std::string reader, raw, reason;
    std::int64_t received_us = 0;
};

std::vector<RefusedRow> refused_rows(const std::string& path) {
    timing::Connection db(path, timing::Connection::Mode::read_only);
    auto st = db.prepare("SELECT readers.name, refused_records.raw, refused_records.reason, "
                         "refused_records.received_us FROM refused_records JOIN readers ON "
                         "readers.id = refused_records.reader_id ORDER BY refused_records.id");
    std::vector<RefusedRow> out;
    while (st.step())
        out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_int64(3)});
    return out;
}

std::int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

// Expected: a ChronoTrack line over 4 KiB closes that connection only, logged with its address
// and the limit; another connection of the same reader keeps storing reads.
TEST(BadInputDevice, LineOverTheLimitClosesOnlyThatConnection) {
    ServedRace race(both_readers);
    race.start();
    auto good = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, good);
    const auto before = Stored::in(race.path());
    auto bad = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto label = conn_label(race, "finish-mat", bad.peer);
    bad.peer.send(std::string(5000, 'A'));
    EXPECT_TRUE(bad.peer.wait_closed());
    EXPECT_TRUE(wait_for([&] {
        return race.logged(label + ": a line longer than 4096 bytes without a line end");
    })) << race.log_text();
    const auto next = ChronoTrackDevice::read_line_for(2, "CT0002", "07:26:00.00");
    good.peer.send(next + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(next) == 1; })) << race.log_text();
    expect_nothing_lost(race, before, kept);
}

// Expected: a MYLAPS message over its 64 KiB limit (one message carries many passings) without
// its closing '$' closes that connection only, logged with its address; the passing sent
// before stays acknowledged and stored, and a new connection is acknowledged.
TEST(BadInputDevice, MylapsMessageOverItsLimitClosesOnlyThatConnection) {
    ServedRace race(both_readers);
    race.start();
    auto dev = MylapsDevice::connect(race.port("mylaps-mat"));
    const auto p1 = MylapsDevice::passing("CT0001", "07:25:00.000");
    dev.send(1, {p1});
    ASSERT_EQ(dev.read_ack(), 1) << race.log_text();
    const auto before = Stored::in(race.path());
    const auto label = conn_label(race, "mylaps-mat", dev.peer);
    dev.peer.send("10KM@Passing@" + std::string(70'000, 'x'));
    EXPECT_TRUE(dev.peer.wait_closed());
    EXPECT_TRUE(race.logged(label + ": a message longer than 65536 bytes without its closing '$'"))
        << race.log_text();
    auto again = MylapsDevice::connect(race.port("mylaps-mat"));
    again.send(2, {MylapsDevice::passing("CT0002", "07:26:00.000")});
    EXPECT_EQ(again.read_ack(), 2) << race.log_text();
    expect_nothing_lost(race, before, dev.stored_raw(p1));
}

// Expected: binary garbage between ChronoTrack reads is logged as malformed (bytes shown as
// \xNN, with the connection), counted, and stored as a refused record with its exact bytes
// (never as a read); the same connection keeps storing reads.
TEST(BadInputDevice, BinaryGarbageIsStoredRefusedAndTheConnectionStaysUp) {
    ServedRace race(both_readers);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, dev);
    const auto before = Stored::in(race.path());
    const auto label = conn_label(race, "finish-mat", dev.peer);
    dev.peer.send(std::string("\x01\xff\xfe\x00\x7f binary\r\n", 13));
    const auto next = ChronoTrackDevice::read_line_for(2, "CT0002", "07:26:00.00");
    dev.peer.send(next + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(next) == 1; })) << race.log_text();
    EXPECT_TRUE(wait_for([&] { return race.status("finish-mat").parse_errors == 1; }));
    EXPECT_TRUE(race.logged(label + ": malformed record #1 on this connection")) << race.log_text();
    EXPECT_TRUE(race.logged("\\x01\\xff\\xfe\\x00\\x7f binary")) << race.log_text();
    EXPECT_FALSE(dev.peer.closed_by_peer());
    EXPECT_EQ(Stored::in(race.path()).reads, before.reads + 1);
    const auto refused = refused_rows(race.path());
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reader, "finish-mat");
    EXPECT_EQ(refused[0].raw, std::string("\x01\xff\xfe\x00\x7f binary", 12));
    EXPECT_TRUE(refused[0].reason.starts_with("not a ChronoTrack line: expected CT01_33~seq~"))
        << refused[0].reason;
    expect_nothing_lost(race, before, kept);
}

// Expected: binary garbage ending in '$' on a MYLAPS connection is logged with the connection
// and stored as a refused record (not a read); the next message on the same connection is
// acknowledged.
TEST(BadInputDevice, BinaryGarbageOnMylapsIsLoggedAndTheNextMessageAcknowledged) {
    ServedRace race(both_readers);
    race.start();
    auto dev = MylapsDevice::connect(race.port("mylaps-mat"));
    const auto p1 = MylapsDevice::passing("CT0001", "07:25:00.000");
    dev.send(1, {p1});
    ASSERT_EQ(dev.read_ack(), 1);
    const auto before = Stored::in(race.path());
    const auto label = conn_label(race, "mylaps-mat", dev.peer);
    dev.peer.send(std::string("\x01\xff\xfe\x80garbage$", 12));
    const auto p2 = MylapsDevice::passing("CT0002", "07:26:00.000");
    dev.send(2, {p2});
    EXPECT_EQ(dev.read_ack(), 2) << race.log_text();
    EXPECT_TRUE(wait_for([&] { return race.logged(label + ": "); }));
    EXPECT_TRUE(race.logged("\\x01\\xff\\xfe\\x80garbage")) << race.log_text();
    EXPECT_EQ(race.stored_raw(dev.stored_raw(p2)), 1);
    EXPECT_EQ(Stored::in(race.path()).reads, before.reads + 1);
    const auto refused = refused_rows(race.path());
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].raw, std::string("\x01\xff\xfe\x80garbage", 11));
    EXPECT_EQ(refused[0].reason, "expected <location>@<type>@...@$");
    expect_nothing_lost(race, before, dev.stored_raw(p1));
}

// Expected: a ChronoTrack read with too few fields is logged as malformed with the fields
// expected ("CT01_33~seq~location~tag~time") and stored as refused, not as a read; the
// connection stays up.
TEST(BadInputDevice, WrongFieldCountIsMalformedAndNamesTheExpectedFields) {
    ServedRace race(both_readers);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, dev);
    const auto before = Stored::in(race.path());
    dev.peer.send("CT01_33~2~finish~CT0002\r\n");
    const auto next = ChronoTrackDevice::read_line_for(3, "CT0003", "07:27:00.00");
    dev.peer.send(next + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(next) == 1; })) << race.log_text();
    EXPECT_TRUE(race.logged(conn_label(race, "finish-mat", dev.peer) +
                            ": malformed record #1 on this connection (a tag read needs at least 5 "
                            "fields (CT01_33~seq~location~tag~time), got 4), stored as refused: "
                            "\"CT01_33~2~finish~CT0002\""))
        << race.log_text();
    EXPECT_EQ(Stored::in(race.path()).reads, before.reads + 1);
    const auto refused = refused_rows(race.path());
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].raw, "CT01_33~2~finish~CT0002");
    EXPECT_EQ(refused[0].reason, "a tag read needs at least 5 fields "
                                 "(CT01_33~seq~location~tag~time), got 4");
    expect_nothing_lost(race, before, kept);
}

// Expected: a MYLAPS passing missing its chip field is logged ("a passing without a chip
// (c=...)") and stored as refused with its location; the message is acknowledged (its other
// passings are stored as reads).
TEST(BadInputDevice, MylapsPassingWithoutItsChipFieldIsMalformed) {
    ServedRace race(both_readers);
    race.start();
    auto dev = MylapsDevice::connect(race.port("mylaps-mat"));
    const auto p1 = MylapsDevice::passing("CT0001", "07:25:00.000");
    dev.send(1, {p1});
    ASSERT_EQ(dev.read_ack(), 1);
    const auto before = Stored::in(race.path());
    const auto good = MylapsDevice::passing("CT0002", "07:26:00.000");
    dev.send(2, {"t=07:26:01.000|ct=UH|d=140412|l=1", good});
    EXPECT_EQ(dev.read_ack(), 2) << race.log_text();
    EXPECT_TRUE(race.logged("a passing without a chip (c=...) or marker (mt=...)")) << race.log_text();
    EXPECT_EQ(race.stored_raw(dev.stored_raw(good)), 1);
    EXPECT_EQ(Stored::in(race.path()).reads, before.reads + 1);
    const auto refused = refused_rows(race.path());
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].raw, "10KM@t=07:26:01.000|ct=UH|d=140412|l=1");
    expect_nothing_lost(race, before, dev.stored_raw(p1));
}

// Expected: a MYLAPS message cut off by a dropped connection is neither stored nor
// acknowledged; the device resends it after reconnecting and it is stored once.
TEST(BadInputDevice, TruncatedRecordIsNotStoredUntilTheDeviceResendsIt) {
    ServedRace race(both_readers);
    race.start();
    auto first = MylapsDevice::connect(race.port("mylaps-mat"));
    const auto p1 = MylapsDevice::passing("CT0001", "07:25:00.000");
    first.send(1, {p1});
    ASSERT_EQ(first.read_ack(), 1);
    const auto before = Stored::in(race.path());
    const auto p2 = MylapsDevice::passing("CT0002", "07:26:00.000");
    const auto whole = first.message(2, {p2});
    const auto label = conn_label(race, "mylaps-mat", first.peer);
    first.peer.send(whole.substr(0, whole.size() / 2));
    first.peer.abort();
    EXPECT_TRUE(wait_for([&] { return race.logged(label + ": disconnected"); })) << race.log_text();
    EXPECT_EQ(race.stored_raw(first.stored_raw(p2)), 0);
    auto again = MylapsDevice::connect(race.port("mylaps-mat"));
    again.send(2, {p2});
    EXPECT_EQ(again.read_ack(), 2);
    EXPECT_EQ(race.stored_raw(again.stored_raw(p2)), 1);
    expect_nothing_lost(race, before, first.stored_raw(p1));
}

// Expected: a time like 25:61:00 is logged as unreadable with the read's sequence; the read
// is stored flagged "bad time" (never dropped, never scored) and listed by the results.
TEST(BadInputDevice, TimeOutOfRangeIsStoredFlaggedAndLogged) {
    ServedRace race(both_readers);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, dev);
    const auto before = Stored::in(race.path());
    const auto bad = ChronoTrackDevice::read_line_for(2, "CT0002", "25:61:00");
    dev.peer.send(bad + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(bad) == 1; })) << race.log_text();
    EXPECT_TRUE(race.logged(conn_label(race, "finish-mat", dev.peer) +
                            ": time \"25:61:00\" unreadable: read 2 stored and flagged"))
        << race.log_text();
    const auto reads = race.file().reads();
    const auto* r = find_read(reads, bad);
    ASSERT_NE(r, nullptr);
    EXPECT_FALSE(r->device_time.has_value());
    EXPECT_TRUE(r->flags & timing::read_flag_bad_time);
    const auto s = rescored(race.path());
    const auto* f = flagged(*s, "CT0002");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->reason, "bad time");
    EXPECT_EQ(f->reader, "finish-mat");
    EXPECT_FALSE(s->find_bib("2")->runner->finish.has_value());
    expect_nothing_lost(race, before, kept);
}

// Expected: a negative time ("-00:00:05") is unreadable: logged, stored flagged "bad time",
// listed by the results, not scored; the connection keeps going.
TEST(BadInputDevice, NegativeTimeIsStoredFlaggedAndLogged) {
    ServedRace race(both_readers);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, dev);
    const auto before = Stored::in(race.path());
    const auto bad = ChronoTrackDevice::read_line_for(2, "CT0002", "-00:00:05");
    dev.peer.send(bad + "\r\n");
    const auto next = ChronoTrackDevice::read_line_for(3, "CT0003", "07:30:00.00");
    dev.peer.send(next + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(next) == 1; })) << race.log_text();
    EXPECT_EQ(race.stored_raw(bad), 1);
    EXPECT_TRUE(race.logged("time \"-00:00:05\" unreadable: read 2 stored and flagged")) << race.log_text();
    const auto s = rescored(race.path());
    const auto* f = flagged(*s, "CT0002");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->reason, "bad time");
    expect_nothing_lost(race, before, kept);
}

// Expected: a passing dated years ahead (a reader whose date is wrong) is stored flagged
// "impossible time", logged with the connection and "check the reader's clock", listed by the
// results and not scored; it is still acknowledged (stored).
TEST(BadInputDevice, FarFutureTimeIsStoredFlaggedAndLogged) {
    ServedRace race(both_readers);
    race.start();
    auto dev = MylapsDevice::connect(race.port("mylaps-mat"));
    const auto p1 = MylapsDevice::passing("CT0001", "07:25:00.000");
    dev.send(1, {p1});
    ASSERT_EQ(dev.read_ack(), 1);
    const auto before = Stored::in(race.path());
    const std::string future = "t=07:26:00.000|c=CT0002|ct=UH|d=301231|l=1|dv=4";
    dev.send(2, {future});
    EXPECT_EQ(dev.read_ack(), 2) << race.log_text();
    EXPECT_TRUE(race.logged(conn_label(race, "mylaps-mat", dev.peer) + ": read \"10KM@" + future +
                            "\" is timed more than 24 h from the race day: stored and flagged, "
                            "not scored (check the reader's clock and date)"))
        << race.log_text();
    const auto s = rescored(race.path());
    const auto* f = flagged(*s, "CT0002");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->reason, "impossible time");
    EXPECT_FALSE(s->find_bib("2")->runner->finish.has_value());
    expect_nothing_lost(race, before, dev.stored_raw(p1));
}

// Expected: a reader clock that jumps back mid-race (07:26 → 02:00 → 07:27) loses nothing:
// every read is stored with the time the device sent, in arrival order, and the resume point
// is still the highest sequence; a step inside the race day cannot be told from a real read,
// so it is not flagged (the timer sets the reader's clock_offset), and scoring ignores the
// 02:00 read (before the gun).
TEST(BadInputDevice, ReaderClockThatJumpsLosesNothing) {
    ServedRace race(both_readers);
    race.start();
    std::vector<std::string> raws;
    {
        auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
        raws.push_back(commit_first_read(race, dev, 1, "CT0001", "07:26:00.00"));
        for (auto [seq, chip, time] : {std::tuple{2, "CT0002", "02:00:00.00"},
                                       std::tuple{3, "CT0005", "07:27:00.00"}}) {
            raws.push_back(ChronoTrackDevice::read_line_for(seq, chip, time));
            dev.peer.send(raws.back() + "\r\n");
        }
        ASSERT_TRUE(wait_for([&] { return race.status("finish-mat").reads_today == 3; })) << race.log_text();
        dev.peer.abort();
    }
    const auto reads = race.file().reads();
    ASSERT_EQ(reads.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(reads[i].raw, raws[i]);
    EXPECT_EQ(reads[1].device_time, utc(2014, 4, 12, 6, 0, 0));  // 02:00 EDT
    EXPECT_EQ(reads[1].flags, 0u);
    auto again = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    EXPECT_EQ(again.start_command, "start~finish~3");
    const auto s = rescored(race.path());
    EXPECT_FALSE(s->find_bib("2")->runner->finish.has_value());
    EXPECT_EQ(s->find_bib("5")->runner->finish, utc(2014, 4, 12, 11, 27, 0));
}

// Expected: a read at 23:59:59.90 in a race whose gun is at 22:00 belongs to the race date
// (not flagged) and scores as a finish of 1:59:59.9 gun time.
TEST(BadInputDevice, ReadJustBeforeMidnightBelongsToTheRaceDate) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), "listen = \"127.0.0.1:0\"\n",
                    night_race_head);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto raw = commit_first_read(race, dev, 1, "CT0001", "23:59:59.90");
    const auto r = race.file().reads().at(0);
    EXPECT_EQ(r.raw, raw);
    EXPECT_EQ(r.device_time, utc(2014, 4, 13, 3, 59, 59, 900'000));  // 23:59:59.9 EDT on the 12th
    EXPECT_EQ(r.flags, 0u);
    const auto s = rescored(race.path());
    EXPECT_EQ(s->find_bib("1")->runner->gun_time, timing::Duration(2h - 100ms));
}

// Expected: a read at 00:00:00.50 after a 22:00 gun belongs to the next day (the midnight
// rule), is not flagged, and scores as 2:00:00.5 gun time.
TEST(BadInputDevice, ReadJustAfterMidnightBelongsToTheNextDay) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"), "listen = \"127.0.0.1:0\"\n",
                    night_race_head);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    commit_first_read(race, dev, 1, "CT0001", "00:00:00.50");
    const auto r = race.file().reads().at(0);
    EXPECT_EQ(r.device_time, utc(2014, 4, 13, 4, 0, 0, 500'000));  // 00:00:00.5 EDT on the 13th
    EXPECT_EQ(r.flags, 0u);
    const auto s = rescored(race.path());
    EXPECT_EQ(s->find_bib("1")->runner->gun_time, timing::Duration(2h + 500ms));
}

// Expected: a read of a chip nobody wears is stored and listed by the results as unassigned
// (chip, timing point, reader), so a marshal can ASSIGN it; other runners score as usual.
TEST(BadInputDevice, UnknownChipIsStoredAndListedAsUnassigned) {
    ServedRace race(both_readers);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, dev);
    const auto before = Stored::in(race.path());
    const auto unknown = ChronoTrackDevice::read_line_for(2, "ZZ9999", "07:26:00.00");
    dev.peer.send(unknown + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(unknown) == 1; })) << race.log_text();
    const auto s = rescored(race.path());
    ASSERT_EQ(s->unassigned_reads->size(), 1u);
    const auto& u = s->unassigned_reads->front();
    EXPECT_EQ(u.chip, "ZZ9999");
    EXPECT_EQ(u.timing_point, "finish");
    EXPECT_EQ(u.reader, "finish-mat");
    EXPECT_EQ(s->find_bib("1")->runner->status, results::Status::finished);
    expect_nothing_lost(race, before, kept);
}

// Expected: a read naming a location the reader's `locations` map lacks is stored flagged
// "unknown location" (kept for the timer to assign), listed by the results, not scored.
TEST(BadInputDevice, UnknownLocationIsStoredAndFlagged) {
    ServedRace race(listening_reader("finish-mat", "chronotrack", "locations = { finish = \"finish\" }\n"));
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, dev);
    const auto before = Stored::in(race.path());
    const auto odd = ChronoTrackDevice::read_line_for(2, "CT0002", "07:26:00.00", "middle");
    dev.peer.send(odd + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(odd) == 1; })) << race.log_text();
    const auto s = rescored(race.path());
    const auto* f = flagged(*s, "CT0002");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->reason, "unknown location");
    EXPECT_FALSE(s->find_bib("2")->runner->finish.has_value());
    expect_nothing_lost(race, before, kept);
}

// Expected: a device that reuses a sequence number for a different read (restarted with a
// new file) loses neither: the new read is stored under another key and logged as such.
TEST(BadInputDevice, SequenceReusedWithDifferentContentKeepsBothReads) {
    ServedRace race(both_readers);
    race.start();
    auto dev = ChronoTrackDevice::greeting_first(race.port("finish-mat"));
    const auto kept = commit_first_read(race, dev, 7, "CT0001", "07:25:00.00");
    const auto before = Stored::in(race.path());
    const auto other = ChronoTrackDevice::read_line_for(7, "CT0002", "07:26:00.00");
    dev.peer.send(other + "\r\n");
    EXPECT_TRUE(wait_for([&] { return race.stored_raw(other) == 1; })) << race.log_text();
    EXPECT_TRUE(race.logged("device sequence 7 arrived again with different content")) << race.log_text();
    EXPECT_EQ(Stored::in(race.path()).reads, before.reads + 1);
    expect_nothing_lost(race, before, kept);
}

// Expected (issue 11): a MYLAPS message of only bad passings is acknowledged only once their
// bytes are in the race file: when the AckPassing arrives, the file (read with SQL) holds each
// passing as received, with the reader, the time of receipt and why it was refused. After a
// restart they are still there, `finishline status` counts them and `finishline results
// --format json` lists them.
TEST(BadInputDevice, MylapsMessageOfOnlyBadPassingsIsAcknowledgedAfterItsBytesAreStored) {
    ServedRace race(both_readers);
    race.start();
    auto dev = MylapsDevice::connect(race.port("mylaps-mat"));
    const std::string no_chip = "t=07:26:01.000|ct=UH|d=140412|l=1";
    const std::string no_chip_either = "t=07:26:02.500|h=3";
    const auto sent_us = now_us();
    dev.send(5, {no_chip, no_chip_either});
    ASSERT_EQ(dev.read_ack(), 5) << race.log_text();
    const auto acked_us = now_us();
    // No waiting: the acknowledgement came after the commit, so the rows are there now.
    const auto refused = refused_rows(race.path());
    ASSERT_EQ(refused.size(), 2u) << race.log_text();
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(refused[i].reader, "mylaps-mat");
        EXPECT_EQ(refused[i].reason, "a passing without a chip (c=...) or marker (mt=...)");
        EXPECT_GE(refused[i].received_us, sent_us);
        EXPECT_LE(refused[i].received_us, acked_us);
    }
    EXPECT_EQ(refused[0].raw, "10KM@" + no_chip);
    EXPECT_EQ(refused[1].raw, "10KM@" + no_chip_either);
    EXPECT_EQ(race.count("reads"), 0);
    // The live standings list them too.
    ASSERT_TRUE(wait_for([&] {
        const auto s = race.service().standings();
        return s && s->refused && s->refused->size() == 2;
    }));

    // A restart keeps them (and stores nothing twice).
    race.stop();
    race.start();
    auto again = MylapsDevice::connect(race.port("mylaps-mat"));
    const auto good = MylapsDevice::passing("CT0001", "07:27:00.000");
    again.send(6, {good});
    ASSERT_EQ(again.read_ack(), 6);
    EXPECT_EQ(refused_rows(race.path()).size(), 2u);
    ASSERT_EQ(race.service().standings()->refused->size(), 2u);
    const auto status = run_finishline(race.dir(), {"status", race.path()});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_TRUE(has_text(status.out, "refused records: 2 stored as received (mylaps-mat 2): read "
                                     "them in the console's Refused records list"))
        << status.out;
    race.stop();

    const auto out = run_finishline(race.dir(), {"results", race.path(), "--format", "json"});
    ASSERT_EQ(out.exit_code, 0) << out.err;
    EXPECT_TRUE(has_text(out.out, R"("refused_records":[{"refused_id":1,"reader":"mylaps-mat","received":{"us":)"))
        << out.out;
    EXPECT_TRUE(has_text(out.out, R"x("raw":"10KM@t=07:26:02.500|h=3","reason":"a passing without a chip (c=...) or marker (mt=...)"})x"))
        << out.out;
    EXPECT_TRUE(has_text(out.out, R"(refused record X2 from reader mylaps-mat at )")) << out.out;
}

// Expected: a bib scanner line that is not a bib is stored as refused, as received; the next
// scan on the connection is stored.
TEST(BadInputDevice, BibScannerLineThatIsNotABibIsStoredRefused) {
    ServedRace race(listening_reader("scanner", "bibscan"));
    race.start();
    auto peer = TcpPeer::connect(race.port("scanner"));
    peer.send("12 25:61:00\r\n3\r\n");
    ASSERT_TRUE(wait_for([&] { return race.count("entries") == 1; })) << race.log_text();
    const auto refused = refused_rows(race.path());
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reader, "scanner");
    EXPECT_EQ(refused[0].raw, "12 25:61:00");
    EXPECT_EQ(refused[0].reason, "expected \"<bib>\" or \"<bib> HH:MM:SS.fff\"");
}

// Expected: a RACE RESULT passing with an empty transponder is stored as refused (once) and
// the decoder is not asked for it again; the passing before it is stored as a read.
TEST(BadInputDevice, RaceResultPassingWithoutTransponderIsStoredRefused) {
    RaceResultDecoder decoder;
    const auto good = decoder.add("CT0002;0000-00-00;07:31:01.500;6692;12;-68;09ca52");
    const auto bad = decoder.add(";0000-00-00;07:31:00.500;6692;12;-68;09ca52");
    ServedRace race(fmt::format("[[readers]]\nname = \"decoder\"\nprotocol = \"raceresult\"\n"
                                "connect = \"127.0.0.1:{}\"\ntiming_point = \"finish\"\n"
                                "poll_interval = \"00:00:00.050\"\n",
                                decoder.port()));
    race.start();
    ASSERT_TRUE(wait_for([&] { return race.stored_raw(good) == 1; })) << race.log_text();
    ASSERT_TRUE(wait_for([&] { return !refused_rows(race.path()).empty(); })) << race.log_text();
    // Several polls later: still one refused row, and passing 2 was never fetched on its own.
    const auto polls = [&] {
        int n = 0;
        for (const auto& r : decoder.requests()) n += r == "PASSINGS";
        return n;
    };
    const auto seen = polls();
    ASSERT_TRUE(wait_for([&] { return polls() >= seen + 4; }));
    const auto refused = refused_rows(race.path());
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reader, "decoder");
    EXPECT_EQ(refused[0].raw, bad);
    EXPECT_EQ(refused[0].reason, "the transponder field is empty");
    for (const auto& r : decoder.requests()) EXPECT_FALSE(r.starts_with("2:")) << r;
}
