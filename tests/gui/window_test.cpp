// The real window: GLFW + OpenGL 3.3 core (Mesa under xvfb-run), over a real Service on a real
// race file. Keys go in through the same callbacks GLFW calls; pictures come out of the GL
// framebuffer. Skips, saying why, only when no display can be opened.
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <stb_image.h>

#include "gui/app.hpp"
#include "gui/error.hpp"
#include "gui/service_link.hpp"
#include "gui/window.hpp"
#include "ingest/service.hpp"
#include "tests/gui/sample_race.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/race_file.hpp"

namespace fl::gui {
namespace {

using namespace std::chrono;

struct Picture {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    // Pixels close to a colour (each channel within `tolerance`).
    bool is(std::size_t x, std::size_t y, int r, int g, int b, int tolerance) const {
        const auto* px = &rgb[(y * static_cast<std::size_t>(width) + x) * 3];
        return std::abs(px[0] - r) <= tolerance && std::abs(px[1] - g) <= tolerance &&
               std::abs(px[2] - b) <= tolerance;
    }
    // The tallest unbroken vertical run of a colour inside a box: the height of the strokes of
    // the text drawn in it.
    int tallest_run(int r, int g, int b, int x1, int y1) const {
        int best = 0;
        for (int x = 0; x < std::min(x1, width); ++x) {
            int run = 0;
            for (int y = 0; y < std::min(y1, height); ++y) {
                run = is(static_cast<std::size_t>(x), static_cast<std::size_t>(y), r, g, b, 40)
                          ? run + 1
                          : 0;
                best = std::max(best, run);
            }
        }
        return best;
    }
    int count(int r, int g, int b, int tolerance = 40) const {
        int n = 0;
        for (std::size_t i = 0; i + 2 < rgb.size(); i += 3)
            if (std::abs(rgb[i] - r) <= tolerance && std::abs(rgb[i + 1] - g) <= tolerance &&
                std::abs(rgb[i + 2] - b) <= tolerance)
                ++n;
        return n;
    }
};

Picture load_png(const std::string& path) {
    Picture p;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &p.width, &p.height, &channels, 3);
    if (!data) return p;
    p.rgb.assign(data,
                 data + static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height) * 3);
    stbi_image_free(data);
    return p;
}

// A real race file with a real service on it.
class ServedSampleRace : public ::testing::Test {
protected:
    void SetUp() override {
        test::SampleOptions o;
        o.runners = 1000;
        test::write_sample_race(path_, dir_.path().string(), o);
        ingest::ServiceOptions so;
        so.log_sink = [](std::string_view) {};
        service_ = std::make_unique<ingest::Service>(path_, std::move(so));
        service_->start();
    }
    void TearDown() override {
        service_->stop();
        service_->wait();
    }

    test::TempDir dir_;
    std::string path_ = dir_.file("race.db");
    timing::Clock clock_;
    std::unique_ptr<ingest::Service> service_;
};

// ...and the window over it.
class WindowOnService : public ServedSampleRace {
protected:
    void SetUp() override {
        ServedSampleRace::SetUp();
        WindowOptions w;
        w.settings.view = View::both;
        try {
            window_ = std::make_unique<Window>(link_to(*service_), clock_, w);
        } catch (const Error& e) {
            GTEST_SKIP() << "no display for the window test: " << e.what();
        }
        for (int i = 0; i < 3; ++i) window_->frame();
    }
    void TearDown() override {
        window_.reset();
        ServedSampleRace::TearDown();
    }
    bool frames_until(const std::function<bool()>& done) {
        const auto give_up = steady_clock::now() + seconds{10};
        while (steady_clock::now() < give_up) {
            window_->frame();
            if (done()) return true;
            std::this_thread::sleep_for(milliseconds{5});
        }
        return false;
    }
    Picture shot(const std::string& name) {
        const auto png = dir_.file(name);
        window_->screenshot(png);
        return load_png(png);
    }

    std::unique_ptr<Window> window_;
};

TEST_F(WindowOnService, ScreenshotIsTheRenderedWindow) {
    const auto p = shot("both.png");
    ASSERT_EQ(p.width, 1280);
    ASSERT_EQ(p.height, 800);
    const int total = p.width * p.height;
    // High contrast: mostly black, white text, the yellow of the clocks and headings.
    EXPECT_GT(p.count(0, 0, 0, 10), total / 3);
    EXPECT_GT(p.count(255, 255, 255, 30), 2000);
    EXPECT_GT(p.count(255, 214, 0, 30), 2000);
    // The top rows are the top of the window (PNG rows are flipped from GL's bottom-up): the
    // race name in yellow heads the board.
    int accent_top = 0;
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 600; ++x) {
            const auto* px =
                &p.rgb[(static_cast<std::size_t>(y) * 1280 + static_cast<std::size_t>(x)) * 3];
            accent_top += std::abs(px[0] - 255) < 30 && std::abs(px[1] - 214) < 30 && px[2] < 40;
        }
    EXPECT_GT(accent_top, 100);
}

TEST_F(WindowOnService, KeysThroughTheGlfwCallbacksAreCommitted) {
    window_->app().hotkey(Hotkey::show_console);
    window_->frame();
    // A scanner: three characters and Enter pressed and released, all before the next frame.
    window_->character('1');
    window_->character('2');
    window_->character('3');
    window_->key(GLFW_KEY_ENTER, GLFW_PRESS);
    window_->key(GLFW_KEY_ENTER, GLFW_RELEASE);
    window_->character(' ');  // and a TAP on the empty box
    const auto& log = window_->app().console().log();
    ASSERT_TRUE(frames_until([&] { return log.items().size() == 2 && log.waiting() == 0; }));
    EXPECT_EQ(log.items()[1].line, "123");
    EXPECT_EQ(log.items()[0].line, "TAP");
    timing::RaceFile file(path_, timing::RaceFile::Access::read_only);
    int scans = 0, taps = 0;
    for (const auto& e : file.entries()) {
        if (e.source != "gui") continue;
        scans += e.kind == timing::EntryKind::scan && e.bib == "123";
        taps += e.kind == timing::EntryKind::tap;
    }
    EXPECT_EQ(scans, 1);
    EXPECT_EQ(taps, 1);
}

TEST_F(WindowOnService, BackspaceAndEscapeEditTheBibBox) {
    window_->app().hotkey(Hotkey::show_console);
    window_->character('4');
    window_->character('5');
    window_->key(GLFW_KEY_BACKSPACE, GLFW_PRESS);
    window_->key(GLFW_KEY_BACKSPACE, GLFW_RELEASE);
    window_->frame();
    EXPECT_EQ(window_->app().console().entry().text(), "4");
    window_->key(GLFW_KEY_ESCAPE, GLFW_PRESS);
    window_->frame();
    EXPECT_EQ(window_->app().console().entry().text(), "");
}

TEST_F(WindowOnService, CtrlPlusRedrawsTheTextLarger) {
    window_->app().hotkey(Hotkey::show_board);
    const auto small = shot("small.png");
    window_->key(GLFW_KEY_LEFT_CONTROL, GLFW_PRESS, GLFW_MOD_CONTROL);
    window_->key(GLFW_KEY_EQUAL, GLFW_PRESS, GLFW_MOD_CONTROL);
    window_->key(GLFW_KEY_EQUAL, GLFW_RELEASE, GLFW_MOD_CONTROL);
    window_->key(GLFW_KEY_EQUAL, GLFW_PRESS, GLFW_MOD_CONTROL);
    window_->key(GLFW_KEY_EQUAL, GLFW_RELEASE, GLFW_MOD_CONTROL);
    window_->key(GLFW_KEY_LEFT_CONTROL, GLFW_RELEASE, 0);
    window_->frame();
    EXPECT_FLOAT_EQ(window_->app().font_scale(), font_scale_step * font_scale_step);
    const auto large = shot("large.png");
    // The atlas was re-rasterised and uploaded: the strokes of the yellow race-clock digits
    // at the top of the board are taller by about the scale.
    const int before = small.tallest_run(255, 214, 0, 600, 250);
    const int after = large.tallest_run(255, 214, 0, 600, 250);
    EXPECT_GT(before, 30);
    EXPECT_GT(after, before * 1.2) << before << " -> " << after;
}

TEST_F(ServedSampleRace, AnIdleWindowWaitsInsteadOfSpinning) {
    WindowOptions o;
    o.settings.view = View::board;
    const auto deadline = steady_clock::now() + milliseconds{2500};
    o.should_close = [deadline] { return steady_clock::now() >= deadline; };
    std::unique_ptr<Window> w;
    try {
        w = std::make_unique<Window>(link_to(*service_), clock_, o);
    } catch (const Error& e) {
        GTEST_SKIP() << "no display for the window test: " << e.what();
    }
    EXPECT_EQ(w->run(), 0);
    // A first frame, a couple to settle, then the clock's tick once a second. A loop that
    // never waits would have drawn hundreds.
    EXPECT_GE(w->frames(), 3u);
    EXPECT_LE(w->frames(), 12u);
}

TEST(ServeCommand, GuiScreenshotWritesAPng) {
    test::TempDir dir;
    const auto race = dir.file("race.db");
    test::write_sample_race(race, dir.path().string(), {});
    const auto png = dir.file("board.png");
    const auto cmd =
        fmt::format("'{}' serve '{}' --gui --view board --screenshot '{}' --frames 3 2>'{}'",
                    FL_BINARY, race, png, dir.file("stderr.txt"));
    const int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    const int code = WEXITSTATUS(status);
    std::ifstream err(dir.file("stderr.txt"));
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    if (code == 1 && text.find("cannot open the board window") != std::string::npos)
        GTEST_SKIP() << "no display: " << text;
    ASSERT_EQ(code, 0) << text;
    const auto p = load_png(png);
    EXPECT_EQ(p.width, 1280);
    EXPECT_EQ(p.height, 800);
    EXPECT_GT(p.count(255, 214, 0, 30), 2000);
}

// The demo with a display opens the board and console window on the race it plays, and still
// writes the results when the window closes (here after a few frames, before the race is over).
TEST(DemoCommand, WithADisplayOpensTheWindowAndWritesTheResults) {
    test::TempDir dir;
    const auto png = dir.file("demo.png");
    const auto out = dir.file("demo"), log = dir.file("stdout.txt");
    const auto cmd = fmt::format("'{}' demo --runners 50 --speed 600 --out '{}' --screenshot '{}' --frames 5 "
                                 ">'{}' 2>&1",
                                 FL_BINARY, out, png, log);
    const int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (WEXITSTATUS(status) == 1 && text.find("cannot open the board window") != std::string::npos)
        GTEST_SKIP() << "no display: " << text;
    ASSERT_EQ(WEXITSTATUS(status), 0) << text;
    EXPECT_NE(text.find("opening the board and console window"), std::string::npos) << text;
    const auto p = load_png(png);
    EXPECT_EQ(p.width, 1280);
    EXPECT_EQ(p.height, 800);
    EXPECT_TRUE(std::filesystem::exists(out + "/results.csv")) << text;
    EXPECT_TRUE(std::filesystem::exists(out + "/awards.txt")) << text;
}

}  // namespace
}  // namespace fl::gui
