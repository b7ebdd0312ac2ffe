// A disk that fills during the race, rehearsed with a cap on the race file's size
// (JournalWriter::Options::max_page_count): nothing unstored is acknowledged, a person is
// told to free space, the service keeps running, and once space is back the devices' resends
// are stored.
#include <gtest/gtest.h>

#include "tests/badinput/catalogue.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono_literals;

namespace {

std::int64_t page_count(const std::string& path) {
    timing::RaceFile f(path, timing::RaceFile::Access::read_only);
    return f.db().pragma_int("page_count");
}

std::vector<std::string> passings(int first, int n) {
    std::vector<std::string> out;
    for (int i = first; i < first + n; ++i)
        out.push_back(MylapsDevice::passing(fmt::format("FILL{:05}", i),
                                            fmt::format("07:{:02}:{:02}.000", 20 + i / 60 % 30, i % 60)));
    return out;
}

}  // namespace

// Expected: with the disk full, device records are not acknowledged (the device keeps them),
// a marshal line gets "ERR not stored: the disk holding the race file is full: free disk
// space, then send it again", the log says the disk is full, STATUS still answers, nothing
// committed is lost; after a restart with space, the device's resend is stored once.
TEST(BadInputDisk, DiskThatFillsAcknowledgesNothingUnstoredAndRecovers) {
    const auto readers = listening_reader("mylaps-mat", "mylaps", "locations = { \"10KM\" = \"finish\" }\n");
    ServedRace race(readers);
    race.start();
    {
        auto dev = MylapsDevice::connect(race.port("mylaps-mat"));
        dev.send(1, passings(0, 20));
        ASSERT_EQ(dev.read_ack(), 1) << race.log_text();
    }
    race.stop();
    const auto before = Stored::in(race.path());
    ASSERT_EQ(before.reads, 20);

    // The file may not grow past its current size: the disk is full.
    ingest::ServiceOptions capped;
    capped.journal.max_page_count = page_count(race.path());
    race.start(std::move(capped));
    auto dev = MylapsDevice::connect(race.port("mylaps-mat"));
    const auto big = passings(100, 400);
    dev.send(2, big);
    EXPECT_TRUE(wait_for([&] { return race.logged("the disk holding the race file is full: free disk space"); }))
        << race.log_text();
    EXPECT_TRUE(race.logged("journal: commit failed (attempt 1, 400 record(s) waiting, nothing acknowledged)"))
        << race.log_text();
    EXPECT_EQ(dev.read_ack(500ms), std::nullopt);

    auto m = TcpPeer::connect(race.marshal_port());
    EXPECT_EQ(marshal_reply(m, "1 07:30:00"),
              "ERR not stored: the disk holding the race file is full: free disk space, then send it again");
    const auto status = marshal_reply(m, "STATUS");
    EXPECT_TRUE(status.starts_with("STATUS mylaps-mat mylaps")) << status;
    EXPECT_EQ(Stored::in(race.path()), before);
    EXPECT_EQ(race.service().task_failures(), 0u);

    // Space is back (no cap): the device reconnects and resends what was never acknowledged.
    dev.peer.abort();
    m.close();
    race.stop();
    EXPECT_TRUE(race.logged("record(s) NOT stored: devices resend them after a restart")) << race.log_text();
    EXPECT_EQ(Stored::in(race.path()), before);
    race.start();
    auto again = MylapsDevice::connect(race.port("mylaps-mat"));
    again.send(2, big);
    EXPECT_EQ(again.read_ack(), 2) << race.log_text();
    EXPECT_EQ(Stored::in(race.path()).reads, before.reads + 400);
    for (const auto& p : {big.front(), big.back()}) EXPECT_EQ(race.stored_raw(again.stored_raw(p)), 1);
    auto m2 = TcpPeer::connect(race.marshal_port());
    EXPECT_TRUE(marshal_reply(m2, "1 07:30:00").starts_with("OK E1 finish 1"));
}
