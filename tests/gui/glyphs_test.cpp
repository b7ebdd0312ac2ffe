// Every name is drawn: the font atlas is built from the characters the race's text holds, with
// DejaVu Sans for Latin (Vietnamese, Polish, Czech, Turkish), Greek and Cyrillic and Droid Sans
// Fallback (fonts-droid-fallback) for Chinese, Japanese and Korean. Real ImGui frames of the
// App over a real Engine's standings; a glyph ImGui cannot find is one it draws as '?'.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <imgui_internal.h>

#include "gui/app.hpp"
#include "gui/headless_ui.hpp"
#include "tests/gui/sample_race.hpp"

namespace fl::gui {
namespace {

using namespace std::chrono;

// Names as they are written at home, in the scripts the issue names and a few more.
const std::vector<std::string> international_names = {
    "Amara Nguyễn",       "Emily Phạm",          "Trần Thị Thu Hương",  // Vietnamese
    "Łukasz Wróbel",      "Zofia Żółkiewska",                          // Polish
    "Jiří Dvořák",        "Kateřina Růžičková",                        // Czech
    "Ayşe Yılmaz",        "Gökhan Çelik",                              // Turkish
    "Γιώργος Παπαδόπουλος", "Ελένη Οικονόμου",                         // Greek
    "Дмитрий Иванов",     "Ольга Щербакова",                           // Russian
    "山田 太郎",          "佐藤 さくら",         "タナカ ケンジ",       // Japanese
    "王小明",             "李娜",                "張偉",                 // Chinese
    "김민준",                                                          // Korean
};

std::vector<unsigned> codepoints(std::string_view utf8) {
    std::vector<unsigned> out;
    const char* p = utf8.data();
    const char* end = p + utf8.size();
    while (p < end) {
        unsigned c = 0;
        p += ImTextCharFromUtf8(&c, p, end);
        out.push_back(c);
    }
    return out;
}

std::string as_hex(unsigned c) { return fmt::format("U+{:04X}", c); }

class NamesOnTheBoard : public ::testing::Test {
protected:
    void SetUp() override {
        test::SampleOptions o;
        o.runners = 120;
        config_ = timing::parse_config(test::sample_toml(o), "sample.toml");
        participants_ = test::sample_participants(config_, o);
        for (std::size_t i = 0; i < international_names.size(); ++i)
            participants_[i].name = international_names[i];
        participants_[0].team = "東京ランナーズ";        // a team
        participants_[1].category = "Ветераны";          // an explicit category
        engine_ = std::make_unique<results::Engine>(config_, participants_);
        engine_->update();
        publish();
        ServiceLink link;
        link.config = engine_->config();
        link.standings = [this] {
            std::lock_guard lock(mutex_);
            return snapshot_;
        };
        Settings s;
        s.view = View::both;
        app_ = std::make_unique<App>(link, clock_, s);
        ui_ = std::make_unique<HeadlessUi>(*app_, ImVec2(1920.0f, 1080.0f));
        frames(3);
    }
    void publish() {
        auto s = engine_->snapshot();
        std::lock_guard lock(mutex_);
        snapshot_ = std::move(s);
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) ui_->frame();
    }
    // Frames until the App has caught up with the snapshot (new characters are looked for off
    // the GUI thread), at most 10 s. Returns how many frames were drawn.
    int frames_until_settled() {
        const auto give_up = steady_clock::now() + seconds{10};
        int n = 0;
        do {
            ui_->frame();
            ++n;
            if (app_->settled()) break;
            std::this_thread::sleep_for(milliseconds{2});
        } while (steady_clock::now() < give_up);
        return n;
    }
    // The fonts that draw participants' text, by name for the failure message.
    std::vector<std::pair<const char*, ImFont*>> text_fonts() const {
        const auto& f = app_->fonts();
        return {{"ui", f.ui}, {"ui_bold", f.ui_bold}, {"board", f.board},
                {"board_bold", f.board_bold}};
    }
    // The characters of `text` that `font` would draw as '?'.
    static std::string missing_in(ImFont* font, std::string_view text) {
        std::string out;
        for (const auto c : codepoints(text))
            if (c != ' ' && !font->FindGlyphNoFallback(static_cast<ImWchar>(c)))
                out += as_hex(c) + " ";
        return out;
    }

    timing::Clock clock_;
    timing::RaceConfig config_;
    std::vector<timing::Participant> participants_;
    std::unique_ptr<results::Engine> engine_;
    std::mutex mutex_;
    std::shared_ptr<const results::Standings> snapshot_;
    std::unique_ptr<App> app_;
    std::unique_ptr<HeadlessUi> ui_;
};

TEST_F(NamesOnTheBoard, EveryCharacterOfEveryNameHasAGlyphInEveryTextFont) {
    ASSERT_FALSE(app_->fonts_stale());
    for (const auto& [label, font] : text_fonts())
        for (const auto& name : international_names)
            EXPECT_EQ(missing_in(font, name), "") << name << " in the " << label << " font";
    for (const auto& [label, font] : text_fonts()) {
        EXPECT_EQ(missing_in(font, "東京ランナーズ"), "") << "the team, " << label;
        EXPECT_EQ(missing_in(font, "Ветераны"), "") << "the category, " << label;
    }
    EXPECT_TRUE(app_->fonts().missing.empty())
        << missing_fonts_message(app_->fonts().missing);
}

TEST_F(NamesOnTheBoard, TheAtlasHoldsTheRacesCharactersNotAWholeScript) {
    // 龍 (dragon) is in Droid Sans Fallback but in no name here: a CJK atlas for every
    // ideograph would not fit a texture at the board's sizes.
    EXPECT_EQ(app_->fonts().board->FindGlyphNoFallback(0x9F8D), nullptr);
    EXPECT_FALSE(app_->glyphs().contains(0x9F8D));
    EXPECT_TRUE(app_->glyphs().contains(0x5C71));  // 山
}

TEST_F(NamesOnTheBoard, ANewParticipantsNameIsDrawnFromTheNextFrames) {
    const std::string late = "龍之介 Ξανθόπουλος";  // registered late, characters new to the race
    ASSERT_NE(missing_in(app_->fonts().board, late), "");
    participants_[30].name = late;
    engine_->set_participants(participants_);
    engine_->update();
    publish();
    ui_->frame();  // takes the snapshot: its characters are looked for off the GUI thread
    const auto loads = app_->font_loads();
    frames_until_settled();  // the atlas is rebuilt before the frame after they are found
    ASSERT_TRUE(app_->settled());
    EXPECT_EQ(app_->font_loads(), loads + 1);
    EXPECT_FALSE(app_->fonts_stale());
    for (const auto& [label, font] : text_fonts())
        EXPECT_EQ(missing_in(font, late), "") << label;
    // The earlier names are still there.
    for (const auto& name : international_names)
        EXPECT_EQ(missing_in(app_->fonts().board, name), "") << name;
}

TEST_F(NamesOnTheBoard, AnUnchangedRaceDoesNotRebuildTheAtlas) {
    const auto loads = app_->font_loads();
    publish();  // a new snapshot with the same people (as after every read)
    ui_->frame();
    frames_until_settled();
    EXPECT_FALSE(app_->fonts_stale());
    EXPECT_EQ(app_->font_loads(), loads) << "the fonts were rebuilt";
}

TEST(GlyphSet, StartsWithLatinAndCollectsTheCharactersOfText) {
    GlyphSet g;
    EXPECT_TRUE(g.contains('A'));
    EXPECT_TRUE(g.contains(0x00E9));   // é, Latin-1
    EXPECT_TRUE(g.contains(0x0142));   // ł, Latin Extended-A
    EXPECT_FALSE(g.contains(0x1EC5));  // ễ
    EXPECT_TRUE(g.add("Nguyễn"));
    EXPECT_TRUE(g.contains(0x1EC5));
    EXPECT_FALSE(g.add("Nguyễn Nguyen"));  // nothing new
    const auto r = g.ranges();
    ASSERT_GE(r.size(), 3u);
    EXPECT_EQ(r.back(), 0);
    EXPECT_EQ(r[0], 0x0020);
    EXPECT_EQ(r[1], 0x017F);  // Latin-1 and Extended-A run together
    bool single = false;
    for (std::size_t i = 0; i + 1 < r.size(); i += 2)
        single |= r[i] == 0x1EC5 && r[i + 1] == 0x1EC5;
    EXPECT_TRUE(single);
}

TEST(GlyphSet, AMissingFontIsNamedWithItsPackage) {
    const auto m = missing_fonts_message({0x5C71, 0x7530});  // 山田
    EXPECT_NE(m.find("2 character(s)"), std::string::npos) << m;
    EXPECT_NE(m.find("山田"), std::string::npos) << m;
    EXPECT_NE(m.find("apt-get install fonts-droid-fallback"), std::string::npos) << m;
    const auto thai = missing_fonts_message({0x0E01});  // no font here draws Thai
    EXPECT_NE(thai.find("no font"), std::string::npos) << thai;
}

}  // namespace
}  // namespace fl::gui
