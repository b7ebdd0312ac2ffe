// `finishline serve` and `finishline status` as a user runs them: a child process, real
// sockets, SIGTERM in the middle of a stream, a restart, a second serve on the same race.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/ingest/child_process.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

using namespace fl;
using namespace fl::test;

namespace {

const std::string race_toml = R"([race]
name = "Serve Test"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
[[timing_points]]
name = "finish"
role = "finish"
[[readers]]
name = "finish-mat"
protocol = "mylaps"
listen = "127.0.0.1:0"
timing_point = "finish"
[marshal]
listen = "127.0.0.1:0"
token = "s3cret-finish-line"
)";

struct Race {
    TempDir dir;
    std::string path = dir.file("race.db");
    Race() {
        auto file = timing::RaceFile::init(path, race_toml, "race.toml", dir.path().string());
        timing::import_participants_csv(file, "bib,name,chip\n1,Ann,CT0001\n2,Bob,CT0002\n", "p.csv");
    }
    std::int64_t stored(std::string_view raw) const {
        timing::RaceFile f(path, timing::RaceFile::Access::read_only);
        auto st = f.db().prepare("SELECT count(*) FROM reads WHERE raw = ?");
        st.bind(1, raw);
        return st.step() ? st.column_int64(0) : -1;
    }
};

// A running `finishline serve`, with the ports it bound read from its log.
struct Served {
    std::string err_path;
    std::unique_ptr<ChildProcess> child;
    std::map<std::string, std::uint16_t> ports;

    Served(const Race& race, const std::string& tag) : err_path(race.dir.file(tag + ".err")) {
        child = std::make_unique<ChildProcess>(
            std::vector<std::string>{FL_BINARY, "serve", race.path}, race.dir.file(tag + ".out"), err_path);
        ports = served_ports(err_path);
        if (ports.empty()) throw std::runtime_error("serve did not start: " + slurp(err_path));
    }
    std::string log() const { return slurp(err_path); }
};

}  // namespace

TEST(ServeCommand, SigtermMidStreamKeepsEveryAcknowledgedReadAndARestartContinues) {
    Race race;
    std::map<int, std::vector<std::string>> sent;
    std::set<int> acked;
    const auto message_for = [](int m) {
        std::vector<std::string> passings;
        for (int p = 0; p < 10; ++p)
            passings.push_back(MylapsDevice::passing(fmt::format("CT{:04}", p % 2 + 1),
                                                     fmt::format("07:{:02}:{:02}.{:03}", 20 + m / 60, m % 60, p)));
        return passings;
    };
    {
        Served served(race, "first");
        auto dev = MylapsDevice::connect(served.ports.at("finish-mat"));
        auto marshal = TcpPeer::connect(served.ports.at("marshal"));
        marshal.send("AUTH s3cret-finish-line\r\n1 07:31:00.5\r\n");
        EXPECT_EQ(marshal.read_line(), "OK authenticated");
        EXPECT_EQ(marshal.read_line(), "OK E1 finish 1 07:31:00.500");

        bool signalled = false;
        for (int m = 1; m < 100'000 && !dev.peer.closed_by_peer(); ++m) {
            sent[m] = message_for(m);
            if (!dev.send(m, sent[m])) break;
            // Keep a window of unacknowledged messages in flight, like a real system.
            while (sent.size() - acked.size() > 20) {
                const auto ack = dev.read_ack();
                if (!ack) break;
                acked.insert(*ack);
            }
            if (!signalled && acked.size() >= 30) {
                served.child->signal(SIGTERM);  // mid-stream
                signalled = true;
            }
        }
        ASSERT_TRUE(signalled) << served.log();
        while (const auto ack = dev.read_ack()) acked.insert(*ack);  // until the service closes
        EXPECT_EQ(served.child->wait(), 0) << served.log();
        EXPECT_NE(served.log().find("SIGTERM received"), std::string::npos);
        EXPECT_NE(served.log().find("stopped:"), std::string::npos);
    }
    ASSERT_GE(acked.size(), 30u);
    for (const auto m : acked)
        for (const auto& p : sent[m]) EXPECT_EQ(race.stored("10KM@" + p), 1) << "acknowledged message " << m;

    // Restarted, the system resends what was never acknowledged; each passing is stored once.
    Served again(race, "second");
    auto dev = MylapsDevice::connect(again.ports.at("finish-mat"));
    int resent = 0;
    for (const auto& [m, passings] : sent) {
        if (acked.count(m)) continue;
        ASSERT_TRUE(dev.send(m, passings));
        EXPECT_EQ(dev.read_ack(), m);
        ++resent;
    }
    EXPECT_GT(resent, 0) << "the stream was not cut mid-way";
    for (const auto& [m, passings] : sent)
        for (const auto& p : passings) EXPECT_EQ(race.stored("10KM@" + p), 1) << "message " << m;
    timing::RaceFile f(race.path, timing::RaceFile::Access::read_only);
    EXPECT_EQ(f.count("entries"), 1);
    again.child->signal(SIGTERM);
    EXPECT_EQ(again.child->wait(), 0) << again.log();
}

TEST(ServeCommand, SecondServeIsRefusedAndStatusShowsTheRunningService) {
    Race race;
    {
        Served served(race, "first");
        auto dev = MylapsDevice::connect(served.ports.at("finish-mat"));
        dev.send(1, {MylapsDevice::passing("CT0001", "07:25:00.000")});
        EXPECT_EQ(dev.read_ack(), 1);

        const auto second = run_command({FL_BINARY, "serve", race.path}, race.dir.path().string());
        EXPECT_EQ(second.exit_code, 1);
        EXPECT_NE(second.err.find("already running"), std::string::npos) << second.err;

        const auto status = run_command({FL_BINARY, "status", race.path}, race.dir.path().string());
        EXPECT_EQ(status.exit_code, 0) << status.err;
        EXPECT_NE(status.out.find("finish-mat"), std::string::npos) << status.out;
        EXPECT_NE(status.out.find("mylaps"), std::string::npos) << status.out;
        EXPECT_NE(status.out.find(fmt::format("listen 127.0.0.1:{}", served.ports.at("finish-mat"))),
                  std::string::npos)
            << status.out;

        served.child->signal(SIGTERM);
        EXPECT_EQ(served.child->wait(), 0) << served.log();
    }
    const auto status = run_command({FL_BINARY, "status", race.path}, race.dir.path().string());
    EXPECT_EQ(status.exit_code, 1);
    EXPECT_NE(status.err.find("no service is running"), std::string::npos) << status.err;
}
