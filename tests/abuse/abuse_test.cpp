// The service stays usable under faulty and hostile clients (issue 12). One real
// `finishline serve` on a real race file; at 127.0.0.1 the honest work of a finish line goes
// on throughout — a ChronoTrack mat streaming 200 reads/s, a MYLAPS start system whose
// passings must be acknowledged, a marshal console recording a bib every 100 ms, and
// `finishline status` every 2 s — while every port (marshal, ChronoTrack, MYLAPS, bib scanner)
// is attacked in turn from other loopback addresses: 500 idle connections per port, 50 clients
// that send HELP and never read, slowloris, 10,000 connect/disconnect cycles, wrong-token
// storms, 4 KiB lines of garbage, clients that half-close.
//
// What must hold, during each attack and after all of them: every marshal line answered,
// p99 <= 1 s; the honest devices never disconnected, every read committed and every MYLAPS
// passing acknowledged; `status` answers every time; the service's peak RSS at most 64 MiB
// above where it started; its log bounded. The figures are printed (README, "Reliability
// under attack"). It skips itself under a sanitizer.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "tests/abuse/attackers.hpp"
#include "tests/ingest/child_process.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono;

namespace {

constexpr std::string_view token = "abuse-suite-token-2026";
constexpr int participants = 400;

std::string race_toml() {
    return fmt::format(R"([race]
name = "Abuse Suite"
date = "2014-04-12"
timezone = "UTC"
[[events]]
name = "10K"
distance_m = 10000
start = "07:00:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 10000
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:0"
timing_point = "finish"
[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "127.0.0.1:0"
timing_point = "start"
[[readers]]
name = "scanner"
protocol = "bibscan"
listen = "127.0.0.1:0"
timing_point = "finish"
[marshal]
listen = "127.0.0.1:0"
token = "{}"
)",
                       token);
}

long proc_status_kib(pid_t pid, std::string_view key) {
    std::ifstream in(fmt::format("/proc/{}/status", pid));
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with(key)) return std::stol(line.substr(key.size() + 1));
    return -1;
}

long file_size(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<long>(st.st_size) : -1;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

struct Ports {
    std::uint16_t marshal = 0, finish = 0, start = 0, scanner = 0;
    std::vector<std::uint16_t> all() const { return {marshal, finish, start, scanner}; }
};

// The honest work of a finish line, each in its own thread, measured.
class HonestLoad {
public:
    HonestLoad(const Ports& ports, std::string race_path, std::string dir)
        : ports_(ports), race_(std::move(race_path)), dir_(std::move(dir)) {}
    ~HonestLoad() { stop(); }

    void start() {
        threads_.emplace_back([this] { chronotrack(); });
        threads_.emplace_back([this] { mylaps(); });
        threads_.emplace_back([this] { console(); });
        threads_.emplace_back([this] { status(); });
    }
    void stop() {
        stop_ = true;
        for (auto& t : threads_) t.join();
        threads_.clear();
    }

    struct Sample {
        steady_clock::time_point at;
        double ms = 0;
        bool ok = false;
    };
    // Marshal lines (send -> answer) and status runs, each stamped when sent.
    std::vector<Sample> marshal_samples() const { return copy(marshal_); }
    std::vector<Sample> status_samples() const { return copy(status_); }
    // What went wrong for the honest clients since failure number `from`.
    std::vector<std::string> failures(std::size_t from = 0) const {
        std::lock_guard lock(mutex_);
        return {failures_.begin() + static_cast<std::ptrdiff_t>(std::min(from, failures_.size())), failures_.end()};
    }
    std::size_t failure_count() const {
        std::lock_guard lock(mutex_);
        return failures_.size();
    }
    int reads_sent() const { return ct_sent_; }
    int passings_sent() const { return ml_sent_; }
    int passings_acked() const { return ml_acked_; }

private:
    std::vector<Sample> copy(const std::vector<Sample>& v) const {
        std::lock_guard lock(mutex_);
        return v;
    }
    void fail(std::string what) {
        std::lock_guard lock(mutex_);
        if (failures_.size() < 500) failures_.push_back(std::move(what));
    }
    void record(std::vector<Sample>& into, Sample s) {
        std::lock_guard lock(mutex_);
        into.push_back(s);
    }

    // 200 reads/s: ten every 50 ms, each a different chip, sequence and time.
    void chronotrack() {
        try {
            auto dev = ChronoTrackDevice::greeting_first(ports_.finish);
            auto next = steady_clock::now();
            while (!stop_) {
                for (int i = 0; i < 10; ++i) {
                    const int seq = ++ct_sent_;
                    const int s = seq / 10;
                    if (!dev.send_read(seq, fmt::format("CT{:05}", 101 + seq % participants),
                                       fmt::format("{:02}:{:02}:{:02}.{:02}", 7 + s / 3600 % 12,
                                                   s / 60 % 60, s % 60, seq % 10 * 10))) {
                        fail(fmt::format("ChronoTrack mat: the service closed the connection after {} reads", seq));
                        return;
                    }
                }
                if (dev.peer.closed_by_peer()) return fail("ChronoTrack mat: disconnected by the service");
                next += milliseconds{50};
                std::this_thread::sleep_until(next);
            }
        } catch (const std::exception& e) {
            fail(fmt::format("ChronoTrack mat: {}", e.what()));
        }
    }

    // Ten messages a second of five passings, each acknowledged before the next.
    void mylaps() {
        try {
            auto dev = MylapsDevice::connect(ports_.start);
            int msg = 0;
            auto next = steady_clock::now();
            while (!stop_) {
                std::vector<std::string> passings;
                for (int i = 0; i < 5; ++i) {
                    const int n = ml_sent_ + i;
                    passings.push_back(MylapsDevice::passing(
                        fmt::format("CT{:05}", 101 + n % participants),
                        fmt::format("07:{:02}:{:02}.{:03}", n / 6000 % 60, n / 100 % 60, n % 100 * 10)));
                }
                ++msg;
                if (!dev.send(msg, passings)) return fail("MYLAPS: the service closed the connection");
                ml_sent_ += 5;
                const auto ack = dev.read_ack(milliseconds{5000});
                if (ack != msg) return fail(fmt::format("MYLAPS: message {} not acknowledged within 5 s", msg));
                ml_acked_ += 5;
                next += milliseconds{100};
                std::this_thread::sleep_until(next);
            }
        } catch (const std::exception& e) {
            fail(fmt::format("MYLAPS: {}", e.what()));
        }
    }

    // A marshal console: AUTH, then a bib every 100 ms, each answer timed. Cut off, it
    // reconnects as the GUI does (and the failure is counted).
    void console() {
        int n = 0;
        while (!stop_) {
            try {
                auto peer = TcpPeer::connect(ports_.marshal);
                peer.send(fmt::format("AUTH {}\r\n", token));
                const auto auth = peer.read_line(milliseconds{5000});
                if (!auth || !auth->starts_with("OK")) {
                    fail("console: AUTH not answered OK: " + auth.value_or("(none)"));
                    std::this_thread::sleep_for(milliseconds{250});
                    continue;
                }
                while (!stop_) {
                    const auto sent = steady_clock::now();
                    peer.send(fmt::format("{}\r\n", 101 + n++ % participants));
                    const auto answer = peer.read_line(milliseconds{5000});
                    const double ms = duration<double, std::milli>(steady_clock::now() - sent).count();
                    const bool ok = answer && answer->starts_with("OK");
                    record(marshal_, {sent, ms, ok});
                    if (!answer) {
                        fail(fmt::format("console: line {} not answered within 5 s", n));
                        break;
                    }
                    if (!ok) fail("console: " + *answer);
                    std::this_thread::sleep_until(sent + milliseconds{100});
                }
            } catch (const std::exception& e) {
                fail(fmt::format("console: {}", e.what()));
                std::this_thread::sleep_for(milliseconds{250});
            }
        }
    }

    // `finishline status` as a timer runs it, every 2 s.
    void status() {
        while (!stop_) {
            const auto sent = steady_clock::now();
            const auto r = run_command({FL_BINARY, "status", race_}, dir_);
            const double ms = duration<double, std::milli>(steady_clock::now() - sent).count();
            record(status_, {sent, ms, r.exit_code == 0});
            if (r.exit_code != 0) fail(fmt::format("status: exit {}: {}", r.exit_code, r.err));
            while (!stop_ && steady_clock::now() < sent + seconds{2}) std::this_thread::sleep_for(milliseconds{20});
        }
    }

    Ports ports_;
    std::string race_, dir_;
    std::atomic<bool> stop_{false};
    std::vector<std::thread> threads_;
    mutable std::mutex mutex_;
    std::vector<Sample> marshal_, status_;
    std::vector<std::string> failures_;
    std::atomic<int> ct_sent_{0}, ml_sent_{0}, ml_acked_{0};
};

// Runs `body` on `threads` threads until `deadline`; each gets its index.
void in_parallel(int threads, const std::function<void(int)>& body) {
    std::vector<std::thread> ts;
    for (int i = 0; i < threads; ++i) ts.emplace_back(body, i);
    for (auto& t : ts) t.join();
}

struct Attack {
    std::string name;
    // Runs the attack to its end; returns what it did, as a line for the figures.
    std::function<std::string(const Ports&)> run;
};

std::vector<Attack> attacks() {
    std::vector<Attack> a;
    a.push_back({"500 idle connections on every port", [](const Ports& p) {
                     Sockets held;
                     for (const auto port : p.all())
                         for (int i = 0; i < 500; ++i) held.add(connect_socket(port, "127.0.0.66"));
                     const auto opened = held.fds().size();
                     std::this_thread::sleep_for(seconds{4});
                     return fmt::format("{} connected, {} closed by the service within 4 s", opened,
                                        held.closed_by_service_count());
                 }});
    a.push_back({"50 clients sending HELP, never reading", [](const Ports& p) {
                     std::atomic<long> bytes{0};
                     std::atomic<int> closed{0};
                     const auto end = steady_clock::now() + seconds{5};
                     in_parallel(50, [&](int i) {
                         const auto port = p.all()[static_cast<std::size_t>(i) % 4];
                         const int fd = connect_socket(port, "127.0.0.67");
                         if (fd < 0) return;
                         std::string help;
                         for (int k = 0; k < 64; ++k) help += "HELP\r\n";
                         while (steady_clock::now() < end) {
                             if (!send_some(fd, help)) {
                                 ++closed;
                                 break;
                             }
                             bytes += static_cast<long>(help.size());
                             std::this_thread::sleep_for(milliseconds{1});
                         }
                         ::close(fd);
                     });
                     return fmt::format("{:.1f} MB of HELP sent; {} of 50 cut off by the service",
                                        static_cast<double>(bytes) / 1e6, closed.load());
                 }});
    a.push_back({"slowloris: one byte a second, never a newline", [](const Ports& p) {
                     Sockets held;
                     for (const auto port : p.all())
                         for (int i = 0; i < 25; ++i) held.add(connect_socket(port, "127.0.0.68"));
                     for (int s = 0; s < 6; ++s) {
                         for (const int fd : held.fds()) send_some(fd, "A");
                         std::this_thread::sleep_for(seconds{1});
                     }
                     return fmt::format("{} connections, {} closed by the service", held.fds().size(),
                                        held.closed_by_service_count());
                 }});
    a.push_back({"10,000 connect/disconnect cycles", [](const Ports& p) {
                     std::atomic<int> refused{0};
                     in_parallel(4, [&](int i) {
                         const auto port = p.all()[static_cast<std::size_t>(i)];
                         for (int k = 0; k < 2500; ++k) {
                             const int fd = connect_socket(port, i % 2 ? "127.0.0.69" : "127.0.0.70");
                             if (fd < 0) ++refused;
                             else ::close(fd);
                         }
                     });
                     return fmt::format("10000 cycles, {} refused at connect", refused.load());
                 }});
    a.push_back({"wrong-token storm", [](const Ports& p) {
                     std::atomic<int> tries{0};
                     const auto end = steady_clock::now() + seconds{4};
                     in_parallel(20, [&](int i) {
                         while (steady_clock::now() < end) {
                             const int fd = connect_socket(p.marshal, i % 2 ? "127.0.0.71" : "127.0.0.72");
                             if (fd < 0) continue;
                             for (int k = 0; k < 10; ++k) {
                                 send_some(fd, fmt::format("AUTH guess-{:08}\r\n", i * 100000 + tries++));
                             }
                             std::this_thread::sleep_for(milliseconds{5});
                             ::close(fd);
                         }
                     });
                     return fmt::format("{} wrong tokens sent", tries.load());
                 }});
    a.push_back({"4 KiB lines of garbage", [](const Ports& p) {
                     std::mt19937 rng(12);
                     std::string line(4096, ' ');
                     for (auto& c : line) c = static_cast<char>(rng() % 256);
                     std::replace(line.begin(), line.end(), '\n', 'x');
                     std::replace(line.begin(), line.end(), '\r', 'x');
                     std::replace(line.begin(), line.end(), '$', 'x');
                     line += "\r\n";
                     std::atomic<int> lines{0};
                     const auto end = steady_clock::now() + seconds{4};
                     in_parallel(8, [&](int i) {
                         const auto port = p.all()[static_cast<std::size_t>(i) % 4];
                         while (steady_clock::now() < end) {
                             const int fd = connect_socket(port, "127.0.0.73");
                             if (fd < 0) continue;
                             // Every line different: a resend of the same bytes is stored once.
                             for (int k = 0; k < 20; ++k) {
                                 auto varied = line;
                                 const auto n = fmt::format("{:08}", lines++);
                                 varied.replace(0, n.size(), n);
                                 if (!send_some(fd, varied)) break;
                             }
                             std::this_thread::sleep_for(milliseconds{20});
                             ::close(fd);
                         }
                     });
                     return fmt::format("{} garbage lines sent", lines.load());
                 }});
    a.push_back({"clients that half-close", [](const Ports& p) {
                     Sockets held;
                     for (const auto port : p.all())
                         for (int i = 0; i < 50; ++i) {
                             const int fd = connect_socket(port, "127.0.0.74");
                             if (fd < 0) continue;
                             send_some(fd, "12");
                             ::shutdown(fd, SHUT_WR);
                             held.add(fd);
                         }
                     std::this_thread::sleep_for(seconds{3});
                     return fmt::format("{} half-closed, {} closed by the service", held.fds().size(),
                                        held.closed_by_service_count());
                 }});
    return a;
}

}  // namespace

// A sanitizer's shadow memory and slower code are not the service a race runs: its RSS and
// latency would measure the sanitizer (the code paths run under ASan in the ingest tests).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool under_sanitizer = true;
#elif defined(__has_feature)
constexpr bool under_sanitizer = __has_feature(address_sanitizer) || __has_feature(thread_sanitizer);
#else
constexpr bool under_sanitizer = false;
#endif

TEST(Abuse, EveryPortAttackedWhileAFinishLineWorks) {
    if (under_sanitizer) GTEST_SKIP() << "measures memory and latency: not under a sanitizer";
    TempDir dir;
    const auto path = dir.file("race.db");
    {
        auto file = timing::RaceFile::init(path, race_toml(), "race.toml", dir.path().string());
        std::string csv = "bib,name,chip\n";
        for (int i = 0; i < participants; ++i) csv += fmt::format("{},Runner {},CT{:05}\n", 101 + i, i, 101 + i);
        timing::import_participants_csv(file, csv, "people.csv");
    }
    const auto err = dir.file("serve.err");
    ChildProcess serve({FL_BINARY, "serve", path}, dir.file("serve.out"), err);
    auto by_name = served_ports(err);
    const Ports ports{by_name["marshal"], by_name["finish-mat"], by_name["start-mat"], by_name["scanner"]};
    ASSERT_TRUE(ports.marshal && ports.finish && ports.start && ports.scanner) << slurp(err);

    HonestLoad load(ports, path, dir.path().string());
    load.start();
    std::this_thread::sleep_for(seconds{2});  // the honest work settles in
    const auto disk = [&] { return file_size(path) + std::max(0L, file_size(path + "-wal")); };
    const long disk_start = disk();
    const long rss_start = proc_status_kib(serve.pid(), "VmRSS:");
    const long log_start = file_size(err);
    fmt::print("service RSS at the start {:.1f} MiB, log {} bytes\n", rss_start / 1024.0, log_start);

    for (const auto& attack : attacks()) {
        SCOPED_TRACE(attack.name);
        const auto from = steady_clock::now();
        const long log_before = file_size(err);
        const auto failures_before = load.failure_count();
        const auto did = attack.run(ports);
        // What the attack left behind settles; every window holds two status runs at least.
        std::this_thread::sleep_until(std::max(steady_clock::now() + seconds{1}, from + seconds{5}));
        std::vector<double> ms;
        int unanswered = 0;
        for (const auto& s : load.marshal_samples())
            if (s.at >= from) {
                ms.push_back(s.ms);
                unanswered += !s.ok;
            }
        int status_runs = 0, status_failed = 0;
        for (const auto& s : load.status_samples())
            if (s.at >= from) {
                ++status_runs;
                status_failed += !s.ok;
            }
        const long log_growth = file_size(err) - log_before;
        fmt::print("{}: {}; marshal lines {} p99 {:.0f} ms max {:.0f} ms; status {}/{} answered; "
                   "RSS {:.1f} MiB (peak {:.1f}); log +{} bytes; race file {:.1f} MiB\n",
                   attack.name, did, ms.size(), percentile(ms, 0.99),
                   ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()),
                   status_runs - status_failed, status_runs,
                   proc_status_kib(serve.pid(), "VmRSS:") / 1024.0,
                   proc_status_kib(serve.pid(), "VmHWM:") / 1024.0, log_growth, disk() / 1048576.0);
        EXPECT_GE(ms.size(), 20u) << "the console stopped sending";
        EXPECT_EQ(unanswered, 0);
        EXPECT_LE(percentile(ms, 0.99), 1000.0);
        EXPECT_GE(status_runs, 1);
        EXPECT_EQ(status_failed, 0);
        // Rate-limited: a few lines a second per attacking address, not one per connection.
        EXPECT_LE(log_growth, 256 * 1024);
        const auto failed = load.failures(failures_before);
        EXPECT_TRUE(failed.empty()) << fmt::format("{}", fmt::join(failed, "\n"));
    }

    load.stop();
    const long peak = proc_status_kib(serve.pid(), "VmHWM:");
    fmt::print("service RSS peak {:.1f} MiB (+{:.1f} MiB); log {} bytes in all\n", peak / 1024.0,
               (peak - rss_start) / 1024.0, file_size(err));
    EXPECT_LE(peak - rss_start, 64 * 1024);
    // What the honest devices sent is a few MiB; garbage must not fill the disk.
    EXPECT_LE(disk() - disk_start, 64L << 20);
    EXPECT_TRUE(load.failures().empty()) << fmt::format("{}", fmt::join(load.failures(), "\n"));
    EXPECT_EQ(load.passings_acked(), load.passings_sent());

    // FL_ABUSE_LOG=FILE keeps the service's log for a look at what it said.
    if (const char* keep = std::getenv("FL_ABUSE_LOG")) std::filesystem::copy_file(err, keep, std::filesystem::copy_options::overwrite_existing);
    // Shut down cleanly, then every read is in the race file.
    serve.signal(SIGTERM);
    EXPECT_EQ(serve.wait(), 0) << slurp(err).substr(0, 4000);
    timing::RaceFile file(path, timing::RaceFile::Access::read_only);
    auto count = [&](std::string_view reader) {
        auto st = file.db().prepare(
            "SELECT count(*) FROM reads JOIN readers ON readers.id = reads.reader_id WHERE readers.name = ?");
        st.bind(1, reader);
        return st.step() ? st.column_int64(0) : -1;
    };
    EXPECT_EQ(count("finish-mat"), load.reads_sent());
    EXPECT_EQ(count("start-mat"), load.passings_sent());
    fmt::print("committed: {} ChronoTrack reads, {} MYLAPS passings (all acknowledged)\n",
               count("finish-mat"), count("start-mat"));
}
