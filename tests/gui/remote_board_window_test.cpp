// `finishline board --mqtt`: the real command in a real window (xvfb-run), over a real
// mosquitto. The standings are a hand-written message published by the test as the finish
// would (README "Results at other sites"). Skips, saying why, only when no display opens.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <tuple>
#include <string>

#include <gtest/gtest.h>
#include <stb_image.h>

#include "tests/ingest/mosquitto_broker.hpp"
#include "tests/ingest/mqtt_subscriber.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/support/temp_dir.hpp"

namespace fl::gui {
namespace {

struct Shot {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    int count(int r, int g, int b, int tolerance) const {
        int n = 0;
        for (std::size_t i = 0; i + 2 < rgb.size(); i += 3)
            n += std::abs(rgb[i] - r) <= tolerance && std::abs(rgb[i + 1] - g) <= tolerance &&
                 std::abs(rgb[i + 2] - b) <= tolerance;
        return n;
    }
};

Shot load(const std::string& path) {
    Shot p;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &p.width, &p.height, &channels, 3);
    if (!data) return p;
    p.rgb.assign(data, data + static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height) * 3);
    stbi_image_free(data);
    return p;
}

struct Run {
    int code = -1;
    std::string err;
};

Run board_screenshot(const test::TempDir& dir, const std::string& broker, const std::string& png,
                     const std::string& extra = "") {
    const auto err = dir.file("board-stderr.txt");
    const auto cmd = fmt::format("'{}' board --mqtt {} --race e2e-5k-20140412 {} --screenshot '{}' --frames 3 2>'{}'",
                                 FL_BINARY, broker, extra, png, err);
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(err);
    r.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return r;
}

// Colours of gui/theme.hpp: the accent (race name, clocks) and the warning of the notice.
constexpr int accent[3] = {255, 214, 0};
constexpr int warn[3] = {255, 158, 0};

TEST(BoardCommand, ShowsTheStandingsPublishedForTheRace) {
    test::TempDir dir;
    test::MosquittoBroker broker(dir.file("broker"));
    test::MqttSubscriber finish(broker.address(), {});
    ASSERT_TRUE(finish.wait_connected());
    finish.publish("finishline/e2e-5k-20140412/standings",
                   R"({"race":"E2E 5K","date":"2014-04-12","timezone":"America/Toronto","display":"seconds",)"
                   R"("version":3,"events":[{"name":"5K","distance_m":5000,"gun_us":1397300400000000,)"
                   R"("counts":{"entered":5,"started":2,"finished":2,"dns":3},"top":[)"
                   R"({"bib":"2","name":"Bob Runner","category":"M40-44","place":1,"time":"0:20:00",)"
                   R"("time_us":1199010000},{"bib":"1","name":"Ann Runner","category":"F30-34","place":2,)"
                   R"("time":"0:21:14","time_us":1273400000}],"latest":[{"bib":"1","name":"Ann Runner",)"
                   R"("place":2,"time_us":1273400000},{"bib":"2","name":"Bob Runner","place":1,)"
                   R"("time_us":1199010000}]}]})",
                   true);
    const auto png = dir.file("board.png");
    const auto run = board_screenshot(dir, broker.address(), png);
    if (run.code == 1 && run.err.find("cannot open the board window") != std::string::npos)
        GTEST_SKIP() << "no display: " << run.err;
    ASSERT_EQ(run.code, 0) << run.err;
    const auto p = load(png);
    ASSERT_EQ(p.width, 1280);
    ASSERT_EQ(p.height, 800);
    // The board, not the waiting screen: the race name, the clock and the headings in yellow,
    // the names in white; no warning band.
    EXPECT_GT(p.count(accent[0], accent[1], accent[2], 30), 2000);
    EXPECT_GT(p.count(255, 255, 255, 30), 1000);
    EXPECT_LT(p.count(warn[0], warn[1], warn[2], 20), 50);
}

// A hosted broker: TLS with the broker's CA and a user with a password, on both sides (the
// finish's [mqtt] and the board's options); the standings come from a real finish.
TEST(BoardCommand, ShowsAFinishThroughABrokerWithTlsAndAPassword) {
    test::TempDir dir;
    test::MosquittoBroker broker(dir.file("broker"), true, test::BrokerSecurity{});
    test::ServedRace race(fmt::format("[mqtt]\nbroker = \"{}\"\nusername = \"km5\"\npassword = \"course-secret-5\"\n"
                                      "tls_ca = \"{}\"\n",
                                      broker.address(), broker.ca_file()));
    race.start();
    auto marshal = test::TcpPeer::connect(race.marshal_port());
    marshal.send("2 07:19:59.010\r\n");
    ASSERT_EQ(marshal.read_line(), "OK E1 finish 2 07:19:59.010");
    ASSERT_TRUE(test::wait_for([&] { return race.logged("results-mqtt: connected to broker"); })) << race.log_text();
    const auto png = dir.file("tls.png");
    const auto run = board_screenshot(dir, broker.address(), png,
                                      fmt::format("--username km5 --password course-secret-5 --tls-ca '{}'",
                                                  broker.ca_file()));
    if (run.code == 1 && run.err.find("cannot open the board window") != std::string::npos)
        GTEST_SKIP() << "no display: " << run.err;
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_NE(run.err.find("board: connected to broker"), std::string::npos) << run.err;
    const auto p = load(png);
    ASSERT_EQ(p.width, 1280);
    EXPECT_GT(p.count(accent[0], accent[1], accent[2], 30), 2000);
    EXPECT_LT(p.count(warn[0], warn[1], warn[2], 20), 50);
}

TEST(BoardCommand, SaysSoWhenTheBrokerCannotBeReached) {
    test::TempDir dir;
    const auto port = test::free_loopback_port();  // nobody listens there
    const auto png = dir.file("down.png");
    const auto run = board_screenshot(dir, fmt::format("127.0.0.1:{}", port), png);
    if (run.code == 1 && run.err.find("cannot open the board window") != std::string::npos)
        GTEST_SKIP() << "no display: " << run.err;
    ASSERT_EQ(run.code, 0) << run.err;
    // The log says why on stderr; the window says it in the warning colour.
    EXPECT_NE(run.err.find("not reachable"), std::string::npos) << run.err;
    const auto p = load(png);
    ASSERT_EQ(p.width, 1280);
    EXPECT_GT(p.count(warn[0], warn[1], warn[2], 20), 500);
    EXPECT_LT(p.count(accent[0], accent[1], accent[2], 30), 50);
}

TEST(BoardCommand, RefusesABadBrokerOrRaceId) {
    test::TempDir dir;
    const auto out = dir.file("out.txt");
    auto run = [&](const std::string& args) {
        const int status = std::system(fmt::format("'{}' board {} 2>'{}'", FL_BINARY, args, out).c_str());
        std::ifstream in(out);
        return std::pair{WEXITSTATUS(status),
                         std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())};
    };
    auto [code, text] = run("--mqtt nowhere --race r1");
    EXPECT_EQ(code, 1);
    EXPECT_EQ(text, "finishline: error: --mqtt \"nowhere\": expected the broker as host:port (e.g. "
                    "broker.example.org:1883)\n");
    std::tie(code, text) = run("--mqtt 127.0.0.1:1883 --race 'a/#'");
    EXPECT_EQ(code, 1);
    EXPECT_EQ(text, "finishline: error: --race \"a/#\": expected a race id of letters, digits, '-' or '_' (as "
                    "'finishline status' shows it at the finish, e.g. pycon-5k-fun-run-20260503)\n");
}

}  // namespace
}  // namespace fl::gui
