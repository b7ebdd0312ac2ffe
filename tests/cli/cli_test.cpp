// The `finishline` command as a user runs it: the built binary on temporary files, checking
// stdout, stderr and the exit code (0 success, 1 user error, 2 usage).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/run_finishline.hpp"
#include "tests/support/temp_dir.hpp"

namespace fl::cli {
namespace {

using Result = test::CommandOutput;

using test::slurp;

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::string lines_of(const Result& r) {
    return fmt::format("exit {}\n--- stdout\n{}--- stderr\n{}", r.exit_code, r.out, r.err);
}

class Cli : public ::testing::Test {
protected:
    // Runs FL_BINARY with `args`; stdout and stderr go to files so neither can block.
    Result run(std::vector<std::string> args) {
        auto r = test::run_finishline(dir, std::move(args));
        EXPECT_FALSE(contains(r.err, "Sanitizer") || contains(r.err, "runtime error:")) << r.err;
        return r;
    }

    std::string race() const { return dir.file("race.db"); }
    std::string example(std::string_view name) const {
        return fmt::format("{}/examples/{}", FL_SOURCE_DIR, name);
    }
    Result init_example() { return run({"init", race(), "--config", example("race.toml")}); }

    test::TempDir dir;
};

// --- help and usage ------------------------------------------------------------------------

TEST_F(Cli, HelpOnTheRootListsTheSubcommands) {
    const auto r = run({"--help"});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    for (const char* sub : {"init", "import", "participants"}) EXPECT_TRUE(contains(r.out, sub)) << r.out;
}

TEST_F(Cli, HelpOnEverySubcommand) {
    for (const char* sub : {"init", "import", "participants"}) {
        const auto r = run({sub, "--help"});
        EXPECT_EQ(r.exit_code, 0) << sub << "\n" << lines_of(r);
        EXPECT_TRUE(contains(r.out, "RACE")) << sub << "\n" << r.out;
    }
    EXPECT_TRUE(contains(run({"init", "--help"}).out, "--config"));
    EXPECT_TRUE(contains(run({"participants", "--help"}).out, "--event"));
}

TEST_F(Cli, VersionFlag) {
    const auto r = run({"--version"});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_TRUE(contains(r.out, "finishline 0.1.0")) << r.out;
}

TEST_F(Cli, NoSubcommandIsAUsageError) {
    const auto r = run({});
    EXPECT_EQ(r.exit_code, 2) << lines_of(r);
    EXPECT_FALSE(r.err.empty());
}

TEST_F(Cli, UnknownSubcommandIsAUsageError) {
    const auto r = run({"serv", race()});
    EXPECT_EQ(r.exit_code, 2) << lines_of(r);
    EXPECT_TRUE(contains(r.err, "--help")) << r.err;
}

TEST_F(Cli, MissingArgumentsAreUsageErrors) {
    const std::vector<std::vector<std::string>> cases{
        {"init"}, {"init", race()}, {"init", race(), "--config"}, {"import"}, {"import", race()},
        {"participants"}};
    for (const auto& args : cases) {
        const auto r = run(args);
        EXPECT_EQ(r.exit_code, 2) << fmt::format("{}", fmt::join(args, " ")) << "\n" << lines_of(r);
        EXPECT_FALSE(r.err.empty());
    }
    EXPECT_FALSE(std::filesystem::exists(race()));
}

TEST_F(Cli, UnknownOptionIsAUsageError) {
    const auto r = run({"participants", race(), "--evnt", "5K"});
    EXPECT_EQ(r.exit_code, 2) << lines_of(r);
    EXPECT_TRUE(contains(r.err, "--evnt")) << r.err;
}

// --- init ----------------------------------------------------------------------------------

TEST_F(Cli, InitCreatesTheRaceFile) {
    const auto r = init_example();
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_EQ(r.out, fmt::format("created {} for \"PyCon 5K Fun Run\" on 2014-04-12 (America/Toronto): "
                                 "1 event(s), 2 timing point(s), 2 reader(s)\n"
                                 // The MQTT topics' race id: name lowered, dashes, the date.
                                 "race id: pycon-5k-fun-run-20140412\n",
                                 race()));
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(std::filesystem::exists(race()));
}

TEST_F(Cli, InitAgainUpdatesTheConfig) {
    ASSERT_EQ(init_example().exit_code, 0);
    auto text = slurp(example("race.toml"));
    const std::string_view name = "name = \"PyCon 5K Fun Run\"";
    text.replace(text.find(name), name.size(), "name = \"PyCon 5K Rerun\"");
    const auto config = dir.write("race.toml", text);
    const auto r = run({"init", race(), "-c", config});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_TRUE(r.out.starts_with(fmt::format("updated {} for \"PyCon 5K Rerun\"", race()))) << r.out;
}

TEST_F(Cli, InitKeepsParticipants) {
    ASSERT_EQ(init_example().exit_code, 0);
    ASSERT_EQ(run({"import", race(), example("participants.csv")}).exit_code, 0);
    ASSERT_EQ(init_example().exit_code, 0);
    EXPECT_TRUE(contains(run({"participants", race()}).out, "5 participant(s)"));
}

TEST_F(Cli, BadConfigNamesFileAndLine) {
    auto text = slurp(example("race.toml"));
    text.replace(text.find("rank_by = \"gun\""), 15, "rank_by = \"fastest\"");
    const auto config = dir.write("race.toml", text);
    const auto r = run({"init", race(), "--config", config});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_EQ(r.err, fmt::format("finishline: error: {}:11: events[1].rank_by: expected \"gun\" or "
                                 "\"net\", got \"fastest\"\n",
                                 config));
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(std::filesystem::exists(race()));
}

TEST_F(Cli, InvalidTomlNamesFileAndLine) {
    const auto config = dir.write("race.toml", "[race]\nname = \"R\"\ndate = 2014-04-12-\n");
    const auto r = run({"init", race(), "--config", config});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_TRUE(r.err.starts_with(fmt::format("finishline: error: {}:3: not valid TOML", config))) << r.err;
}

TEST_F(Cli, MissingConfigFile) {
    const auto r = run({"init", race(), "--config", dir.file("nope.toml")});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_EQ(r.err, fmt::format("finishline: error: cannot read config '{}': check the path\n",
                                 dir.file("nope.toml")));
}

// --- import --------------------------------------------------------------------------------

TEST_F(Cli, ImportPrintsCounts) {
    ASSERT_EQ(init_example().exit_code, 0);
    const auto csv = example("participants.csv");
    auto r = run({"import", race(), csv});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_EQ(r.out, fmt::format("imported {}: 5 added, 0 updated, 0 unchanged, 0 kept (in the race "
                                 "file, not in this CSV)\n",
                                 csv));
    r = run({"import", race(), csv});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_TRUE(contains(r.out, ": 0 added, 0 updated, 5 unchanged, 0 kept")) << r.out;

    const auto update = dir.write("update.csv", "bib,name,shirt\n2,Ada King,S\n42,Deep Thought,XL\n");
    r = run({"import", race(), update});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_TRUE(contains(r.out, ": 1 added, 1 updated, 0 unchanged, 4 kept")) << r.out;
    EXPECT_TRUE(contains(r.out, "ignored columns: shirt\n")) << r.out;
}

TEST_F(Cli, ImportRejectsBadRowsWithTheirLines) {
    ASSERT_EQ(init_example().exit_code, 0);
    const auto csv = dir.write("people.csv", "bib,name,wave\n1,Ada,A\n2,Grace,Z\n1,Alan,B\n");
    const auto r = run({"import", race(), csv});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_TRUE(r.err.starts_with(fmt::format("finishline: error: {}: 2 problem(s), nothing was imported:", csv)))
        << r.err;
    EXPECT_TRUE(contains(r.err, fmt::format("{}:3: unknown wave 'Z' for event '5K'", csv))) << r.err;
    EXPECT_TRUE(contains(r.err, fmt::format("{}:4: duplicate bib '1' (also on line 2)", csv))) << r.err;
    EXPECT_TRUE(contains(run({"participants", race()}).out, "0 participant(s)"));
}

TEST_F(Cli, ImportMissingCsv) {
    ASSERT_EQ(init_example().exit_code, 0);
    const auto r = run({"import", race(), dir.file("nope.csv")});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_EQ(r.err, fmt::format("finishline: error: cannot read '{}': check the path\n", dir.file("nope.csv")));
}

// --- participants --------------------------------------------------------------------------

TEST_F(Cli, ParticipantsListsEveryone) {
    ASSERT_EQ(init_example().exit_code, 0);
    ASSERT_EQ(run({"import", race(), example("participants.csv")}).exit_code, 0);
    const auto r = run({"participants", race()});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_TRUE(r.out.starts_with("bib ")) << r.out;
    EXPECT_TRUE(contains(r.out, "Guido van Rossum")) << r.out;
    EXPECT_TRUE(contains(r.out, "CT0001;CT1001")) << r.out;
    EXPECT_TRUE(contains(r.out, "\n007 ")) << r.out;
    EXPECT_TRUE(contains(r.out, "\n7 ")) << r.out;
    EXPECT_TRUE(contains(r.out, "Navy, US")) << r.out;
    EXPECT_TRUE(r.out.ends_with("5 participant(s)\n")) << r.out;
    // Bib order: shorter bibs first, so 7 comes before 007.
    EXPECT_LT(r.out.find("\n7 "), r.out.find("\n007 "));
}

TEST_F(Cli, ParticipantsOfOneEvent) {
    const auto config = dir.write("race.toml", R"toml([race]
name = "Harbour Runs"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:30:00"
[[events]]
name = "10K"
distance_m = 10000
start = "07:00:00"
)toml");
    ASSERT_EQ(run({"init", race(), "--config", config}).exit_code, 0);
    const auto csv = dir.write("people.csv", "bib,name,event\n1,Ada,5K\n2,Grace,10K\n3,Alan,10K\n");
    ASSERT_EQ(run({"import", race(), csv}).exit_code, 0);
    const auto r = run({"participants", race(), "--event", "10K"});
    EXPECT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_TRUE(contains(r.out, "Grace")) << r.out;
    EXPECT_TRUE(contains(r.out, "Alan")) << r.out;
    EXPECT_FALSE(contains(r.out, "Ada")) << r.out;
    EXPECT_TRUE(r.out.ends_with("2 participant(s)\n")) << r.out;
}

TEST_F(Cli, ParticipantsOfAnUnknownEvent) {
    ASSERT_EQ(init_example().exit_code, 0);
    const auto r = run({"participants", race(), "--event", "Half"});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_EQ(r.err, fmt::format("finishline: error: no event named 'Half' in {}\n", race()));
}

TEST_F(Cli, MissingRaceFileSaysToRunInit) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"participants", race()},
          std::vector<std::string>{"import", race(), example("participants.csv")}}) {
        const auto r = run(args);
        EXPECT_EQ(r.exit_code, 1) << lines_of(r);
        EXPECT_EQ(r.err, fmt::format("finishline: error: race file '{}' does not exist: create it "
                                     "with 'finishline init {} --config race.toml'\n",
                                     race(), race()));
    }
    EXPECT_FALSE(std::filesystem::exists(race()));
}

TEST_F(Cli, NotARaceFile) {
    dir.write("race.db", "bib,name\n1,Ada\n");
    const auto r = run({"participants", race()});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_TRUE(contains(r.err, fmt::format("'{}' is not a FinishLine race file", race()))) << r.err;
}

}  // namespace
}  // namespace fl::cli
