// The race file copied as timers copy it (to a USB stick, by mail): race.db alone, without the
// race.db-wal beside it, must hold the whole race once the program that wrote it has ended;
// `finishline backup` gives a checked copy while `finishline serve` keeps storing reads.
// The real binary, real files, real sockets.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "tests/ingest/child_process.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/support/run_finishline.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/race_file.hpp"

namespace fl::cli {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::string race_toml = R"([race]
name = "Copy Test"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
[[timing_points]]
name = "finish"
role = "finish"
[[readers]]
name = "finish-mat"
protocol = "mylaps"
listen = "127.0.0.1:0"
timing_point = "finish"
[marshal]
listen = "127.0.0.1:0"
token = "s3cret-finish-line"
)";

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::string shown(const test::CommandOutput& r) {
    return fmt::format("exit {}\n--- stdout\n{}--- stderr\n{}", r.exit_code, r.out, r.err);
}

// A running `finishline serve`, with the ports it bound read from its log.
struct Served {
    std::string err_path;
    std::unique_ptr<test::ChildProcess> child;
    std::map<std::string, std::uint16_t> ports;

    Served(const TempDir& dir, const std::string& race) : err_path(dir.file("serve.err")) {
        child = std::make_unique<test::ChildProcess>(std::vector<std::string>{FL_BINARY, "serve", race},
                                                     dir.file("serve.out"), err_path);
        const bool up = test::wait_for([&] { return contains(test::slurp(err_path), "service: serving"); });
        if (!up) throw std::runtime_error("serve did not start: " + test::slurp(err_path));
        const std::regex listening(R"(([\w-]+): listening on 127\.0\.0\.1:(\d+))");
        const auto log = test::slurp(err_path);
        for (std::sregex_iterator it(log.begin(), log.end(), listening), end; it != end; ++it)
            ports[(*it)[1]] = static_cast<std::uint16_t>(std::stoi((*it)[2]));
    }
    std::string log() const { return test::slurp(err_path); }
    // Ctrl-C / SIGTERM: the clean end every race has.
    void stop() {
        child->signal(SIGTERM);
        EXPECT_EQ(child->wait(), 0) << log();
    }
};

// Finishes keyed on the marshal port, each acknowledged before the next.
void key_finishes(std::uint16_t port, int count) {
    auto marshal = test::TcpPeer::connect(port);
    marshal.send("AUTH s3cret-finish-line\r\n");
    ASSERT_EQ(marshal.read_line(), "OK authenticated");
    for (int i = 0; i < count; ++i) {
        marshal.send(fmt::format("{} 07:{:02}:00\r\n", i % 2 + 1, 20 + i));
        const auto reply = marshal.read_line();
        ASSERT_TRUE(reply && reply->starts_with("OK E")) << reply.value_or("(no reply)");
    }
}

class RaceFileCopy : public ::testing::Test {
protected:
    RaceFileCopy() {
        dir.write("race.toml", race_toml);
        dir.write("people.csv", "bib,name,chip\n1,Ann,CT0001\n2,Bob,CT0002\n3,Cy,CT0003\n");
        EXPECT_EQ(run({"init", race, "--config", dir.file("race.toml")}).exit_code, 0);
        EXPECT_EQ(run({"import", race, dir.file("people.csv")}).exit_code, 0);
    }

    test::CommandOutput run(std::vector<std::string> args) {
        auto r = test::run_finishline(dir, std::move(args));
        EXPECT_FALSE(contains(r.err, "Sanitizer") || contains(r.err, "runtime error:")) << r.err;
        return r;
    }

    // What a timer does: race.db alone onto the stick, then the stick's copy opened elsewhere.
    timing::RaceCounts counts_of_plain_copy() {
        const auto copy = usb.file("race.db");
        fs::remove(copy);
        fs::copy_file(race, copy);
        timing::RaceFile file(copy, timing::RaceFile::Access::read_only);
        return file.counts();
    }

    TempDir dir;
    TempDir usb;
    std::string race = dir.file("race.db");
};

// --- every writer leaves race.db complete -------------------------------------------------

TEST_F(RaceFileCopy, InitImportStartAndEnterEachLeaveTheFileComplete) {
    auto c = counts_of_plain_copy();
    EXPECT_EQ(c.participants, 3);
    EXPECT_EQ(c.chips, 3);
    ASSERT_EQ(run({"start", race, "--event", "5K", "--at", "07:00:00"}).exit_code, 0);
    EXPECT_EQ(counts_of_plain_copy().entries, 1);
    ASSERT_EQ(run({"enter", race, "2", "--at", "07:20:00"}).exit_code, 0);
    ASSERT_EQ(run({"enter", race, "1", "--at", "07:20:00"}).exit_code, 0);
    EXPECT_EQ(counts_of_plain_copy().entries, 3);
    // results on the copy: the stick holds the race.
    const auto r = run({"results", usb.file("race.db"), "--format", "csv"});
    EXPECT_EQ(r.exit_code, 0) << shown(r);
    EXPECT_TRUE(contains(r.out, "Ann") && contains(r.out, "Bob")) << r.out;
}

TEST_F(RaceFileCopy, ServeLeavesTheFileCompleteWhenItEnds) {
    std::set<int> acked;
    {
        Served served(dir, race);
        key_finishes(served.ports.at("marshal"), 12);
        auto dev = test::MylapsDevice::connect(served.ports.at("finish-mat"));
        for (int m = 1; m <= 40; ++m) {
            ASSERT_TRUE(dev.send(m, {test::MylapsDevice::passing(fmt::format("CT{:04}", m % 3 + 1),
                                                                 fmt::format("07:{:02}:{:02}.000", 20 + m / 60, m % 60))}));
            if (const auto ack = dev.read_ack()) acked.insert(*ack);
        }
        served.stop();
    }
    ASSERT_EQ(acked.size(), 40u);
    const auto c = counts_of_plain_copy();
    EXPECT_EQ(c.entries, 12);
    EXPECT_EQ(c.reads, 40);
}

TEST_F(RaceFileCopy, EnterWhileServeRunsExitsZeroAndLeavesTheFileComplete) {
    Served served(dir, race);
    key_finishes(served.ports.at("marshal"), 5);
    const auto r = run({"enter", race, "3", "--at", "07:45:00"});
    EXPECT_EQ(r.exit_code, 0) << shown(r);
    // Copied while the service still runs (idle): the keyed finishes and the CLI's one.
    EXPECT_EQ(counts_of_plain_copy().entries, 6);
    served.stop();
}

// --- finishline backup ---------------------------------------------------------------------

// Streams MYLAPS passings (one per message, each acknowledged) until told to stop.
class Stream {
public:
    explicit Stream(std::uint16_t port) : device_(test::MylapsDevice::connect(port)) {
        thread_ = std::thread([this] {
            for (int m = 1; !stop_; ++m) {
                const auto passing = test::MylapsDevice::passing(fmt::format("CT{:04}", m % 3 + 1),
                                                                 fmt::format("07:{:02}:{:02}.{:03}", 20 + m / 60000,
                                                                             m / 1000 % 60, m % 1000));
                if (!device_.send(m, {passing})) break;
                const auto ack = device_.read_ack();
                if (!ack) break;
                std::lock_guard lock(mutex_);
                acked_[*ack] = device_.stored_raw(passing);
            }
        });
    }
    ~Stream() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    std::map<int, std::string> acked() const {
        std::lock_guard lock(mutex_);
        return acked_;
    }

private:
    test::MylapsDevice device_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::map<int, std::string> acked_;  // message number -> the raw text stored
    std::thread thread_;
};

TEST_F(RaceFileCopy, BackupWhileServeTakesReadsHoldsEverythingCommittedBefore) {
    Served served(dir, race);
    key_finishes(served.ports.at("marshal"), 3);
    Stream stream(served.ports.at("finish-mat"));
    ASSERT_TRUE(test::wait_for([&] { return stream.acked().size() >= 50; })) << served.log();
    const auto before = stream.acked();  // each one committed before the backup began

    const auto copy = usb.file("copy.db");
    const auto r = run({"backup", race, copy});
    ASSERT_EQ(r.exit_code, 0) << shown(r);
    const auto after = stream.acked().size();
    // The service went on storing: stop only once it has stored more after the backup ended.
    ASSERT_TRUE(test::wait_for([&] { return stream.acked().size() >= after + 20; })) << served.log();
    stream.stop();
    served.stop();

    EXPECT_FALSE(fs::exists(copy + "-wal")) << "the copy is one file";
    timing::RaceFile file(copy, timing::RaceFile::Access::read_only);
    const auto c = file.counts();
    auto st = file.db().prepare("SELECT count(*) FROM reads WHERE raw = ?");
    for (const auto& [m, raw] : before) {
        st.bind(1, raw);
        ASSERT_TRUE(st.step());
        EXPECT_EQ(st.column_int64(0), 1) << "message " << m << " was acknowledged before the backup";
        st.reset();
    }
    EXPECT_GE(c.reads, static_cast<std::int64_t>(before.size()));
    EXPECT_EQ(c.entries, 3);
    EXPECT_EQ(c.participants, 3);
    timing::RaceFile live(race, timing::RaceFile::Access::read_only);
    EXPECT_LT(c.reads, live.count("reads")) << "a snapshot, not the end of the race";
    EXPECT_EQ(r.out, fmt::format("copied {} to {}: 3 participant(s), 3 chip(s), {} read(s), 3 entries, "
                                 "0 correction(s), 0 clock sync(s), 0 refused record(s); integrity check ok\n",
                                 race, copy, c.reads))
        << "the counts printed are those of the copy";
}

TEST_F(RaceFileCopy, BackupOfAStoppedRaceOpensAnywhere) {
    ASSERT_EQ(run({"enter", race, "1", "--at", "07:20:00"}).exit_code, 0);
    const auto copy = usb.file("copy.db");
    const auto r = run({"backup", race, copy});
    ASSERT_EQ(r.exit_code, 0) << shown(r);
    EXPECT_TRUE(contains(r.out, "1 entry")) << r.out;
    // From write-protected media, as a stick locked against writing would be.
    fs::permissions(usb.path(), fs::perms::owner_read | fs::perms::owner_exec);
    const auto results = run({"results", copy, "--format", "csv"});
    fs::permissions(usb.path(), fs::perms::owner_all);
    EXPECT_EQ(results.exit_code, 0) << shown(results);
    EXPECT_TRUE(contains(results.out, "Ann")) << results.out;
}

TEST_F(RaceFileCopy, BackupRefusesToOverwriteUnlessForced) {
    const auto copy = usb.write("copy.db", "the previous copy");
    auto r = run({"backup", race, copy});
    EXPECT_EQ(r.exit_code, 1) << shown(r);
    EXPECT_EQ(r.err, fmt::format("finishline: error: '{}' already exists: choose another name, or add "
                                 "--force to replace it\n",
                                 copy));
    EXPECT_EQ(test::slurp(copy), "the previous copy");

    r = run({"backup", race, copy, "--force"});
    EXPECT_EQ(r.exit_code, 0) << shown(r);
    timing::RaceFile file(copy, timing::RaceFile::Access::read_only);
    EXPECT_EQ(file.count("participants"), 3);
}

TEST_F(RaceFileCopy, BackupRefusals) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    dir.write("notes.db", "not a database at all, just notes");
    // A copy some program still has open: its log beside it is not empty.
    const auto busy = dir.write("busy.db", "an older copy");
    dir.write("busy.db-wal", "frames not yet checkpointed");
    const std::vector<Case> cases = {
        {{"backup", race, race, "--force"}, "is the race file itself: give the copy another name"},
        {{"backup", race, dir.file("no-such-folder/copy.db")}, "folder '" + dir.file("no-such-folder") + "' does not exist"},
        {{"backup", dir.file("missing.db"), usb.file("copy.db")}, "does not exist"},
        {{"backup", dir.file("notes.db"), usb.file("copy.db")}, "is not a FinishLine race file"},
        {{"backup", race, usb.path().string(), "--force"}, "is a folder: give the copy a file name"},
        {{"backup", race, busy, "--force"}, "is in use or was not closed cleanly"},
    };
    for (const auto& c : cases) {
        const auto r = run(c.args);
        EXPECT_EQ(r.exit_code, 1) << shown(r);
        EXPECT_TRUE(contains(r.err, c.message)) << shown(r);
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
    }
    for (const auto& args : std::vector<std::vector<std::string>>{{"backup"}, {"backup", race}})
        EXPECT_EQ(run(args).exit_code, 2);
    EXPECT_TRUE(fs::is_empty(usb.path())) << "nothing written, not even a partial copy";
    EXPECT_EQ(test::slurp(busy), "an older copy");
    for (const auto& e : fs::directory_iterator(dir.path()))
        EXPECT_FALSE(contains(e.path().filename().string(), "partial")) << e.path();
}

}  // namespace
}  // namespace fl::cli
