// The board drawn in real ImGui frames (no window) over a real engine's standings: spectator
// paging, a hand on the mouse wheel pausing it, tabs and search.
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "gui/app.hpp"
#include "gui/headless_ui.hpp"
#include "tests/gui/sample_race.hpp"

namespace fl::gui {
namespace {

using namespace std::chrono;

class BoardOnEngine : public ::testing::Test {
protected:
    void SetUp() override {
        test::SampleOptions o;
        o.runners = 2000;
        auto engine = test::sample_engine(o);
        snapshot_ = engine.snapshot();
        link_.config = engine.config();
        link_.standings = [s = snapshot_] { return s; };
        Settings s;
        s.view = View::board;
        s.paging = {milliseconds{60}, milliseconds{400}};
        app_ = std::make_unique<App>(link_, clock_, s);
        ui_ = std::make_unique<HeadlessUi>(*app_, ImVec2(1280.0f, 800.0f));
        ASSERT_TRUE(frames_until([&] { return app_->settled() && app_->board().shown(); }));
    }
    bool frames_until(const std::function<bool()>& done) {
        const auto give_up = steady_clock::now() + seconds{10};
        while (steady_clock::now() < give_up) {
            ui_->frame();
            if (done()) return true;
            std::this_thread::sleep_for(milliseconds{2});
        }
        return false;
    }
    const results::EventStandings& event() { return *snapshot_->events.front(); }

    timing::Clock clock_;
    ServiceLink link_;
    std::shared_ptr<const results::Standings> snapshot_;
    std::unique_ptr<App> app_;
    std::unique_ptr<HeadlessUi> ui_;
};

TEST_F(BoardOnEngine, TheFirstEventsFinishersInPlaceOrder) {
    const auto view = app_->board().shown();
    EXPECT_EQ(view->event->name, "10K");
    EXPECT_EQ(static_cast<int>(view->rows.size()), event().counts.finished);
    EXPECT_EQ(view->filter.label, "Overall");
}

TEST_F(BoardOnEngine, ALongListTurnsItsPagesThenWrapsAround) {
    ASSERT_GT(app_->board().shown()->rows.size(), 100u);
    ASSERT_TRUE(frames_until([&] { return app_->board().pager().paging(); }));
    // Each page is up for 60 ms: the first row shown moves on, page by page, then back to 0.
    int highest = 0;
    ASSERT_TRUE(frames_until([&] {
        highest = std::max(highest, app_->board().pager().first_row());
        return highest > 0;
    }));
    EXPECT_FALSE(app_->board().pager().paused(steady_clock::now()))
        << "the board's own scrolling was taken for a person's";
    const int page = highest;
    EXPECT_TRUE(frames_until([&] { return app_->board().pager().first_row() == 2 * page; }));
    EXPECT_TRUE(frames_until([&] { return app_->board().pager().first_row() == 0; }));
}

TEST_F(BoardOnEngine, TheMouseWheelPausesPagingForAWhile) {
    ASSERT_TRUE(frames_until([&] { return app_->board().pager().paging(); }));
    auto& io = ui_->io();
    io.MousePos = ImVec2(900.0f, 520.0f);  // over the results table
    ui_->frame();
    io.MouseWheel = -4.0f;
    ui_->frame();
    ui_->frame();
    EXPECT_TRUE(app_->board().pager().paused(steady_clock::now()));
    const int held = app_->board().pager().first_row();
    EXPECT_GT(held, 0) << "the wheel scrolled the table down";
    std::this_thread::sleep_for(milliseconds{150});  // past two page turns, within the pause
    ui_->frame();
    EXPECT_EQ(app_->board().pager().first_row(), held);
    // After the pause it pages on from where the person left it.
    EXPECT_TRUE(frames_until([&] { return app_->board().pager().first_row() != held; }));
    EXPECT_FALSE(app_->board().pager().paused(steady_clock::now()));
}

TEST_F(BoardOnEngine, TabsShowOneGenderInGenderPlaceOrder) {
    app_->board().select_filter("Women");
    ASSERT_TRUE(frames_until(
        [&] { return app_->settled() && app_->board().shown()->filter.label == "Women"; }));
    const auto view = app_->board().shown();
    ASSERT_FALSE(view->rows.empty());
    int expected = 1;
    for (const auto i : view->rows) {
        const auto& row = view->event->rows[i];
        EXPECT_EQ(row.runner->gender, timing::Gender::F);
        EXPECT_EQ(row.gender_place, expected++);
    }
    EXPECT_EQ(app_->board().filter(), "Women");
}

TEST_F(BoardOnEngine, SearchFindsARunnerStillOnCourse) {
    const results::RunnerResult* out = nullptr;
    for (const auto& row : event().rows)
        if (row.runner->on_course) out = row.runner.get();
    ASSERT_NE(out, nullptr);
    app_->board().set_search(out->name);
    ASSERT_TRUE(frames_until(
        [&] { return app_->settled() && app_->board().shown()->search == out->name; }));
    bool found = false;
    for (const auto i : app_->board().shown()->rows)
        found |= app_->board().shown()->event->rows[i].runner->bib == out->bib;
    EXPECT_TRUE(found);
}

TEST_F(BoardOnEngine, AnotherEventByItsTab) {
    app_->board().select_event("5K");
    ASSERT_TRUE(frames_until(
        [&] { return app_->settled() && app_->board().shown()->event->name == "5K"; }));
    EXPECT_EQ(app_->board().event(), "5K");
    EXPECT_EQ(static_cast<int>(app_->board().shown()->rows.size()),
              snapshot_->events[1]->counts.finished);
}

// A [[teams]] table of the event is a tab after the runners' tabs; choosing it draws the team
// table of the snapshot on screen: every team with a finisher, placed ones first.
TEST(BoardTeams, ATeamsTabShowsTheEventsTeams) {
    test::SampleOptions o;
    o.runners = 1200;
    o.since_gun = std::chrono::minutes{180};  // everyone in
    o.teams = "[[teams]]\nevent = \"10K\"\nname = \"10K clubs\"\nsize = 3\n";
    auto engine = test::sample_engine(o);
    const auto snapshot = engine.snapshot();
    ServiceLink link;
    link.config = engine.config();
    link.standings = [s = snapshot] { return s; };
    timing::Clock clock;
    Settings settings;
    settings.view = View::board;
    App app(link, clock, settings);
    HeadlessUi ui(app, ImVec2(1280.0f, 800.0f));
    app.board().select_filter("10K clubs");
    const auto give_up = steady_clock::now() + seconds{10};
    while (!app.board().teams_shown() && steady_clock::now() < give_up) ui.frame();
    const auto* shown = app.board().teams_shown();
    ASSERT_NE(shown, nullptr);
    EXPECT_EQ(shown->config.name, "10K clubs");
    // Counted here from the table: the sample's four clubs, each with at least one finisher.
    std::set<std::string> clubs;
    std::map<std::string, int> finishers;
    for (const auto& row : snapshot->events.front()->rows)
        if (row.place && !row.runner->team.empty()) ++finishers[row.runner->team];
    ASSERT_EQ(finishers.size(), 4u);
    ASSERT_EQ(shown->teams.size(), 4u);
    int placed = 0;
    for (const auto& t : shown->teams) {
        EXPECT_EQ(static_cast<int>(t.members.size()), finishers[t.team]) << t.team;
        if (t.place) EXPECT_EQ(*t.place, ++placed) << t.team;
        else EXPECT_LT(finishers[t.team], 3) << t.team;
    }
    EXPECT_GT(placed, 0);
    // Back to the runners.
    app.board().select_filter("Overall");
    ui.frame();
    ui.frame();
    ui.frame();
    EXPECT_EQ(app.board().teams_shown(), nullptr);
}

// The case: "Wheelchair (1)" cut to "Wheelchair (1". With runners in a wheelchair
// category, the category column holds its widest text whole, at the starting text size and
// after Ctrl + (the fonts re-rasterised larger).
TEST(BoardColumns, TheCategoryColumnHoldsItsWidestTextAtEverySize) {
    test::SampleOptions o;
    o.runners = 400;
    o.two_events = false;
    o.wheelchair = 12;
    auto engine = test::sample_engine(o);
    const auto snapshot = engine.snapshot();
    int wheelchair_place = 0;
    for (const auto& row : snapshot->events.front()->rows)
        if (row.runner->category == "Wheelchair" && row.category_place)
            wheelchair_place = std::max(wheelchair_place, *row.category_place);
    ASSERT_GE(wheelchair_place, 1);
    const auto widest = fmt::format("Wheelchair ({})", wheelchair_place);

    timing::Clock clock;
    ServiceLink link;
    link.config = engine.config();
    link.standings = [snapshot] { return snapshot; };
    Settings settings;
    settings.view = View::board;
    App app(link, clock, settings);
    HeadlessUi ui(app, ImVec2(1920.0f, 1080.0f));
    const auto holds_widest = [&] {
        const auto give_up = steady_clock::now() + seconds{10};
        while (steady_clock::now() < give_up && !(app.settled() && app.board().shown())) ui.frame();
        ui.frame();
        ImFont* f = app.fonts().board;
        const float text = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, widest.c_str()).x;
        EXPECT_GE(app.board().columns().category, text) << widest << " at scale " << app.font_scale();
        return text;
    };
    const float small = holds_widest();
    app.hotkey(Hotkey::font_bigger);
    app.hotkey(Hotkey::font_bigger);
    ui.frame();
    EXPECT_GT(holds_widest(), small);
}

// The QR code takes its room from the latest finishers only: the results show as many rows a
// page with it as without it.
TEST(BoardQr, TakesNoRoomFromTheResults) {
    test::SampleOptions o;
    o.runners = 2000;
    o.web = "listen = \"127.0.0.1:0\"\npublic_url = \"http://192.0.2.7:8080/\"";
    auto engine = test::sample_engine(o);
    const auto snapshot = engine.snapshot();
    timing::Clock clock;
    ServiceLink link;
    link.config = engine.config();
    link.standings = [snapshot] { return snapshot; };
    const auto page_and_code = [&](bool shown) {
        Settings s;
        s.view = View::board;
        s.show_qr = shown;
        s.paging = {milliseconds{60}, milliseconds{400}};
        App app(link, clock, s);
        HeadlessUi ui(app, ImVec2(1280.0f, 800.0f));
        const auto give_up = steady_clock::now() + seconds{10};
        while (steady_clock::now() < give_up && app.board().pager().first_row() == 0) {
            ui.frame();
            std::this_thread::sleep_for(milliseconds{2});
        }
        return std::pair(app.board().pager().first_row(), app.board().qr_drawn());
    };
    const auto [with_page, with_side] = page_and_code(true);
    const auto [without_page, without_side] = page_and_code(false);
    EXPECT_GT(without_page, 0);
    EXPECT_EQ(with_page, without_page);
    EXPECT_GE(with_side, 160.0f);
    EXPECT_EQ(without_side, 0.0f);
}

}  // namespace
}  // namespace fl::gui
