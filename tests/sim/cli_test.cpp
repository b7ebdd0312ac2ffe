// `finishline simulate` as a user runs it: the built binary, real files, real sockets.
#include <sys/wait.h>

#include <fstream>
#include <future>
#include <set>

#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tests/sim/peer.hpp"
#include "timing/csv.hpp"
#include "timing/text.hpp"

namespace fl::sim {
namespace {

using namespace std::chrono_literals;

struct Run {
    int code = -1;
    std::string out, err;
};

Run finishline(const test::TempDir& dir, const std::string& args) {
    const auto out = (dir.path / "stdout.txt").string(), err = (dir.path / "stderr.txt").string();
    const int status = std::system(fmt::format("cd '{}' && '{}' {} >'{}' 2>'{}'", dir.path.string(), FL_BINARY, args, out, err).c_str());
    return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, test::slurp(out), test::slurp(err)};
}

const std::string example = FL_SOURCE_DIR "/examples/race.toml";

TEST(SimulateCommand, WritesParticipantsThatImportIntoARaceFile) {
    test::TempDir dir;
    auto r = finishline(dir, fmt::format("simulate --config '{}' --participants 250 --seed 9 --write-participants runners.csv", example));
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "wrote 250 participants to runners.csv (next: finishline import RACE.db runners.csv)\n");
    ASSERT_EQ(finishline(dir, fmt::format("init race.db --config '{}'", example)).code, 0);
    r = finishline(dir, "import race.db runners.csv");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("imported runners.csv: 250 added")) << r.out;
}

TEST(SimulateCommand, PlaysARaceToABibScannerPortAndExitsZero) {
    test::TempDir dir;
    test::Listener service;
    auto run = std::async(std::launch::async, [&] {
        return finishline(dir, fmt::format("simulate --config '{}' --participants 30 --protocol bibscan --to 127.0.0.1:{} "
                                           "--speed 5000 --progress 0.2 --missed 0",
                                           example, service.port()));
    });
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    const auto bytes = peer.read_to_end();
    peer.close();
    const auto r = run.get();
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("simulate: bibscan (bibscan) connecting to 127.0.0.1:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("| bibscan: "), std::string::npos) << "progress lines: " << r.out;
    const auto sent = std::count_if(bytes.begin(), bytes.end(), [](char c) { return c == '\r' || c == '\n'; });
    EXPECT_GT(sent, 25);
    EXPECT_NE(r.out.find("records sent"), std::string::npos) << r.out;
}

TEST(SimulateCommand, ExitsOneWhenTheServiceNeverAcknowledges) {
    test::TempDir dir;
    test::Listener service;
    auto run = std::async(std::launch::async, [&] {
        return finishline(dir, fmt::format("simulate --config '{}' --participants 5 --protocol mylaps --to 127.0.0.1:{} "
                                           "--location finish --speed 20000 --progress 0 --final-wait 0.5",
                                           example, service.port()));
    });
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    ASSERT_EQ(peer.read_until("$"), "finish@Pong@$");
    peer.send("Test@AckPong@Version2.1@$");  // then never acknowledges a passing
    const auto r = run.get();
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("were never acknowledged by 127.0.0.1:"), std::string::npos) << r.err;
}

TEST(SimulateCommand, UsageMistakesExitTwoWithTheReason) {
    test::TempDir dir;
    auto r = finishline(dir, "simulate --participants 10 --protocol chronotrack --to 127.0.0.1:1");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--config race.toml or --race RACE.db"), std::string::npos) << r.err;
    r = finishline(dir, fmt::format("simulate --config '{}' --participants 10 --protocol raceresult --to 127.0.0.1:3601", example));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("give --listen"), std::string::npos) << r.err;
    r = finishline(dir, fmt::format("simulate --config '{}' --participants 10 --protocol ChronoTrack --to 127.0.0.1:1", example));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("expected chronotrack, raceresult, mylaps or bibscan"), std::string::npos) << r.err;
    r = finishline(dir, fmt::format("simulate --config '{}' --participants 10 --protocol mylaps --reader finish-mat", example));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no mylaps reader 'finish-mat' in the config"), std::string::npos) << r.err;
    r = finishline(dir, fmt::format("simulate --config '{}' --participants 10 --reader nowhere", example));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no reader 'nowhere' in the config (readers: finish-mat, start-mat)"), std::string::npos) << r.err;
    r = finishline(dir, fmt::format("simulate --config '{}' --participants missing.csv", example));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("cannot read 'missing.csv'"), std::string::npos) << r.err;
}


// A course with a remote site (issue 15): `--site SITE.db` plays that site's readers too, at
// the addresses its race file gives, with the same runners. Both "services" here are
// listeners speaking ChronoTrack's side of the handshake; the race is 20 runners with nothing
// missed, no strays and nobody dropping out, so every runner's chip must reach both mats.
std::string course_toml(const std::string& name, std::uint16_t finish_port) {
    return fmt::format(R"([race]
name = "{}"
date = "2026-06-07"
timezone = "UTC"
[[events]]
name = "10K"
distance_m = 10000
start = "09:00:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "5k"
role = "split"
distance_m = 5000
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 10000
[mqtt]
broker = "127.0.0.1:1883"
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:{}"
timing_point = "finish"
)",
                       name, finish_port);
}

std::string site_toml(const std::string& name, std::uint16_t finish_port, std::uint16_t site_port) {
    auto t = course_toml(name, finish_port);
    t.resize(t.find("[[readers]]"));  // the finish's reader is not the site's
    return t + fmt::format("[site]\nname = \"km5\"\n[[readers]]\nname = \"km5-mat\"\nprotocol = \"chronotrack\"\n"
                           "listen = \"127.0.0.1:{}\"\ntiming_point = \"5k\"\n",
                           site_port);
}

// Takes one ChronoTrack connection: greeting, start, then every read line until it closes.
std::vector<std::string> chronotrack_reads(test::Listener& service) {
    auto peer = service.accept();
    if (!peer.valid()) return {};
    if (!peer.read_until("\r\n")) return {};
    peer.send("FinishLine~0.1~7\r\nstream-mode=push\r\ntime-format=normal\r\nguntimes=true\r\n"
              "newlocations=true\r\nconnection-id=false\r\nlocation=single\r\npushmode-ack=true\r\n");
    peer.send("start\r\n");
    std::vector<std::string> reads;
    while (auto line = peer.read_until("\r\n"))
        if (line->starts_with("CT01_33~")) reads.push_back(*line);
    return reads;
}

TEST(SimulateCommand, PlaysTheReadersOfARemoteSiteToo) {
    test::TempDir dir;
    test::Listener finish, site;
    {
        std::ofstream(dir.path / "finish.toml") << course_toml("River 10K", finish.port());
        std::ofstream(dir.path / "site.toml") << site_toml("River 10K", finish.port(), site.port());
    }
    ASSERT_EQ(finishline(dir, "init finish.db --config finish.toml").code, 0);
    auto r = finishline(dir, "init site.db --config site.toml");
    ASSERT_EQ(r.code, 0) << r.err;
    auto run = std::async(std::launch::async, [&] {
        return finishline(dir, "simulate --race finish.db --site site.db --participants 20 --missed 0 --stray 0 "
                               "--dns 0 --dnf 0 --speed 5000 --progress 0 --final-wait 1");
    });
    auto at_site = std::async(std::launch::async, [&] { return chronotrack_reads(site); });
    const auto at_finish = chronotrack_reads(finish);
    const auto site_reads = at_site.get();
    r = run.get();
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find(fmt::format("simulate: km5-mat (chronotrack) connecting to 127.0.0.1:{}", site.port())),
              std::string::npos)
        << r.out;
    // Each mat reports its own timing point, and every one of the 20 runners at each.
    auto chips = [](const std::vector<std::string>& lines, const std::string& point) {
        std::set<std::string> out;
        for (const auto& l : lines) {
            const auto f = timing::split(l, '~');
            EXPECT_EQ(f.at(2), point) << l;
            if (f.at(3) == "newlocation") continue;  // the mat announcing its location, not a read
            out.insert(std::string(f.at(3)));
        }
        return out;
    };
    // The runners' chips, as the same seed writes them (a runner may wear more than one).
    ASSERT_EQ(finishline(dir, "simulate --race finish.db --participants 20 --write-participants runners.csv").code, 0);
    std::set<std::string> worn;
    const auto csv = timing::parse_csv(test::slurp((dir.path / "runners.csv").string()), "runners.csv");
    const auto chip_column = static_cast<std::size_t>(
        std::find(csv.at(0).fields.begin(), csv.at(0).fields.end(), "chip") - csv.at(0).fields.begin());
    for (std::size_t i = 1; i < csv.size(); ++i)
        for (const auto c : timing::split(csv[i].fields.at(chip_column), ';')) worn.insert(std::string(c));
    EXPECT_EQ(csv.size(), 21u);
    EXPECT_EQ(chips(site_reads, "5k"), worn);
    EXPECT_EQ(chips(at_finish, "finish"), worn);
    EXPECT_NE(r.out.find(fmt::format("km5-mat (chronotrack to 127.0.0.1:{}): {} records sent", site.port(),
                                     site_reads.size())),
              std::string::npos)
        << r.out;
}

TEST(SimulateCommand, RefusesASiteFileOfAnotherRaceOrNoSiteAtAll) {
    test::TempDir dir;
    {
        std::ofstream(dir.path / "finish.toml") << course_toml("River 10K", 1);
        std::ofstream(dir.path / "other.toml") << site_toml("Lake 10K", 1, 2);
    }
    ASSERT_EQ(finishline(dir, "init finish.db --config finish.toml").code, 0);
    ASSERT_EQ(finishline(dir, "init other.db --config other.toml").code, 0);
    auto r = finishline(dir, "simulate --race finish.db --site other.db --participants 5");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("other.db is site km5 of race lake-10k-20260607, not of this race (river-10k-20260607)"),
              std::string::npos)
        << r.err;
    r = finishline(dir, "simulate --race finish.db --site finish.db --participants 5");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("finish.db is not a site's race file (no [site] in its config)"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fl::sim
