// The board's QR code of [web] public_url, in the real window (GLFW + OpenGL under xvfb-run)
// and through `finishline serve --gui --screenshot`, read back from the pixels by ZBar: what a
// phone pointed at the screen would read. Skips, saying why, only when no display can be opened.
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include "gui/app.hpp"
#include "gui/error.hpp"
#include "gui/service_link.hpp"
#include "gui/window.hpp"
#include "ingest/service.hpp"
#include "tests/gui/sample_race.hpp"
#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/zbar.hpp"

namespace fl::gui {
namespace {

using Codes = std::vector<std::string>;

const std::string url = "http://192.0.2.7:8080/";  // TEST-NET-1: never a real host
const std::string web = "listen = \"127.0.0.1:0\"\npublic_url = \"" + url + "\"";

// `finishline serve RACE --gui --screenshot` with `extra` options; the codes ZBar reads in
// the picture. Empty optional: no display.
std::optional<Codes> serve_screenshot(const test::TempDir& dir, const std::string& race,
                                      const std::string& extra) {
    const auto png = dir.file("shot.png"), err = dir.file("stderr.txt");
    const auto cmd = fmt::format("'{}' serve '{}' --gui --screenshot '{}' --frames 3 {} 2>'{}'",
                                 FL_BINARY, race, png, extra, err);
    const int status = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(status));
    const auto text = test::slurp(err);
    if (WEXITSTATUS(status) == 1 && text.find("cannot open the board window") != std::string::npos)
        return std::nullopt;
    EXPECT_EQ(WEXITSTATUS(status), 0) << text;
    return test::read_qr_codes(dir, png);
}

TEST(BoardQrCode, TheServedBoardScansToThePublicUrl) {
    test::TempDir dir;
    const auto race = dir.file("race.db");
    test::SampleOptions o;
    o.web = web;
    test::write_sample_race(race, dir.path().string(), o);

    const auto board = serve_screenshot(dir, race, "--view board");
    if (!board) GTEST_SKIP() << "no display for the window test";
    EXPECT_EQ(*board, Codes{url});
    // Beside the latest finishers when the board shares the window with the console.
    EXPECT_EQ(serve_screenshot(dir, race, "--view both"), Codes{url});
    // Started hidden: no code anywhere on the screen.
    EXPECT_EQ(serve_screenshot(dir, race, "--view board --no-qr"), Codes{});
}

TEST(BoardQrCode, NoWebSectionNoCode) {
    test::TempDir dir;
    const auto race = dir.file("race.db");
    test::write_sample_race(race, dir.path().string(), {});
    const auto board = serve_screenshot(dir, race, "--view board");
    if (!board) GTEST_SKIP() << "no display for the window test";
    EXPECT_EQ(*board, Codes{});
}

TEST(BoardQrCode, F4HidesAndShowsIt) {
    test::TempDir dir;
    const auto race = dir.file("race.db");
    test::SampleOptions o;
    o.web = web;
    test::write_sample_race(race, dir.path().string(), o);
    ingest::ServiceOptions so;
    so.log_sink = [](std::string_view) {};
    ingest::Service service(race, std::move(so));
    service.start();
    timing::Clock clock;
    {
        WindowOptions w;
        w.settings.view = View::board;
        std::unique_ptr<Window> window;
        try {
            window = std::make_unique<Window>(link_to(service), clock, w);
        } catch (const Error& e) {
            service.stop();
            service.wait();
            GTEST_SKIP() << "no display for the window test: " << e.what();
        }
        const auto shot = [&](const std::string& name) {
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{10};
            do {
                window->frame();
                std::this_thread::sleep_for(std::chrono::milliseconds{5});
            } while (!window->app().settled() && std::chrono::steady_clock::now() < give_up);
            window->frame();
            const auto png = dir.file(name);
            window->screenshot(png);
            return test::read_qr_codes(dir, png);
        };
        EXPECT_EQ(shot("shown.png"), Codes{url});
        // About 200 px at font scale 1, as README says.
        EXPECT_GE(window->app().board().qr_drawn(), 160.0f);
        EXPECT_LE(window->app().board().qr_drawn(), 200.0f);
        window->key(GLFW_KEY_F4, GLFW_PRESS);
        window->key(GLFW_KEY_F4, GLFW_RELEASE);
        EXPECT_EQ(shot("hidden.png"), Codes{});
        EXPECT_EQ(window->app().board().qr_drawn(), 0.0f);
        window->key(GLFW_KEY_F4, GLFW_PRESS);
        window->key(GLFW_KEY_F4, GLFW_RELEASE);
        EXPECT_EQ(shot("again.png"), Codes{url});
    }
    service.stop();
    service.wait();
}

}  // namespace
}  // namespace fl::gui
