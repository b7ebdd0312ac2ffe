// The board's view model without ImGui: which rows, in which order, which place, which
// highlights, the clocks and the histogram.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "gui/board_model.hpp"
#include "gui/board_worker.hpp"
#include "gui/column_widths.hpp"
#include "tests/gui/sample_race.hpp"

namespace fl::gui {
namespace {

using namespace std::chrono;
using results::Status;

const Instant t0 = timing::instant_from_micros(1'700'000'000'000'000);

std::shared_ptr<const results::RunnerResult> runner(std::string bib, std::string name,
                                                    timing::Gender g, std::string category,
                                                    Status status,
                                                    std::optional<Duration> time = {}) {
    auto r = std::make_shared<results::RunnerResult>();
    r->bib = std::move(bib);
    r->name = std::move(name);
    r->gender = g;
    r->category = std::move(category);
    r->status = status;
    r->on_course = status == Status::dnf;
    r->event = "10K";
    if (time) {
        r->rank_time = time;
        r->finish = t0 + *time;
        r->finish_known = t0 + *time + milliseconds{300};
    }
    return r;
}

// Finishers in place order, then an on-course runner, a DQ and a non-starter, as the engine
// orders a table.
results::EventStandings table() {
    results::EventStandings e;
    e.name = "10K";
    e.waves = {{"A", t0, results::GunSource::recorded},
               {"B", t0 + minutes{3}, results::GunSource::scheduled}};
    e.categories = {"F35-39", "M40-44"};
    auto add = [&](std::shared_ptr<const results::RunnerResult> r, std::optional<int> place,
                   std::optional<int> gp, std::optional<int> cp) {
        e.rows.push_back({std::move(r), place, gp, cp, false});
    };
    add(runner("7", "Ann Lee", timing::Gender::F, "F35-39", Status::finished, minutes{34}), 1, 1,
        1);
    add(runner("12", "Bob Stone", timing::Gender::M, "M40-44", Status::finished, minutes{35}), 2, 1,
        1);
    add(runner("31", "Cleo Annan", timing::Gender::F, "F35-39", Status::finished, minutes{36}), 3,
        2, 2);
    add(runner("120", "Dan Brook", timing::Gender::M, "M40-44", Status::finished, minutes{37}), 4,
        2, 2);
    add(runner("121", "Eva Lind", timing::Gender::F, "F35-39", Status::dnf), {}, {}, {});
    add(runner("77", "Finn Annist", timing::Gender::M, "M40-44", Status::dq), {}, {}, {});
    add(runner("78", "Gia Moor", timing::Gender::F, "F35-39", Status::dns), {}, {}, {});
    return e;
}

std::vector<std::string> bibs(const results::EventStandings& e,
                              const std::vector<std::uint32_t>& rows) {
    std::vector<std::string> out;
    for (const auto i : rows) out.push_back(e.rows[i].runner->bib);
    return out;
}

TEST(BoardFilters, OverallThenGendersPresentThenCategories) {
    const auto f = board_filters(table());
    ASSERT_EQ(f.size(), 5u);
    EXPECT_EQ(f[0].label, "Overall");
    EXPECT_EQ(f[1].label, "Women");
    EXPECT_EQ(f[1].gender, timing::Gender::F);
    EXPECT_EQ(f[2].label, "Men");
    EXPECT_EQ(f[3].label, "F35-39");
    EXPECT_EQ(f[3].kind, FilterKind::category);
    EXPECT_EQ(f[4].label, "M40-44");
}

TEST(BoardFilters, NonBinaryTabOnlyWhenSomeoneEnteredSo) {
    auto e = table();
    EXPECT_EQ(board_filters(e).size(), 5u);
    e.rows.push_back(
        {runner("5", "Kai Rowe", timing::Gender::X, "", Status::dns), {}, {}, {}, false});
    const auto f = board_filters(e);
    ASSERT_EQ(f.size(), 6u);
    EXPECT_EQ(f[3].label, "Non-binary");
}

TEST(BoardRows, WithoutSearchOnlyFinishersInPlaceOrder) {
    const auto e = table();
    const BoardFilter overall{};
    EXPECT_EQ(bibs(e, board_rows(e, overall, "")),
              (std::vector<std::string>{"7", "12", "31", "120"}));
}

TEST(BoardRows, GenderAndCategoryFiltersKeepPlaceOrder) {
    const auto e = table();
    const auto f = board_filters(e);
    EXPECT_EQ(bibs(e, board_rows(e, f[1], "")), (std::vector<std::string>{"7", "31"}));
    EXPECT_EQ(bibs(e, board_rows(e, f[2], "")), (std::vector<std::string>{"12", "120"}));
    EXPECT_EQ(bibs(e, board_rows(e, f[4], "")), (std::vector<std::string>{"12", "120"}));
}

TEST(BoardRows, SearchFindsRunnersStillOnCourseAndNonFinishers) {
    const auto e = table();
    const BoardFilter overall{};
    // "ann" is in three names: two finishers, and a DQ that only a search shows.
    EXPECT_EQ(bibs(e, board_rows(e, overall, "ann")), (std::vector<std::string>{"7", "31", "77"}));
    // A bib matches from its start: "12" finds 12, 120 and 121 (on course), not 7 or 31.
    EXPECT_EQ(bibs(e, board_rows(e, overall, " 12 ")),
              (std::vector<std::string>{"12", "120", "121"}));
    EXPECT_TRUE(board_rows(e, overall, "zzz").empty());
}

TEST(BoardRows, ShownPlaceFollowsTheFilter) {
    const auto e = table();
    EXPECT_EQ(shown_place(e.rows[2], FilterKind::overall), 3);
    EXPECT_EQ(shown_place(e.rows[2], FilterKind::gender), 2);
    EXPECT_EQ(shown_place(e.rows[2], FilterKind::category), 2);
    EXPECT_EQ(shown_place(e.rows[4], FilterKind::overall), std::nullopt);
}

TEST(BoardRows, StatusTextForRunnersWithoutATime) {
    const auto e = table();
    EXPECT_EQ(status_text(*e.rows[0].runner), "");
    EXPECT_EQ(status_text(*e.rows[4].runner), "on course");
    EXPECT_EQ(status_text(*e.rows[5].runner), "DQ");
    EXPECT_EQ(status_text(*e.rows[6].runner), "DNS");
    auto declared = *e.rows[4].runner;
    declared.on_course = false;
    declared.declared_dnf = true;
    EXPECT_EQ(status_text(declared), "DNF");
}

TEST(Highlight, AFinishIsFreshForTheWindowAfterItArrived) {
    const auto r = runner("7", "Ann Lee", timing::Gender::F, "", Status::finished, minutes{34});
    const auto known = *r->finish_known;
    EXPECT_FALSE(highlighted(*r, known - seconds{1}, seconds{8}));  // not arrived yet
    EXPECT_TRUE(highlighted(*r, known, seconds{8}));
    EXPECT_TRUE(highlighted(*r, known + seconds{7}, seconds{8}));
    EXPECT_FALSE(highlighted(*r, known + seconds{8}, seconds{8}));
}

TEST(LatestLines, NewestFirstCappedAndHighlightedByArrival) {
    results::Standings s;
    auto list = std::make_shared<std::vector<results::LatestFinisher>>();
    for (int i = 0; i < 6; ++i) {
        auto r = runner(std::to_string(100 + i), "R", timing::Gender::F, "", Status::finished,
                        minutes{40 - i});
        list->push_back({r, 10 - i, *r->finish_known});
    }
    s.latest_finishers = list;  // engine order: newest first
    // "now" is 2 s after the newest arrived: it is within a 3 s window, the next one (a minute
    // earlier) is not.
    const auto now = *(*list)[0].runner->finish_known + seconds{2};
    const auto lines = latest_lines(s, now, seconds{3}, 4);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].runner->bib, "100");
    EXPECT_EQ(lines[0].place, 10);
    EXPECT_TRUE(lines[0].highlight);
    EXPECT_FALSE(lines[1].highlight);
    EXPECT_EQ(lines[3].runner->bib, "103");
}

TEST(RaceClocks, ElapsedSinceTheFirstWaveGunWithCounts) {
    results::Standings s;
    auto e = std::make_shared<results::EventStandings>(table());
    e->counts.finished = 4;
    e->counts.started = 6;
    e->counts.on_course = 1;
    s.events.push_back(e);
    const auto clocks = race_clocks(s, t0 + minutes{12} + seconds{5} + milliseconds{900});
    ASSERT_EQ(clocks.size(), 1u);
    EXPECT_TRUE(clocks[0].started);
    EXPECT_TRUE(clocks[0].gun_recorded);
    EXPECT_EQ(format_clock(clocks[0].elapsed), "0:12:05");  // whole seconds passed
    EXPECT_EQ(clocks[0].counts.finished, 4);
    EXPECT_EQ(clocks[0].counts.on_course, 1);
    const auto before = race_clocks(s, t0 - seconds{90});
    EXPECT_FALSE(before[0].started);
    EXPECT_EQ(format_clock(before[0].elapsed), "0:01:30");
}

TEST(FormatClock, TruncatesForwardAndCountsDownToTheGun) {
    EXPECT_EQ(format_clock(seconds{0}), "0:00:00");
    EXPECT_EQ(format_clock(milliseconds{59'999}), "0:00:59");
    EXPECT_EQ(format_clock(hours{2} + minutes{3} + seconds{4}), "2:03:04");
    EXPECT_EQ(format_clock(-milliseconds{200}), "-0:00:01");
}

TEST(FinishHistogram, FinishersPerMinuteFromTheFirstFinisher) {
    auto e = table();  // finishes at 34, 35, 36, 37 minutes after the gun
    e.rows[1].runner = runner("12", "Bob Stone", timing::Gender::M, "M40-44", Status::finished,
                              minutes{34} + seconds{59});  // the same minute as bib 7
    const auto h = finish_histogram(e);
    EXPECT_EQ(h.bin_minutes, 1);
    EXPECT_EQ(h.first_minute, 34);
    EXPECT_EQ(h.counts, (std::vector<float>{2.0f, 0.0f, 1.0f, 1.0f}));
    EXPECT_EQ(h.total, 4);
    EXPECT_EQ(h.peak, 2);
    EXPECT_EQ(h.peak_bin, 0u);
}

TEST(FinishHistogram, WidensBinsToFitALongRace) {
    auto e = table();
    e.rows[3].runner =
        runner("120", "Dan Brook", timing::Gender::M, "M40-44", Status::finished, minutes{70});
    const auto h = finish_histogram(e, 10);  // minutes 34..70: 37 minutes in at most 10 bins
    EXPECT_EQ(h.bin_minutes, 4);
    ASSERT_EQ(h.counts.size(), 10u);
    EXPECT_EQ(h.counts[0], 3.0f);  // minutes 34-37
    EXPECT_EQ(h.counts[9], 1.0f);  // minutes 70-73
    EXPECT_EQ(h.peak, 3);
    EXPECT_EQ(h.peak_bin, 0u);
}

TEST(FinishHistogram, NoFinishersNoBins) {
    auto e = table();
    e.rows.resize(0);
    EXPECT_TRUE(finish_histogram(e).counts.empty());
}

TEST(EventView, ResolvesTheTabAndFallsBackToOverall) {
    auto e = std::make_shared<const results::EventStandings>(table());
    const auto v = make_event_view(e, "Women", "");
    EXPECT_EQ(v.filter.kind, FilterKind::gender);
    EXPECT_EQ(bibs(*e, v.rows), (std::vector<std::string>{"7", "31"}));
    EXPECT_EQ(v.filters.size(), 5u);
    EXPECT_EQ(v.histogram.total, 4);
    const auto gone = make_event_view(e, "M70-74", "ann");  // a tab this event does not have
    EXPECT_EQ(gone.filter.label, "Overall");
    EXPECT_EQ(bibs(*e, gone.rows), (std::vector<std::string>{"7", "31", "77"}));
}

TEST(BoardWorker, DrawsTheNewestViewItWasAskedFor) {
    auto e = std::make_shared<const results::EventStandings>(table());
    std::atomic<int> ready{0};
    BoardWorker w([&] { ++ready; });
    EXPECT_EQ(w.latest(), nullptr);
    w.request(e, "Overall", "");
    w.request(e, "Men", "");  // supersedes the first if that has not started
    const auto give_up = std::chrono::steady_clock::now() + seconds{10};
    while (!w.settled() && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(milliseconds{1});
    ASSERT_TRUE(w.settled());
    EXPECT_EQ(w.latest()->filter.label, "Men");
    EXPECT_EQ(bibs(*e, w.latest()->rows), (std::vector<std::string>{"12", "120"}));
    EXPECT_GE(ready.load(), 1);
    const int before = ready.load();
    w.request(e, "Men", "");  // the same again: nothing to do
    std::this_thread::sleep_for(milliseconds{20});
    EXPECT_EQ(ready.load(), before);
    EXPECT_TRUE(w.settled());
}

// Over a real engine's standings: every filter lists finishers only, in strictly increasing
// place of its own kind, and the histogram counts every finisher once.
TEST(BoardModelOnEngine, FiltersListFinishersInTheirOwnPlaceOrder) {
    test::SampleOptions o;
    o.runners = 600;
    auto engine = test::sample_engine(o);
    const auto s = engine.snapshot();
    for (const auto& e : s->events) {
        ASSERT_GT(e->counts.finished, 10) << e->name;
        ASSERT_GT(e->counts.on_course, 0) << e->name;
        int listed_overall = 0;
        for (const auto& f : board_filters(*e)) {
            const auto rows = board_rows(*e, f, "");
            std::optional<int> last;
            for (const auto i : rows) {
                const auto& row = e->rows[i];
                ASSERT_EQ(row.runner->status, Status::finished);
                const auto place = shown_place(row, f.kind);
                ASSERT_TRUE(place) << e->name << " " << f.label;
                if (last) {
                    EXPECT_GT(*place, *last) << e->name << " " << f.label;
                }
                last = place;
            }
            if (f.kind == FilterKind::overall) listed_overall = static_cast<int>(rows.size());
        }
        EXPECT_EQ(listed_overall, e->counts.finished);
        EXPECT_EQ(finish_histogram(*e).total, e->counts.finished);
    }
}

// The issue's case: "Wheelchair (1)" was cut to "Wheelchair (1" by a column sized for
// "M35-39 (000)". Each column is as wide as the widest text it will show; here a text's width
// is its length, and every expected text is written out by hand.
TEST(ResultColumns, AsWideAsTheWidestTextEachColumnShows) {
    results::EventStandings e;
    auto chair = std::const_pointer_cast<results::RunnerResult>(
        runner("7", "A", timing::Gender::M, "Wheelchair", Status::finished, minutes{52} + seconds{10}));
    chair->pace_per_km = minutes{5} + seconds{13};
    auto slow = std::const_pointer_cast<results::RunnerResult>(
        runner("1203", "B", timing::Gender::M, "M35-39", Status::finished, hours{10} + seconds{123}));
    slow->pace_per_km = minutes{60} + seconds{12};
    e.rows.push_back({chair, 1, 1, 1, false});
    e.rows.push_back({slow, 12, 11, 12, false});
    e.rows.push_back({runner("W88", "C", timing::Gender::F, "F20-24", Status::dnf), {}, {}, {}, false});
    const auto length = [](std::string_view t) { return static_cast<float>(t.size()); };
    const auto w = measure_result_columns(e, timing::Resolution::seconds, length);
    EXPECT_EQ(w.place, 5.0f);      // "Place" (the header) beats "=12"
    EXPECT_EQ(w.bib, 4.0f);        // "1203"
    EXPECT_EQ(w.category, 14.0f);  // "Wheelchair (1)", not "M35-39 (12)"
    EXPECT_EQ(w.time, 9.0f);       // "on course" beats "10:02:03"
    EXPECT_EQ(w.pace, 5.0f);       // "60:12"
    // Once nobody is on course, the slowest time is the widest.
    e.rows.pop_back();
    EXPECT_EQ(measure_result_columns(e, timing::Resolution::seconds, length).time, 8.0f);
    EXPECT_EQ(measure_result_columns(e, timing::Resolution::tenths, length).time, 10.0f);  // "10:02:03.0"
}

}  // namespace
}  // namespace fl::gui
