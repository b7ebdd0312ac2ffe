#pragma once
// What every bad-input case shares: the rows stored before and after (nothing lost), a
// marshal exchange, a full re-score of the race file, and a night race for midnight cases.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "results/replay.hpp"
#include "tests/ingest/child_process.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/served_race.hpp"
#include "timing/race_file.hpp"

namespace fl::test {

// The stored rows of a race file.
struct Stored {
    std::int64_t reads = 0, entries = 0, corrections = 0, participants = 0, chips = 0;
    static Stored in(const std::string& path) {
        timing::RaceFile f(path, timing::RaceFile::Access::read_only);
        return {f.count("reads"), f.count("entries"), f.count("corrections"),
                f.count("participants"), f.count("chips")};
    }
    bool operator==(const Stored&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const Stored& s) {
    return os << "reads=" << s.reads << " entries=" << s.entries << " corrections=" << s.corrections
              << " participants=" << s.participants << " chips=" << s.chips;
}

// Nothing stored before is lost: every count is at least what it was, and `kept_raw` (a read
// committed before the bad input) is still there exactly once.
inline void expect_nothing_lost(const ServedRace& race, const Stored& before,
                                std::string_view kept_raw = {}) {
    const auto after = Stored::in(race.path());
    EXPECT_GE(after.reads, before.reads) << after;
    EXPECT_GE(after.entries, before.entries) << after;
    EXPECT_GE(after.corrections, before.corrections) << after;
    EXPECT_EQ(after.participants, before.participants) << after;
    EXPECT_EQ(after.chips, before.chips) << after;
    if (!kept_raw.empty()) {
        EXPECT_EQ(race.stored_raw(kept_raw), 1) << kept_raw;
    }
}

// A ChronoTrack read committed before the bad input: returns its raw text.
inline std::string commit_first_read(ServedRace& race, ChronoTrackDevice& dev, int seq = 1,
                                     std::string_view chip = "CT0001",
                                     std::string_view time = "07:25:00.00") {
    const auto raw = ChronoTrackDevice::read_line_for(seq, chip, time);
    dev.peer.send(raw + "\r\n");
    if (!wait_for([&] { return race.stored_raw(raw) == 1; }))
        ADD_FAILURE() << "the first good read was not stored:\n" << race.log_text();
    return raw;
}

// Sends one marshal line, returns the answer line.
inline std::string marshal_reply(TcpPeer& m, std::string_view line) {
    m.send(std::string(line) + "\r\n");
    return m.read_line().value_or("(no reply)");
}

// A full re-score of what the race file holds.
inline std::shared_ptr<const results::Standings> rescored(const std::string& path) {
    timing::RaceFile f(path, timing::RaceFile::Access::read_only);
    auto engine = results::load_engine(f);
    return engine.rescore();
}

inline bool has_text(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// The E2E race with its gun at 22:00, so that reads cross midnight.
inline const std::string night_race_head = R"([race]
name = "Midnight 5K"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "22:00:00"
min_time = "00:10:00"
  [[events.waves]]
  name = "A"
  offset = "00:00:00"
  [[events.waves]]
  name = "B"
  offset = "00:05:00"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000
)";

// A race file made with `finishline init` and `import` from `config_toml` and the served race's
// participants, as a timer would, with `finishline` run on it as a child process.
class CommandLineRace : public ::testing::Test {
protected:
    void make_race(const std::string& config_toml) {
        dir.write("race.toml", config_toml);
        dir.write("participants.csv", participants_csv);
        ASSERT_EQ(run({"init", race, "--config", dir.file("race.toml")}).exit_code, 0);
        ASSERT_EQ(run({"import", race, dir.file("participants.csv")}).exit_code, 0);
        before = Stored::in(race);
    }
    RunResult run(std::vector<std::string> args) {
        args.insert(args.begin(), FL_BINARY);
        return run_command(args, dir.path().string());
    }
    // A user error: exit 1 and one line on stderr holding every `parts`.
    void expect_user_error(const RunResult& r, std::initializer_list<std::string_view> parts) {
        EXPECT_EQ(r.exit_code, 1) << r.err;
        for (auto p : parts) EXPECT_TRUE(has_text(r.err, p)) << "missing \"" << p << "\" in: " << r.err;
    }

    TempDir dir;
    std::string race = dir.file("race.db");
    Stored before;
};

}  // namespace fl::test
