// Crash safety of `finishline serve`: the real command as a child process, fed by a MYLAPS
// system, a ChronoTrack controller and a marshal over loopback TCP, killed with SIGKILL at a
// random moment, restarted, and fed again by the same senders reconnecting and resending what
// was not acknowledged. After every kill the race file must hold every acknowledged record
// exactly once; at the end it must hold everything sent exactly once, and the exported results
// must equal a full re-score and what was sent.
//
//   FL_CRASH_ROUNDS=n   kills per run (default 5; tools/crash_test.sh runs many more)
//   FL_CRASH_SEED=s     replays a run (the seed is printed at the start)
#include <gtest/gtest.h>

#include <signal.h>

#include <array>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "results/exports.hpp"
#include "results/replay.hpp"
#include "tests/crash/crash_devices.hpp"
#include "tests/ingest/child_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

using namespace fl;
using namespace fl::test;
using namespace fl::test::crash;
using namespace std::chrono;

namespace {

constexpr std::string_view marshal_token = "crash-test-token";
constexpr std::string_view mylaps_reader = "mylaps-mat", chronotrack_reader = "ct-mat";

const std::string race_toml = fmt::format(R"([race]
name = "Crash Test 5K"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
min_time = "00:10:00"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000
[[readers]]
name = "{}"
protocol = "mylaps"
listen = "127.0.0.1:0"
timing_point = "finish"
[[readers]]
name = "{}"
protocol = "chronotrack"
listen = "127.0.0.1:0"
timing_point = "finish"
[marshal]
listen = "127.0.0.1:0"
token = "{}"
)",
                                          mylaps_reader, chronotrack_reader, marshal_token);

struct Settings {
    int rounds = 5;
    std::uint64_t seed = 0;
};

Settings settings_from_env() {
    Settings s;
    if (const char* r = std::getenv("FL_CRASH_ROUNDS"); r && *r) s.rounds = std::max(1, std::atoi(r));
    if (const char* v = std::getenv("FL_CRASH_SEED"); v && *v) {
        s.seed = std::strtoull(v, nullptr, 10);
    } else {
        s.seed = std::random_device{}();
    }
    return s;
}

// A running `finishline serve RACE`, with the ports it bound read from its log (port 0 in the
// config: each start picks free ones, and the senders reconnect to them).
class ServeProcess {
public:
    ServeProcess(const std::string& race, const std::string& log_path)
        : log_path_(log_path),
          child_({FL_BINARY, "serve", race}, log_path + ".out", log_path) {
        if (!wait_for([&] { return log().find("service: serving") != std::string::npos; }))
            throw std::runtime_error("serve did not start: " + log());
        const std::regex listening(R"(([\w-]+): listening on 127\.0\.0\.1:(\d+))");
        const auto text = log();
        for (std::sregex_iterator it(text.begin(), text.end(), listening), end; it != end; ++it)
            ports_[(*it)[1]] = static_cast<std::uint16_t>(std::stoi((*it)[2]));
    }
    std::uint16_t port(std::string_view name) const { return ports_.at(std::string(name)); }
    std::string log() const { return slurp(log_path_); }
    ChildProcess& child() { return child_; }

private:
    std::string log_path_;
    ChildProcess child_;
    std::map<std::string, std::uint16_t> ports_;
};

// The three senders, each on a thread of its own for one connection. The destructor (also on
// a failed assertion) kills the service first so that no sender waits out its patience.
class Senders {
public:
    Senders(ServeProcess& serve, MylapsStream& mylaps, ChronoTrackStream& chronotrack,
            MarshalDesk& marshal, bool send_new)
        : serve_(serve) {
        run([&mylaps, send_new] { mylaps.stream(send_new); });
        run([&chronotrack, send_new] { chronotrack.stream(send_new); });
        run([&marshal, send_new] { marshal.stream(send_new); });
    }
    ~Senders() {
        if (!joined_) serve_.child().signal(SIGKILL);
        join();
    }
    Senders(const Senders&) = delete;
    Senders& operator=(const Senders&) = delete;

    void join() {
        for (auto& t : threads_)
            if (t.joinable()) t.join();
        joined_ = true;
    }
    // What made a sender stop other than its connection closing ("" when nothing did).
    std::string failures() const { return fmt::format("{}", fmt::join(failures_, "")); }

private:
    void run(std::function<void()> body) {
        threads_.emplace_back([this, body = std::move(body), slot = threads_.size()] {
            try {
                body();
            } catch (const std::exception& e) {
                failures_[slot] = e.what();
            }
        });
    }

    ServeProcess& serve_;
    std::array<std::string, 3> failures_;  // one slot per sender, written by its thread only
    std::vector<std::thread> threads_;
    bool joined_ = false;
};

// What the race file holds, read by a connection of our own.
struct Stored {
    std::map<std::string, int> mylaps;           // raw → how many reads carry it
    std::map<std::int64_t, std::vector<std::string>> chronotrack;  // device seq → raws
    std::vector<timing::Read> other_reads;       // any other reader, or a re-keyed sequence
    std::map<std::string, std::vector<timing::Entry>> entries;  // bib → entries
    std::int64_t chronotrack_last = 0;           // highest ChronoTrack sequence stored
};

Stored stored(const std::string& path) {
    timing::RaceFile f(path, timing::RaceFile::Access::read_only);
    std::int64_t mylaps_id = -1, chronotrack_id = -1;
    for (const auto& r : f.config().readers) {
        if (r.name == mylaps_reader) mylaps_id = r.id;
        if (r.name == chronotrack_reader) chronotrack_id = r.id;
    }
    Stored s;
    for (auto& r : f.reads()) {
        if (r.reader_id == mylaps_id) {
            ++s.mylaps[r.raw];
        } else if (r.reader_id == chronotrack_id && r.device_seq > 0) {
            s.chronotrack[r.device_seq].push_back(r.raw);
            s.chronotrack_last = std::max(s.chronotrack_last, r.device_seq);
        } else {
            s.other_reads.push_back(std::move(r));
        }
    }
    for (auto& e : f.entries()) s.entries[e.bib].push_back(std::move(e));
    return s;
}

struct Fleet {
    MylapsStream mylaps;
    ChronoTrackStream chronotrack;
    MarshalDesk marshal;
    explicit Fleet(std::uint64_t seed) : mylaps(seed) {}
};

// Every acknowledged record exactly once and nothing twice; with `everything`, also every
// record sent (after the last restart all of it has been resent and acknowledged). Returns
// how many unacknowledged MYLAPS messages are stored already (committed, then the kill came
// before the AckPassing went out): their resend must not store them again.
int expect_stored_once(const Stored& s, const Fleet& fleet, std::int64_t resume_point,
                       bool everything, const timing::RaceCalendar& calendar) {
    std::set<std::string> sent_raw;
    std::size_t sent_passings = 0;
    int unacked_but_stored = 0;
    for (const auto& [m, passings] : fleet.mylaps.sent()) {
        if (!fleet.mylaps.acked(m) &&
            std::all_of(passings.begin(), passings.end(),
                        [&](const auto& p) { return s.mylaps.count(fleet.mylaps.stored_raw(p)) > 0; }))
            ++unacked_but_stored;
        for (const auto& p : passings) {
            const auto raw = fleet.mylaps.stored_raw(p);
            sent_raw.insert(raw);
            ++sent_passings;
            const auto it = s.mylaps.find(raw);
            const int n = it == s.mylaps.end() ? 0 : it->second;
            if (fleet.mylaps.acked(m) || everything) {
                EXPECT_EQ(n, 1) << "MYLAPS message " << m << (fleet.mylaps.acked(m) ? " (acknowledged)" : "")
                                << ": " << raw;
            }
        }
    }
    for (const auto& [raw, n] : s.mylaps) {
        EXPECT_EQ(n, 1) << "MYLAPS passing stored " << n << " times: " << raw;
        EXPECT_TRUE(sent_raw.count(raw)) << "MYLAPS read nobody sent: " << raw;
    }
    if (everything) {
        EXPECT_EQ(s.mylaps.size(), sent_passings);
    }

    // ChronoTrack: the stored sequences are 1..last with no gap (a resume from `last` skips
    // nothing), each once with the bytes sent, and never fewer than the resume point the
    // device was given before.
    EXPECT_GE(s.chronotrack_last, resume_point) << "ChronoTrack reads the service had resumed past are gone";
    EXPECT_EQ(static_cast<std::int64_t>(s.chronotrack.size()), s.chronotrack_last)
        << "a gap in the stored ChronoTrack sequences: a resume from the last would skip reads";
    for (const auto& [seq, raws] : s.chronotrack) {
        if (seq > fleet.chronotrack.sent()) {
            ADD_FAILURE() << "ChronoTrack sequence " << seq << " nobody sent";
            continue;
        }
        EXPECT_EQ(raws, std::vector<std::string>{fleet.chronotrack.line(seq)}) << "ChronoTrack seq " << seq;
    }
    if (everything) {
        EXPECT_EQ(s.chronotrack_last, fleet.chronotrack.sent());
    }
    for (const auto& r : s.other_reads)
        ADD_FAILURE() << "unexpected read R" << r.id << " (reader " << r.reader_id << ", seq "
                      << r.device_seq << "): " << r.raw;

    // Marshal: each bib keyed once, so each bib has at most one entry; an `OK E<id>` one has
    // exactly that entry, at the stated time.
    std::set<std::string> keyed;
    for (const auto& line : fleet.marshal.lines()) {
        const auto bib = std::to_string(line.bib);
        keyed.insert(bib);
        const auto it = s.entries.find(bib);
        const auto n = it == s.entries.end() ? 0 : it->second.size();
        if (line.reply.starts_with("OK E") || everything) {
            EXPECT_EQ(n, 1u) << "marshal line \"" << line.text << "\" answered \"" << line.reply << "\"";
            if (n == 0) continue;
            const auto& e = it->second.front();
            EXPECT_EQ(e.time, calendar.at_local(milliseconds{line.at_ms})) << line.text;
            if (!line.reply.empty()) {
                EXPECT_TRUE(line.reply.starts_with(fmt::format("OK E{} finish {} ", e.id, bib))) << line.reply;
            }
        }
    }
    for (const auto& [bib, list] : s.entries) {
        EXPECT_EQ(list.size(), 1u) << "bib " << bib << " has " << list.size() << " entries";
        EXPECT_TRUE(keyed.count(bib)) << "an entry nobody keyed: bib " << bib;
    }
    return unacked_but_stored;
}

// The results a timer exports (`finishline results`, the engine fed row by row) must equal a
// full re-score of the same file, and the finishes follow from what was sent: each runner's
// earliest crossing.
void expect_results(const std::string& path, const std::string& dir, const Fleet& fleet) {
    const auto exported = run_command({FL_BINARY, "results", path, "--format", "csv"}, dir);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;

    timing::RaceFile f(path, timing::RaceFile::Access::read_only);
    auto engine = results::load_engine(f);
    const auto rescored = engine.rescore();
    EXPECT_EQ(exported.out, results::to_csv(*rescored)) << "the exported results differ from a full re-score";

    std::map<std::string, std::int64_t> first;  // bib → earliest crossing (ms of the day)
    const auto take = [&](int bib, std::int64_t at) {
        auto [it, fresh] = first.try_emplace(std::to_string(bib), at);
        if (!fresh) it->second = std::min(it->second, at);
    };
    for (const auto& c : fleet.mylaps.crossings()) take(c.bib, c.at_ms);
    for (const auto& c : fleet.chronotrack.crossings()) take(c.bib, c.at_ms);
    for (const auto& l : fleet.marshal.lines()) take(l.bib, l.at_ms);

    ASSERT_EQ(rescored->events.size(), 1u);
    const auto& event = *rescored->events.front();
    EXPECT_EQ(event.counts.finished, static_cast<int>(first.size()));
    EXPECT_EQ(event.counts.entered, participants);
    for (const auto& row : event.rows) {
        const auto& r = *row.runner;
        const auto it = first.find(r.bib);
        if (it == first.end()) {
            EXPECT_EQ(r.status, results::Status::dns) << "bib " << r.bib;
            continue;
        }
        EXPECT_EQ(r.status, results::Status::finished) << "bib " << r.bib;
        const microseconds expected = milliseconds{it->second} - hours{7};
        EXPECT_EQ(r.gun_time.value_or(microseconds{-1}).count(), expected.count()) << "bib " << r.bib;
    }
    EXPECT_TRUE(rescored->unassigned_reads->empty());
    EXPECT_TRUE(rescored->flagged_reads->empty());
    EXPECT_TRUE(rescored->conflicts->empty());
}

}  // namespace

TEST(CrashSafety, SigkillAtRandomMomentsLosesNothingAcknowledgedAndStoresEachRecordOnce) {
    const auto settings = settings_from_env();
    fmt::print("crash test: {} kill(s), seed {} (replay: FL_CRASH_SEED={} FL_CRASH_ROUNDS={})\n",
               settings.rounds, settings.seed, settings.seed, settings.rounds);
    SCOPED_TRACE(fmt::format("FL_CRASH_SEED={} FL_CRASH_ROUNDS={}", settings.seed, settings.rounds));

    TempDir dir;
    const auto race = dir.file("race.db");
    {
        auto file = timing::RaceFile::init(race, race_toml, "crash.toml", dir.path().string());
        std::string csv = "bib,name,chip\n";
        for (int bib = 1; bib <= participants; ++bib) csv += fmt::format("{},Runner {},{}\n", bib, bib, chip_of(bib));
        timing::import_participants_csv(file, csv, "crash.csv");
    }
    const auto calendar = timing::RaceFile(race, timing::RaceFile::Access::read_only).config().calendar();

    std::mt19937_64 rng(settings.seed);
    Fleet fleet(rng());
    std::int64_t resume_point = 0;  // the highest ChronoTrack sequence the file holds
    std::size_t unacked_at_kills = 0;
    int unacked_but_stored_at_kills = 0;
    std::int64_t ct_unstored_at_kills = 0;

    for (int round = 1; round <= settings.rounds + 1; ++round) {
        SCOPED_TRACE(fmt::format("round {}", round));
        const bool last = round > settings.rounds;
        const auto started = steady_clock::now();
        ServeProcess serve(race, dir.file(fmt::format("serve-{}.log", round)));

        // The senders come back: the controller must be asked to resume from the last stored
        // sequence, and the marshal re-keys only the unanswered lines that are not stored.
        fleet.mylaps.connect(serve.port(mylaps_reader));
        fleet.chronotrack.connect(serve.port(chronotrack_reader));
        EXPECT_EQ(fleet.chronotrack.last_start_command(),
                  resume_point ? fmt::format("start~finish~{}", resume_point) : "start");
        if (const auto waiting = fleet.marshal.unanswered(); !waiting.empty()) {
            const auto now = stored(race);
            for (const auto i : waiting) {
                const auto bib = std::to_string(fleet.marshal.lines()[i].bib);
                if (now.entries.count(bib)) fleet.marshal.mark_found(i);
                else fleet.marshal.rekey(i);
            }
        }
        fleet.marshal.connect(serve.port("marshal"), std::string(marshal_token));

        const int mylaps_before = fleet.mylaps.progress;
        Senders senders(serve, fleet.mylaps, fleet.chronotrack, fleet.marshal, !last);
        if (last) {
            // Everything unacknowledged is resent and acknowledged; the controller's stream
            // has no acknowledgement: wait until the file holds its last sequence.
            senders.join();
            EXPECT_EQ(senders.failures(), "") << serve.log();
            EXPECT_EQ(fleet.mylaps.unacked(), 0u) << serve.log();
            EXPECT_TRUE(wait_for([&] { return stored(race).chronotrack_last == fleet.chronotrack.sent(); }))
                << serve.log();
            expect_results(race, dir.path().string(), fleet);
            serve.child().signal(SIGTERM);
            EXPECT_EQ(serve.child().wait(), 0) << serve.log();
            expect_stored_once(stored(race), fleet, resume_point, true, calendar);
            EXPECT_TRUE(fleet.marshal.errors.empty()) << fmt::format("{}", fmt::join(fleet.marshal.errors, "\n"));
            const auto found = std::count_if(fleet.marshal.lines().begin(), fleet.marshal.lines().end(),
                                             [](const auto& l) { return l.found_after_restart; });
            fmt::print("final: {} MYLAPS messages ({} resent over the run), {} ChronoTrack reads, "
                       "{} marshal lines; at the kills: {} MYLAPS messages unacknowledged ({} of "
                       "them already stored), {} ChronoTrack reads not stored, {} marshal lines "
                       "unanswered but stored\n",
                       fleet.mylaps.sent().size(), fleet.mylaps.resent(), fleet.chronotrack.sent(),
                       fleet.marshal.lines().size(), unacked_at_kills, unacked_but_stored_at_kills,
                       ct_unstored_at_kills, found);
            break;
        }

        // A random moment: after a random number of MYLAPS messages (0 = while the senders
        // are still reconnecting and resending), plus a random fraction of a millisecond.
        const int target = std::uniform_int_distribution<int>(0, 40)(rng);
        const auto jitter = microseconds{std::uniform_int_distribution<int>(0, 2000)(rng)};
        EXPECT_TRUE(wait_for([&] { return fleet.mylaps.progress - mylaps_before >= target; })) << serve.log();
        std::this_thread::sleep_for(jitter);  // not a synchronisation: where the kill lands
        serve.child().signal(SIGKILL);
        senders.join();
        EXPECT_EQ(serve.child().wait(), 128 + SIGKILL);
        EXPECT_EQ(senders.failures(), "") << serve.log();

        const auto now = stored(race);
        const int unacked_but_stored = expect_stored_once(now, fleet, resume_point, false, calendar);
        unacked_at_kills += fleet.mylaps.unacked();
        unacked_but_stored_at_kills += unacked_but_stored;
        ct_unstored_at_kills += fleet.chronotrack.sent() - now.chronotrack_last;
        fmt::print("kill {}: after {} MYLAPS messages +{} us, {:.2f} s after the start: MYLAPS {} "
                   "acked / {} in flight ({} of them stored); ChronoTrack {} stored / {} sent; marshal {} lines\n",
                   round, target, jitter.count(),
                   duration<double>(steady_clock::now() - started).count(), fleet.mylaps.acked_count(),
                   fleet.mylaps.unacked(), unacked_but_stored, now.chronotrack_last, fleet.chronotrack.sent(),
                   fleet.marshal.lines().size());
        resume_point = now.chronotrack_last;
    }
    // Over the run the kills hit the streams mid-flight: otherwise nothing was tested.
    EXPECT_GT(unacked_at_kills + static_cast<std::size_t>(ct_unstored_at_kills), 0u);
}
