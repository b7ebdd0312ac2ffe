// Names in every script through the real window (GLFW + OpenGL 3.3 under xvfb-run) over a real
// Service on a real race file: the atlas the window uploads holds every character of them, at
// the largest text size too. Skips, saying why, only when no display can be opened.
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

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

const std::vector<std::string> names = {
    "Amara Nguyễn", "Emily Phạm", "Łukasz Wróbel", "Jiří Dvořák", "Ayşe Yılmaz",
    "Γιώργος Παπαδόπουλος", "Дмитрий Иванов", "山田 太郎", "佐藤 さくら", "王小明", "김민준",
};

std::string missing_in(ImFont* font, std::string_view text) {
    std::string out;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        unsigned c = 0;
        p += ImTextCharFromUtf8(&c, p, end);
        if (c != ' ' && !font->FindGlyphNoFallback(static_cast<ImWchar>(c)))
            out += fmt::format("U+{:04X} ", c);
    }
    return out;
}

class InternationalRaceInAWindow : public ::testing::TestWithParam<float> {
protected:
    void SetUp() override {
        test::SampleOptions o;
        o.runners = 200;
        auto file = timing::RaceFile::init(path_, test::sample_toml(o), "sample.toml",
                                           dir_.path().string());
        auto ps = test::sample_participants(file.config(), o);
        for (std::size_t i = 0; i < names.size(); ++i) ps[i].name = names[i];
        timing::import_participants_csv(file, test::sample_participants_csv(ps), "sample.csv");
        const auto records = test::sample_records(file.config(), ps, o);
        {
            timing::Transaction tx(file.db());
            for (const auto& r : records.reads) file.append_read(r);
            for (const auto& e : records.entries) file.append_entry(e);
            tx.commit();
        }
        ingest::ServiceOptions so;
        so.log_sink = [](std::string_view) {};
        service_ = std::make_unique<ingest::Service>(path_, std::move(so));
        service_->start();
        WindowOptions w;
        w.settings.view = View::both;
        w.settings.font_scale = GetParam();
        try {
            window_ = std::make_unique<Window>(link_to(*service_), clock_, w);
        } catch (const Error& e) {
            GTEST_SKIP() << "no display for the window test: " << e.what();
        }
    }
    void TearDown() override {
        window_.reset();
        service_->stop();
        service_->wait();
    }

    test::TempDir dir_;
    std::string path_ = dir_.file("race.db");
    timing::Clock clock_;
    std::unique_ptr<ingest::Service> service_;
    std::unique_ptr<Window> window_;
};

TEST_P(InternationalRaceInAWindow, EveryNameHasItsGlyphsInTheUploadedAtlas) {
    const auto give_up = steady_clock::now() + seconds{10};
    while (steady_clock::now() < give_up && !window_->app().shown()) {
        window_->frame();
        std::this_thread::sleep_for(milliseconds{5});
    }
    ASSERT_TRUE(window_->app().shown());
    // The new characters' atlas is uploaded once the App has caught up with the snapshot.
    for (int i = 0; i < 3 || (!window_->app().settled() && steady_clock::now() < give_up); ++i) {
        window_->frame();
        std::this_thread::sleep_for(milliseconds{2});
    }
    auto& app = window_->app();
    EXPECT_FALSE(app.fonts_stale());
    EXPECT_NE(ImGui::GetIO().Fonts->TexID, ImTextureID{}) << "the atlas was not uploaded";
    const auto& f = app.fonts();
    for (auto* font : {f.ui, f.ui_bold, f.board, f.board_bold})
        for (const auto& name : names) EXPECT_EQ(missing_in(font, name), "") << name;
    EXPECT_TRUE(f.missing.empty()) << missing_fonts_message(f.missing);
    window_->screenshot(dir_.file("board.png"));  // draws with it without a GL error
    EXPECT_FALSE(window_->closing());
}

INSTANTIATE_TEST_SUITE_P(Scales, InternationalRaceInAWindow, ::testing::Values(1.0f, 3.0f));

}  // namespace
}  // namespace fl::gui
