// `finishline serve --log FILE --log-max-mb N` and `--insecure` as a user runs them: the real
// binary, real sockets, the log file on disk.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/ingest/child_process.hpp"
#include "tests/ingest/tcp_peer.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/race_file.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono_literals;

namespace {

std::string race_toml(std::string_view marshal) {
    return fmt::format(R"([race]
name = "Serve Guard Test"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
[[timing_points]]
name = "finish"
role = "finish"
[marshal]
{})",
                       marshal);
}

struct Race {
    TempDir dir;
    std::string path = dir.file("race.db");
    explicit Race(std::string_view marshal) {
        timing::RaceFile::init(path, race_toml(marshal), "race.toml", dir.path().string());
    }
};

std::uintmax_t size_of(const std::string& path) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : n;
}

}  // namespace

// 60 peers each send 12 refused lines (10 logged each: the burst), about 60 KB of log against
// a cap of 10 KiB: the log rotates, FILE and FILE.1 each stay under the cap, the oldest lines
// are gone, and nothing of the log goes to stderr.
TEST(ServeGuard, LogFileIsRotatedBySizeAndNeverGrowsPastTwiceTheCap) {
    Race race("listen = \"127.0.0.1:0\"\n");
    const auto log = race.dir.file("service.log");
    const auto err = race.dir.file("serve.err");
    ChildProcess child({FL_BINARY, "serve", race.path, "--log", log, "--log-max-mb", "0.01"},
                       race.dir.file("serve.out"), err);
    const auto ports = served_ports(log);
    ASSERT_TRUE(ports.contains("marshal")) << slurp(err);
    const auto marshal = ports.at("marshal");
    const std::uintmax_t cap = 10485;  // 0.01 MiB
    for (int host = 2; host < 62; ++host) {
        auto m = TcpPeer::connect_from(fmt::format("127.0.0.{}", host).c_str(), marshal);
        std::string lines;
        for (int i = 0; i < 12; ++i) lines += fmt::format("no such command number {}\r\n", i);
        m.send(lines);
        for (int i = 0; i < 12; ++i) ASSERT_TRUE(m.read_line().value_or("").starts_with("ERR")) << host;
        EXPECT_LE(size_of(log), cap);
        EXPECT_LE(size_of(log + ".1"), cap);
    }
    child.signal(SIGTERM);
    EXPECT_EQ(child.wait(), 0) << slurp(err);
    EXPECT_LE(size_of(log), cap);
    EXPECT_LE(size_of(log + ".1"), cap);
    EXPECT_GT(size_of(log + ".1"), cap / 2);  // it was rotated when full
    EXPECT_FALSE(std::filesystem::exists(log + ".2"));
    EXPECT_EQ((slurp(log) + slurp(log + ".1")).find("service: serving"), std::string::npos);
    EXPECT_NE((slurp(log + ".1") + slurp(log)).find("service: stopped"), std::string::npos) << slurp(log);
    const auto stderr_text = slurp(err);
    EXPECT_NE(stderr_text.find("logging to " + log), std::string::npos) << stderr_text;
    EXPECT_EQ(stderr_text.find("listening on"), std::string::npos) << stderr_text;
}

TEST(ServeGuard, AnOpenMarshalPortWithoutATokenIsRefusedUnlessInsecure) {
    Race race("listen = \"0.0.0.0:0\"\n");
    const auto refused = run_command({FL_BINARY, "serve", race.path}, race.dir.path().string());
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("refusing to listen on 0.0.0.0:0 without a token"), std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("token = "), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--insecure"), std::string::npos) << refused.err;

    const auto err = race.dir.file("insecure.err");
    ChildProcess child({FL_BINARY, "serve", race.path, "--insecure"}, race.dir.file("insecure.out"), err);
    ASSERT_TRUE(wait_for([&] { return slurp(err).find("service: serving") != std::string::npos; }))
        << slurp(err);
    EXPECT_NE(slurp(err).find("marshal: listening on 0.0.0.0:"), std::string::npos) << slurp(err);
    child.signal(SIGTERM);
    EXPECT_EQ(child.wait(), 0) << slurp(err);
}
