// `finishline results`, `enter` and `start` as a user runs them: the built binary on a
// temporary race file, checking stdout, stderr, exit codes and the files written.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "tests/results/race_fixture.hpp"
#include "tests/support/run_finishline.hpp"
#include "tests/support/temp_dir.hpp"

namespace fl::results::test {
namespace {

using Outcome = fl::test::CommandOutput;

using fl::test::slurp;

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

class ResultsCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir.write("race.toml", race_toml);
        dir.write("people.csv",
                  "bib,name,gender,birthdate,age,event,wave,category,chip\n"
                  "1,Ann Apple,F,1990-03-10,,10K,A,,C1\n"
                  "2,Bob <b>Bold</b>,M,,44,10K,A,,C2\n"
                  "3,\"Cid \"\"Quote\"\", Jr\",M,1985-01-01,,10K,B,,C3\n"
                  "4,Dee Dash,F,1999-12-31,,5K,,,C4\n");
        race = dir.file("race.db");
        ASSERT_EQ(run({"init", race, "--config", dir.file("race.toml")}).exit_code, 0);
        const auto imported = run({"import", race, dir.file("people.csv")});
        ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }

    Outcome run(std::vector<std::string> args) { return fl::test::run_finishline(dir, std::move(args)); }

    fl::test::TempDir dir;
    std::string race;
};

TEST_F(ResultsCli, StartAndEnterFeedTheResults) {
    auto gun = run({"start", race, "--event", "10K", "--at", "09:00:30"});
    ASSERT_EQ(gun.exit_code, 0) << gun.err;
    EXPECT_EQ(gun.out, "recorded gun for 10K at 09:00:30.000 (entry 1)\n");
    auto wave = run({"start", race, "--event", "10K", "--wave", "B", "--at", "09:10:45"});
    ASSERT_EQ(wave.exit_code, 0) << wave.err;
    EXPECT_EQ(wave.out, "recorded gun for 10K wave B at 09:10:45.000 (entry 2)\n");
    auto bob = run({"enter", race, "2", "--at", "09:40:00.250"});
    ASSERT_EQ(bob.exit_code, 0) << bob.err;
    EXPECT_EQ(bob.out, "recorded finish for bib 2 at 09:40:00.250 (entry 3)\n");
    EXPECT_EQ(bob.err, "");
    ASSERT_EQ(run({"enter", race, "3", "--at", "09:52:00"}).exit_code, 0);

    const auto csv = run({"results", race, "--event", "10K"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_EQ(csv.out,
              "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status,km5\n"
              "1,2,Bob <b>Bold</b>,M,44,M40-44,0:39:31,0:39:31,1,1,FIN,\n"
              "2,3,\"Cid \"\"Quote\"\", Jr\",M,39,M35-39,0:41:15,0:41:15,2,1,FIN,\n"
              ",1,Ann Apple,F,34,F30-34,,,,,DNS,\n");
}

TEST_F(ResultsCli, EnterWarnsAboutAnUnknownBibButStoresIt) {
    auto r = run({"enter", race, "77", "--at", "09:45:00"});
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_TRUE(has(r.err, "warning: bib 77 is not a participant")) << r.err;
    const auto json = run({"results", race, "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_TRUE(has(json.out, "\"unknown_bibs\":[{\"entry_id\":1,\"kind\":\"finish\",\"bib\":\"77\"")) << json.out;
}

TEST_F(ResultsCli, EnterWithoutATimeUsesNow) {
    auto r = run({"enter", race, "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has(r.out, "recorded finish for bib 1 at ")) << r.out;
}

TEST_F(ResultsCli, BadInputIsAUserErrorWithAReason) {
    auto bad_time = run({"enter", race, "1", "--at", "25:00:00"});
    EXPECT_EQ(bad_time.exit_code, 1);
    EXPECT_EQ(bad_time.err, "finishline: error: --at: expected a time of day HH:MM:SS[.fff], got \"25:00:00\"\n");
    auto no_event = run({"start", race, "--event", "Marathon"});
    EXPECT_EQ(no_event.exit_code, 1);
    EXPECT_EQ(no_event.err, "finishline: error: no event named \"Marathon\": the race has 10K, 5K\n");
    auto no_wave = run({"start", race, "--event", "10K", "--wave", "C"});
    EXPECT_EQ(no_wave.exit_code, 1);
    EXPECT_EQ(no_wave.err, "finishline: error: event \"10K\" has no wave \"C\": its waves are A, B\n");
    auto two_events = run({"results", race});
    EXPECT_EQ(two_events.exit_code, 1);
    EXPECT_TRUE(has(two_events.err, "choose one of 10K, 5K with --event")) << two_events.err;
    auto no_category = run({"results", race, "--event", "10K", "--category", "W99"});
    EXPECT_EQ(no_category.exit_code, 1);
    EXPECT_TRUE(has(no_category.err, "no category \"W99\"")) << no_category.err;
    auto missing = run({"results", dir.file("nope.db")});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_TRUE(has(missing.err, "does not exist")) << missing.err;
    EXPECT_EQ(run({"results", race, "--format", "xml"}).exit_code, 2);
    EXPECT_EQ(run({"enter", race}).exit_code, 2);
    EXPECT_EQ(run({"start", race}).exit_code, 2);
}

TEST_F(ResultsCli, EveryFormatGoesToStdoutOrAFile) {
    ASSERT_EQ(run({"enter", race, "4", "--at", "09:55:00"}).exit_code, 0);
    const auto html_path = dir.file("out.html");
    auto html = run({"results", race, "--format", "html", "-o", html_path});
    ASSERT_EQ(html.exit_code, 0) << html.err;
    EXPECT_EQ(html.out, "");
    const auto page = slurp(html_path);
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_TRUE(has(page, "Bob &lt;b&gt;Bold&lt;/b&gt;"));
    auto json = run({"results", race, "--format", "json", "--event", "5K"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_TRUE(has(json.out, "\"name\":\"5K\"")) << json.out;
    EXPECT_FALSE(has(json.out, "\"name\":\"10K\""));
    auto awards = run({"results", race, "--format", "awards"});
    ASSERT_EQ(awards.exit_code, 0) << awards.err;
    EXPECT_TRUE(has(awards.out, "Overall F\n   1. 4        Dee Dash")) << awards.out;
    auto csv = run({"results", race, "--event", "5K", "--category", "F20-24"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_TRUE(has(csv.out, "1,4,Dee Dash,F,24,F20-24,0:25:00,0:25:00,1,1,FIN\n")) << csv.out;
    auto unwritable = run({"results", race, "--event", "5K", "-o", dir.file("no/such/dir/out.csv")});
    EXPECT_EQ(unwritable.exit_code, 1);
    EXPECT_TRUE(has(unwritable.err, "cannot write")) << unwritable.err;
}

// A name imported from a participants CSV comes out of `results --format csv` as text a
// spreadsheet will not run (README, Export formats).
TEST_F(ResultsCli, CsvNeutralisesANameThatIsAFormula) {
    dir.write("more.csv", "bib,name,gender,age,event,chip\n"
                          "5,\"=HYPERLINK(\"\"http://x\"\")\",M,30,5K,C5\n");
    const auto imported = run({"import", race, dir.file("more.csv")});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    ASSERT_EQ(run({"enter", race, "5", "--at", "09:50:00"}).exit_code, 0);
    const auto csv = run({"results", race, "--event", "5K", "--format", "csv"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_EQ(csv.out,
              "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status\n"
              "1,5,\"'=HYPERLINK(\"\"http://x\"\")\",M,30,M30-34,0:20:00,0:20:00,1,1,FIN\n"
              ",4,Dee Dash,F,24,F20-24,,,,,DNS\n");
}

TEST_F(ResultsCli, ResultsLeavesTheRaceFileUntouched) {
    ASSERT_EQ(run({"enter", race, "4", "--at", "09:55:00"}).exit_code, 0);
    auto files = [&] {
        std::string all;
        for (const auto* suffix : {"", "-wal"}) all += slurp(race + suffix) + "|";
        return all;
    };
    const auto before = files();
    auto r = run({"results", race, "--event", "5K"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has(r.out, ",4,Dee Dash,")) << r.out;
    EXPECT_EQ(files(), before);
    // Without write permission it still works (meaningful when not running as root).
    ASSERT_EQ(::chmod(race.c_str(), 0444), 0);
    auto ro = run({"results", race, "--event", "5K"});
    ::chmod(race.c_str(), 0644);
    EXPECT_EQ(ro.exit_code, 0) << ro.err;
}

// Issue 11: a fun run timed by hand to the second. Three runners keyed at the same second
// place in the order they were keyed (2, 1, 3), never in bib order (1, 2, 3).
TEST(ResultsCliTies, EqualKeyedTimesPlaceInTheOrderKeyed) {
    fl::test::TempDir dir;
    dir.write("race.toml", R"toml(
[race]
name = "Fun Run"
date = "2024-06-01"
timezone = "UTC"

[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
min_time = "00:10:00"

[[timing_points]]
name = "finish"
role = "finish"
)toml");
    dir.write("people.csv", "bib,name,event\n1,Ann,5K\n2,Bob,5K\n3,Cat,5K\n");
    auto run = [&](std::vector<std::string> args) { return fl::test::run_finishline(dir, std::move(args)); };
    const auto race = dir.file("race.db");
    ASSERT_EQ(run({"init", race, "--config", dir.file("race.toml")}).exit_code, 0);
    const auto imported = run({"import", race, dir.file("people.csv")});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const auto gun = run({"start", race, "--event", "5K", "--at", "07:00:00"});
    ASSERT_EQ(gun.exit_code, 0) << gun.err;
    for (const auto* bib : {"2", "1", "3"}) {
        const auto entered = run({"enter", race, bib, "--at", "07:20:00"});
        ASSERT_EQ(entered.exit_code, 0) << entered.err;
    }
    const auto csv = run({"results", race});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_EQ(csv.out,
              "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status\n"
              "1,2,Bob,,,,0:20:00,0:20:00,,,FIN\n"
              "2,1,Ann,,,,0:20:00,0:20:00,,,FIN\n"
              "3,3,Cat,,,,0:20:00,0:20:00,,,FIN\n");
    const auto json = run({"results", race, "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_LT(json.out.find("\"bib\":\"2\""), json.out.find("\"bib\":\"1\"")) << json.out;
    EXPECT_LT(json.out.find("\"bib\":\"1\""), json.out.find("\"bib\":\"3\"")) << json.out;
}

}  // namespace
}  // namespace fl::results::test
