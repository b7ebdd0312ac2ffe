// Bad input a user meets at the command line: `finishline` run as a child process on real
// race files. Each case: exit code 1 with a one-line reason naming the file (and line) and
// what was expected, and the race file exactly as it was.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include "tests/badinput/catalogue.hpp"
#include "tests/ingest/child_process.hpp"

using namespace fl;
using namespace fl::test;

namespace {

const std::string config_toml = race_head +
                                listening_reader("finish-mat", "mylaps",
                                                 "locations = { \"10KM\" = \"finish\" }\n") +
                                "[marshal]\nlisten = \"127.0.0.1:0\"\n";

// A race file made with `finishline init` and `import`, as a timer would.
class BadInputCommandLine : public CommandLineRace {
protected:
    void SetUp() override { make_race(config_toml); }
    void expect_refused(const RunResult& r, std::initializer_list<std::string_view> parts) {
        expect_user_error(r, parts);
    }
    void expect_race_file_unchanged() { EXPECT_EQ(Stored::in(race), before); }
    // Imports `csv` (written to bad.csv), which must be refused naming its lines.
    RunResult import_csv(std::string_view csv) {
        dir.write("bad.csv", csv);
        return run({"import", race, dir.file("bad.csv")});
    }
};

// `finishline serve` in the background, its ports read from its log.
struct ServeChild {
    std::string err_path;
    std::unique_ptr<ChildProcess> child;
    std::map<std::string, std::uint16_t> ports;
    ServeChild(const TempDir& dir, const std::string& race, const std::string& tag)
        : err_path(dir.file(tag + ".err")) {
        child = std::make_unique<ChildProcess>(std::vector<std::string>{FL_BINARY, "serve", race},
                                               dir.file(tag + ".out"), err_path);
        if (!wait_for([&] { return has_text(slurp(err_path), "service: serving"); }))
            throw std::runtime_error("serve did not start: " + slurp(err_path));
        const std::regex listening(R"(([\w-]+): listening on 127\.0\.0\.1:(\d+))");
        const auto log = slurp(err_path);
        for (std::sregex_iterator it(log.begin(), log.end(), listening), end; it != end; ++it)
            ports[(*it)[1]] = static_cast<std::uint16_t>(std::stoi((*it)[2]));
    }
    std::string log() const { return slurp(err_path); }
};

}  // namespace

// Expected: a config with an unknown key is refused naming the file, the line and the key
// ("unknown key (check the spelling...)"); the existing race file is left as it was.
TEST_F(BadInputCommandLine, ConfigWithAnUnknownKeyNamesFileLineAndKey) {
    auto toml = config_toml;
    toml.replace(toml.find("min_time"), 8, "min_tme");
    const auto path = dir.write("typo.toml", toml);
    const auto r = run({"init", race, "--config", path});
    expect_refused(r, {"typo.toml:9:", "events[1].min_tme",  "unknown key (check the spelling"});
    expect_race_file_unchanged();
    EXPECT_EQ(timing::RaceFile(race, timing::RaceFile::Access::read_only).config().events.at(0).min_time,
              std::chrono::minutes{10});
}

// Expected: two readers with the same name are refused ("reader ... is defined twice") naming
// the file and line; the race file is left as it was.
TEST_F(BadInputCommandLine, TwoReadersWithTheSameNameAreRefused) {
    const auto toml = config_toml + listening_reader("finish-mat", "chronotrack");
    const auto path = dir.write("twice.toml", toml);
    const auto r = run({"init", race, "--config", path});
    expect_refused(r, {"twice.toml", "reader \"finish-mat\" is defined twice"});
    expect_race_file_unchanged();
}

// Expected: an import with a bib twice is refused as a whole naming the line of the second;
// nothing is imported.
TEST_F(BadInputCommandLine, ImportWithADuplicateBibIsRefusedWhole) {
    const auto r = import_csv("bib,name,wave,chip\n10,New One,A,CT0010\n10,New Two,A,CT0011\n");
    expect_refused(r, {"bad.csv:3: duplicate bib '10' (also on line 2)"});
    expect_race_file_unchanged();
}

// Expected: an import giving one chip to two bibs is refused naming the line and the chip;
// nothing is imported.
TEST_F(BadInputCommandLine, ImportWithAChipOnTwoBibsIsRefusedWhole) {
    const auto r = import_csv("bib,name,wave,chip\n10,New One,A,CT0010\n11,New Two,A,CT0010\n");
    expect_refused(r, {"bad.csv:3: chip 'CT0010' already used by bib '10' (line 2)"});
    expect_race_file_unchanged();
}

// Expected: an import giving a new bib a chip another runner already wears is refused
// naming the chip and its bib; nothing is imported.
TEST_F(BadInputCommandLine, ImportOfAChipAlreadyWornByAnotherBibIsRefused) {
    const auto r = import_csv("bib,name,wave,chip\n10,New One,A,CT0001\n");
    expect_refused(r, {"bad.csv:2: chip 'CT0001' already used by bib '1' in the race file"});
    expect_race_file_unchanged();
}

// Expected: an import naming an event the race lacks is refused naming the line and the
// event; nothing is imported.
TEST_F(BadInputCommandLine, ImportWithAnUnknownEventIsRefused) {
    const auto r = import_csv("bib,name,event\n10,New One,10K\n");
    expect_refused(r, {"bad.csv:2: unknown event '10K': expected one of '5K'"});
    expect_race_file_unchanged();
}

// Expected: an import naming a wave the event lacks is refused naming the line and the wave;
// nothing is imported.
TEST_F(BadInputCommandLine, ImportWithAnUnknownWaveIsRefused) {
    const auto r = import_csv("bib,name,wave\n10,New One,C\n");
    expect_refused(r, {"bad.csv:2: unknown wave 'C' for event '5K'"});
    expect_race_file_unchanged();
}

// Expected: an import row with the wrong number of fields is refused naming the line and the
// counts; nothing is imported.
TEST_F(BadInputCommandLine, ImportWithAWrongFieldCountIsRefused) {
    const auto r = import_csv("bib,name,wave\n10,New One,A\n11,New Two\n");
    expect_refused(r, {"bad.csv:3: 2 fields, but the header has 3 (check quoting and commas)"});
    expect_race_file_unchanged();
}

// Expected: `enter --at 25:61:00` is refused saying the format expected; nothing is stored.
TEST_F(BadInputCommandLine, ManualFinishWithAnImpossibleTimeIsRefused) {
    const auto r = run({"enter", race, "1", "--at", "25:61:00"});
    expect_refused(r, {"--at: expected a time of day HH:MM:SS[.fff], got \"25:61:00\""});
    expect_race_file_unchanged();
}

// Expected: a second `serve` on the same race file exits 1 saying one is already running (and
// how to see it); the first keeps acknowledging and storing reads.
TEST_F(BadInputCommandLine, SecondServeOnTheSameRaceFileIsRefused) {
    ServeChild first(dir, race, "first");
    auto dev = MylapsDevice::connect(first.ports.at("finish-mat"));
    dev.send(1, {MylapsDevice::passing("CT0001", "07:25:00.000")});
    ASSERT_EQ(dev.read_ack(), 1) << first.log();
    const auto second = run({"serve", race});
    expect_refused(second, {"another 'finishline serve' is already running for '" + race + "'",
                            "finishline status"});
    dev.send(2, {MylapsDevice::passing("CT0002", "07:26:00.000")});
    EXPECT_EQ(dev.read_ack(), 2) << first.log();
    first.child->signal(SIGTERM);
    EXPECT_EQ(first.child->wait(), 0) << first.log();
    EXPECT_EQ(Stored::in(race).reads, before.reads + 2);
}

// Expected: `serve` on a race file the user may not write is refused at once, naming the file
// and saying to make it writable, instead of taking reads it could not store.
TEST_F(BadInputCommandLine, ReadOnlyRaceFileIsRefusedByServe) {
    ASSERT_EQ(::chmod(race.c_str(), 0444), 0);
    std::vector<std::string> serve{FL_BINARY, "serve", race};
    if (::geteuid() == 0) {
        // root writes through file modes: run the command as an unprivileged user instead.
        if (!std::filesystem::exists("/usr/bin/setpriv")) GTEST_SKIP() << "root without setpriv";
        ::chmod(dir.path().c_str(), 0777);
        serve.insert(serve.begin(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
    }
    const auto r = run_command(serve, dir.path().string());
    expect_refused(r, {race, "read-only"});
    ::chmod(race.c_str(), 0644);
    expect_race_file_unchanged();
}
