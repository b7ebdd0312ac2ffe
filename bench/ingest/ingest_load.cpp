// Ingest load benchmark: 4 emulated ChronoTrack readers stream over loopback into a real race
// file (WAL, synchronous=FULL) through the full service: parse, group commit, results engine.
//   1. Sustained: as fast as the readers can send. Compared with a bare prepared-statement
//      insert loop of the same rows in large transactions, in the same process and run.
//   2. Paced at 2,000 reads/s: latency from the bytes being received to their commit, and to
//      the standings snapshot that includes them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "ingest/chronotrack.hpp"
#include "ingest/service.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

using namespace fl;
using namespace std::chrono;

namespace {

constexpr int readers = 4;

std::string race_toml() {
    std::string t = R"([race]
name = "Ingest Load"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "Marathon"
distance_m = 42195
start = "07:00:00"
min_time = "00:10:00"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 42195
)";
    for (int r = 0; r < readers; ++r)
        t += fmt::format("[[readers]]\nname = \"mat-{}\"\nprotocol = \"chronotrack\"\n"
                         "listen = \"127.0.0.1:0\"\ntiming_point = \"finish\"\n",
                         r + 1);
    return t + "[marshal]\nlisten = \"127.0.0.1:0\"\n";
}

// A field of 30,000 runners, each with a chip the readers report.
constexpr int field = 30'000;
std::string participants() {
    std::string csv = "bib,name,chip\n";
    for (int i = 1; i <= field; ++i) csv += fmt::format("{},Runner {},C{:06}\n", i, i, i);
    return csv;
}

std::string read_line(int reader, std::int64_t seq) {
    const auto chip = seq % field + 1;
    const auto ms = 3 * 3600 * 1000 + (seq * 7 + reader * 13) % (4 * 3600 * 1000);  // 10:00-14:00
    return fmt::format("CT01_33~{}~finish~C{:06}~{:02}:{:02}:{:02}.{:02}~0~0F2A3{}~1\r\n", seq, chip,
                       7 + ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms / 10 % 100, reader);
}

struct Fixture {
    std::filesystem::path dir;
    std::string path;
    explicit Fixture(const std::string& name) {
        dir = std::filesystem::temp_directory_path() / fmt::format("fl-bench-{}-{}", ::getpid(), name);
        std::filesystem::create_directories(dir);
        path = (dir / "race.db").string();
        auto file = timing::RaceFile::init(path, race_toml(), "bench.toml", dir.string());
        timing::import_participants_csv(file, participants(), "bench.csv");
    }
    ~Fixture() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        std::perror("connect");
        std::exit(1);
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

void send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            std::perror("send");
            std::exit(1);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Greets like a controller and waits for the service's start command.
int open_reader(std::uint16_t port) {
    const int fd = connect_to(port);
    send_all(fd, "SimpleClient~1.0~CTP01\r\n");
    std::string got;
    char buf[4096];
    while (got.find("start") == std::string::npos) {
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            std::fprintf(stderr, "no start command from the service\n");
            std::exit(1);
        }
        got.append(buf, static_cast<std::size_t>(n));
    }
    return fd;
}

// CPU time of the whole process (every thread): what a run costs, whatever else the machine does.
double cpu_seconds() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
    return v[i];
}

ingest::ServiceOptions quiet_options() {
    ingest::ServiceOptions o;
    o.log_sink = [](std::string_view) {};
    return o;
}

// 1a. The service, flat out.
double sustained(std::int64_t total) {
    Fixture fx("sustained");
    auto options = quiet_options();
    ingest::Service service(fx.path, std::move(options));
    service.start();
    std::vector<int> fds;
    for (int r = 0; r < readers; ++r)
        fds.push_back(open_reader(service.reader_endpoint(fmt::format("mat-{}", r + 1))->port));
    const auto per_reader = total / readers;
    // Bytes prepared up front: the benchmark measures the service, not the emulators' fmt.
    std::vector<std::string> payload(readers);
    for (int r = 0; r < readers; ++r)
        for (std::int64_t s = 1; s <= per_reader; ++s) payload[static_cast<std::size_t>(r)] += read_line(r, s);
    const auto base = service.records_committed();
    const auto cpu0 = cpu_seconds();
    const auto t0 = steady_clock::now();
    std::vector<std::thread> senders;
    for (int r = 0; r < readers; ++r)
        senders.emplace_back([&, r] { send_all(fds[static_cast<std::size_t>(r)], payload[static_cast<std::size_t>(r)]); });
    for (auto& t : senders) t.join();
    while (service.records_committed() - base < static_cast<std::uint64_t>(per_reader * readers))
        std::this_thread::sleep_for(microseconds{200});
    const double secs = duration<double>(steady_clock::now() - t0).count();
    const double cpu = cpu_seconds() - cpu0;
    const auto commits = service.commits();
    for (const int fd : fds) ::close(fd);
    service.stop();
    service.wait();
    const double rate = static_cast<double>(per_reader * readers) / secs;
    fmt::print("service, 4 readers over loopback  {:>10} reads in {:6.2f} s = {:>9.0f} reads/s ({} commits, {:.0f} reads/commit, {:.2f} CPU-s incl. senders)\n",
               per_reader * readers, secs, rate, commits,
               static_cast<double>(per_reader * readers) / static_cast<double>(std::max<std::uint64_t>(commits, 1)), cpu);
    return rate;
}

// 1b. The same rows straight into SQLite: one prepared statement, 50,000 rows per transaction.
double bare_inserts(std::int64_t total) {
    Fixture fx("bare");
    timing::RaceFile file(fx.path);
    const auto& cfg = file.config();
    std::vector<std::unique_ptr<ingest::ReadBuilder>> builders;
    std::vector<timing::NewRead> rows;
    rows.reserve(static_cast<std::size_t>(total));
    const auto received = timing::RaceCalendar::now();
    const auto per_reader = total / readers;
    for (int r = 0; r < readers; ++r) {
        builders.push_back(std::make_unique<ingest::ReadBuilder>(cfg, cfg.readers[static_cast<std::size_t>(r)]));
        ingest::ChronoTrackParser parser(*builders.back(), {});
        std::string bytes;
        for (std::int64_t s = 1; s <= per_reader; ++s) bytes += read_line(r, s);
        auto out = parser.feed(bytes, received);
        for (auto& row : out.reads) rows.push_back(std::move(row));
    }
    auto insert = file.db().prepare(R"(
        INSERT INTO reads(reader_id, timing_point_id, kind, chip, device_time_us, receive_time_us,
                          rssi, hits, location, device_seq, flags, raw)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(reader_id, device_seq) DO NOTHING)");
    const auto cpu0 = cpu_seconds();
    const auto t0 = steady_clock::now();
    constexpr std::size_t per_tx = 50'000;
    for (std::size_t i = 0; i < rows.size(); i += per_tx) {
        timing::Transaction tx(file.db());
        for (std::size_t j = i; j < std::min(rows.size(), i + per_tx); ++j) {
            const auto& r = rows[j];
            insert.bind_all(r.reader_id, r.timing_point_id, timing::to_string(r.kind), std::string_view(r.chip),
                            r.device_time ? std::optional<std::int64_t>(timing::to_micros(*r.device_time)) : std::nullopt,
                            timing::to_micros(r.receive_time), r.rssi, r.hits, std::string_view(r.location),
                            r.device_seq, static_cast<std::int64_t>(r.flags), std::string_view(r.raw));
            insert.run();
        }
        tx.commit();
    }
    const double secs = duration<double>(steady_clock::now() - t0).count();
    const double rate = static_cast<double>(rows.size()) / secs;
    fmt::print("bare prepared INSERT loop         {:>10} rows  in {:6.2f} s = {:>9.0f} rows/s (50,000 per transaction, {:.2f} CPU-s)\n",
               rows.size(), secs, rate, cpu_seconds() - cpu0);
    return rate;
}

struct Latency {
    double commit_p50 = 0, commit_p99 = 0, standings_p50 = 0, standings_p99 = 0;
    std::size_t reads = 0;
};

// 2. Paced at `rate` reads/s for `seconds`: latency to commit and to the standings.
Latency paced(int rate, double duration_s) {
    Fixture fx("paced");
    std::mutex mutex;
    std::map<std::int64_t, timing::Instant> received;  // read id → receive time
    std::vector<double> to_commit, to_standings;
    std::int64_t published_up_to = 0;
    auto options = quiet_options();
    options.on_commit = [&](const ingest::JournalWriter::Committed& c) {
        const auto now = timing::RaceCalendar::now();
        std::lock_guard lock(mutex);
        for (const auto& r : c.reads) {
            to_commit.push_back(duration<double, std::milli>(now - r.receive_time).count());
            received[r.id] = r.receive_time;
        }
    };
    options.on_publish = [&](const results::FedIds& fed) {
        const auto now = timing::RaceCalendar::now();
        std::lock_guard lock(mutex);
        for (auto it = received.upper_bound(published_up_to); it != received.end() && it->first <= fed.read;)
        {
            to_standings.push_back(duration<double, std::milli>(now - it->second).count());
            it = received.erase(it);
        }
        published_up_to = std::max(published_up_to, fed.read);
    };
    ingest::Service service(fx.path, std::move(options));
    service.start();
    std::vector<int> fds;
    for (int r = 0; r < readers; ++r)
        fds.push_back(open_reader(service.reader_endpoint(fmt::format("mat-{}", r + 1))->port));
    const auto per_reader_rate = rate / readers;
    const auto per_reader = static_cast<std::int64_t>(per_reader_rate * duration_s);
    std::vector<std::thread> senders;
    for (int r = 0; r < readers; ++r) {
        senders.emplace_back([&, r] {
            // One read at a time, evenly spaced, each reader offset from the others.
            const auto gap = duration_cast<steady_clock::duration>(duration<double>(1.0 / per_reader_rate));
            auto next = steady_clock::now() + gap * r / readers;
            for (std::int64_t s = 1; s <= per_reader; ++s) {
                std::this_thread::sleep_until(next);
                send_all(fds[static_cast<std::size_t>(r)], read_line(r, s));
                next += gap;
            }
        });
    }
    for (auto& t : senders) t.join();
    const auto expected = static_cast<std::size_t>(per_reader * readers);
    const auto until = steady_clock::now() + seconds{30};
    for (;;) {
        {
            std::lock_guard lock(mutex);
            if (to_standings.size() >= expected || steady_clock::now() > until) break;
        }
        std::this_thread::sleep_for(milliseconds{5});
    }
    for (const int fd : fds) ::close(fd);
    service.stop();
    service.wait();
    std::lock_guard lock(mutex);
    fmt::print("paced at {} reads/s for {:.0f} s ({} reads, {} commits)\n", rate, duration_s, to_commit.size(),
               service.commits());
    fmt::print("  received -> committed     p50 {:6.2f} ms  p99 {:6.2f} ms  max {:6.2f} ms   (target p99 <= 25 ms)\n",
               percentile(to_commit, 50), percentile(to_commit, 99), percentile(to_commit, 100));
    fmt::print("  received -> standings     p50 {:6.2f} ms  p99 {:6.2f} ms  max {:6.2f} ms   (target p99 <= 50 ms, {} reads)\n",
               percentile(to_standings, 50), percentile(to_standings, 99), percentile(to_standings, 100),
               to_standings.size());
    return {percentile(to_commit, 50), percentile(to_commit, 99), percentile(to_standings, 50),
            percentile(to_standings, 99), to_standings.size()};
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t total = 1'000'000;
    double rate_seconds = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view a = argv[i];
        if (a == "--reads") total = std::atoll(argv[i + 1]);
        else if (a == "--rate-seconds") rate_seconds = std::atof(argv[i + 1]);
        else {
            std::fprintf(stderr, "usage: bench_ingest [--reads N] [--rate-seconds S]\n");
            return 2;
        }
    }
    fmt::print("ingest load: {} emulated ChronoTrack readers over loopback, race file WAL + synchronous=FULL\n", readers);
    const double service_rate = sustained(total);
    const double bare_rate = bare_inserts(total);
    fmt::print("service / bare insert loop: {:.0f} %   (targets: >= 100,000 reads/s and >= 50 %)\n",
               100.0 * service_rate / bare_rate);
    const auto latency = paced(2000, rate_seconds);
    // One machine-readable line for tools/bench.sh.
    fmt::print("BENCH_JSON {{\"service_reads_per_s\": {:.0f}, \"bare_rows_per_s\": {:.0f}, "
               "\"paced_reads\": {}, \"commit_p50_ms\": {:.3f}, \"commit_p99_ms\": {:.3f}, "
               "\"standings_p50_ms\": {:.3f}, \"standings_p99_ms\": {:.3f}}}\n",
               service_rate, bare_rate, latency.reads, latency.commit_p50, latency.commit_p99,
               latency.standings_p50, latency.standings_p99);
    return 0;
}
