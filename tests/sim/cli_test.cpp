// `finishline simulate` as a user runs it: the built binary, real files, real sockets.
#include <sys/wait.h>

#include <future>

#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tests/sim/peer.hpp"

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

}  // namespace
}  // namespace fl::sim
