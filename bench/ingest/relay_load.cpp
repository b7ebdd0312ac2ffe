// Relay load benchmark (issue 15): 10 remote sites through one local Eclipse Mosquitto broker
// into the finish. Every site is the real service (ingest::Service with relay_site, as
// `finishline relay` runs it) over its own race file, fed by one emulated ChronoTrack reader
// over loopback TCP; the finish is the real service with [mqtt] (as `finishline serve`), all in
// this process; the broker is a child process on a free loopback port (no persistence).
//   1. Sustained: every reader sends its share as fast as it can; the figure is reads per
//      second from the first byte sent to the last read committed in the finish's race file
//      (site device -> site commit -> broker -> central commit).
//   2. Paced at 1,000 reads/s in total (100 per site): latency from a read's commit at its
//      site (the site's on_commit, before the relay sees it) to the first standings snapshot
//      of the finish that includes it (the finish's on_publish), and to its commit at the
//      finish. Every paced read must be measured, or the run fails.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench/support/load_client.hpp"
#include "ingest/service.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"
#include "tools/demo/broker.hpp"

using namespace fl;
using namespace std::chrono;
using namespace fl::bench;

namespace {

constexpr int sites = 10;
constexpr int field = 30'000;

std::string site_name(int s) { return fmt::format("km{:02}", (s + 1) * 4); }
std::string point_name(int s) { return fmt::format("split-{:02}", s + 1); }

// The race config every file shares (so every one derives the same race id), plus the
// broker; a site adds [site] and its reader.
std::string race_toml(const std::string& race, std::uint16_t broker) {
    std::string t = fmt::format(R"([race]
name = "{}"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "Marathon"
distance_m = 42195
start = "07:00:00"
min_time = "00:10:00"
[[timing_points]]
name = "start"
role = "start"
)",
                                race);
    for (int s = 0; s < sites; ++s)
        t += fmt::format("[[timing_points]]\nname = \"{}\"\nrole = \"split\"\ndistance_m = {}\n", point_name(s),
                         (s + 1) * 4000);
    t += "[[timing_points]]\nname = \"finish\"\nrole = \"finish\"\ndistance_m = 42195\n";
    t += fmt::format("[mqtt]\nbroker = \"127.0.0.1:{}\"\n[marshal]\nlisten = \"127.0.0.1:0\"\n", broker);
    return t;
}

std::string site_toml(const std::string& race, std::uint16_t broker, int s) {
    return race_toml(race, broker) +
           fmt::format("[site]\nname = \"{}\"\n[[readers]]\nname = \"mat-{}\"\nprotocol = \"chronotrack\"\n"
                       "listen = \"127.0.0.1:0\"\ntiming_point = \"{}\"\n",
                       site_name(s), site_name(s), point_name(s));
}

std::string participants() {
    std::string csv = "bib,name,chip\n";
    for (int i = 1; i <= field; ++i) csv += fmt::format("{},Runner {},C{:06}\n", i, i, i);
    return csv;
}

std::string read_line(int site, std::int64_t seq) {
    const auto chip = (seq * 7919 + site) % field + 1;
    const auto ms = 3 * 3600 * 1000 + (seq * 7 + site * 13) % (4 * 3600 * 1000);  // 10:00-14:00
    return fmt::format("CT01_33~{}~{}~C{:06}~{:02}:{:02}:{:02}.{:02}~0~0F2A3{}~1\r\n", seq, point_name(site), chip,
                       7 + ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms / 10 % 100, site % 10);
}

// CPU seconds (user + system) of a child process so far, from /proc.
double child_cpu_seconds(pid_t pid) {
    std::ifstream in(fmt::format("/proc/{}/stat", pid));
    std::string s((std::istreambuf_iterator<char>(in)), {});
    const auto close = s.rfind(')');
    if (close == std::string::npos) return 0;
    std::vector<std::string> f;
    std::string cur;
    for (const char c : s.substr(close + 2)) {
        if (c == ' ') f.push_back(std::move(cur)), cur.clear();
        else cur += c;
    }
    if (f.size() < 13) return 0;
    return static_cast<double>(std::stoll(f[11]) + std::stoll(f[12])) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}


// The broker, the finish's race file and the sites' race files of one run, in one folder.
struct Course {
    std::filesystem::path dir;
    std::unique_ptr<demo::Broker> broker;  // the one `demo --sites` starts
    std::string central;
    std::vector<std::string> site_files;

    explicit Course(const std::string& name) {
        dir = std::filesystem::temp_directory_path() / fmt::format("fl-bench-relay-{}-{}", ::getpid(), name);
        std::filesystem::create_directories(dir);
        if (!demo::find_mosquitto()) {
            std::fprintf(stderr, "bench_relay: mosquitto is not installed (tools/setup.sh installs it)\n");
            std::exit(2);
        }
        broker = std::make_unique<demo::Broker>(dir);
        const auto race = "Relay Load " + name;  // a race id of its own per run
        central = (dir / "central.db").string();
        {
            auto file = timing::RaceFile::init(central, race_toml(race, broker->port()), "central.toml", dir.string());
            timing::import_participants_csv(file, participants(), "bench.csv");
        }
        for (int s = 0; s < sites; ++s) {
            site_files.push_back((dir / fmt::format("{}.db", site_name(s))).string());
            timing::RaceFile::init(site_files.back(), site_toml(race, broker->port(), s), "site.toml", dir.string());
        }
    }
    ~Course() {
        broker.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

ingest::ServiceOptions quiet_options() {
    ingest::ServiceOptions o;
    o.log_sink = [](std::string_view) {};
    return o;
}

void wait_for(const char* what, double seconds, const std::function<bool()>& done) {
    const auto until = steady_clock::now() + duration<double>(seconds);
    while (!done()) {
        if (steady_clock::now() > until) {
            std::fprintf(stderr, "bench_relay: gave up waiting for %s\n", what);
            std::exit(1);
        }
        std::this_thread::sleep_for(milliseconds{2});
    }
}

struct Sustained {
    double rate = 0, site_rate = 0, seconds = 0, cpu = 0, broker_cpu = 0;
    std::int64_t reads = 0;
};

// 1. Every site's reader flat out; the finish must hold every read.
Sustained sustained(std::int64_t total) {
    Course course("sustained");
    ingest::Service central(course.central, quiet_options());
    central.start();
    std::vector<std::unique_ptr<ingest::Service>> site;
    std::atomic<std::int64_t> site_committed{0};
    for (int s = 0; s < sites; ++s) {
        auto o = quiet_options();
        o.relay_site = true;
        o.on_commit = [&](const ingest::JournalWriter::Committed& c) { site_committed += static_cast<std::int64_t>(c.reads.size()); };
        site.push_back(std::make_unique<ingest::Service>(course.site_files[static_cast<std::size_t>(s)], std::move(o)));
        site.back()->start();
    }
    const auto per_site = total / sites;
    std::vector<std::string> payload(sites);
    for (int s = 0; s < sites; ++s)
        for (std::int64_t q = 1; q <= per_site; ++q) payload[static_cast<std::size_t>(s)] += read_line(s, q);
    std::vector<int> fds;
    for (int s = 0; s < sites; ++s)
        fds.push_back(open_reader(site[static_cast<std::size_t>(s)]->reader_endpoint("mat-" + site_name(s))->port));
    // The relays and the finish are connected to the broker before the clock starts.
    std::this_thread::sleep_for(milliseconds{500});
    const auto expected = static_cast<std::uint64_t>(per_site * sites);
    const auto cpu0 = cpu_seconds();
    const auto broker0 = child_cpu_seconds(course.broker->pid());
    const auto t0 = steady_clock::now();
    std::vector<std::thread> senders;
    for (int s = 0; s < sites; ++s)
        senders.emplace_back([&, s] { send_all(fds[static_cast<std::size_t>(s)], payload[static_cast<std::size_t>(s)]); });
    for (auto& t : senders) t.join();
    steady_clock::time_point sites_done{};
    wait_for("the finish to commit every read", 600, [&] {
        if (sites_done == steady_clock::time_point{} && site_committed.load() >= static_cast<std::int64_t>(expected))
            sites_done = steady_clock::now();
        return central.records_committed() >= expected;
    });
    if (sites_done == steady_clock::time_point{}) sites_done = steady_clock::now();
    Sustained r;
    r.seconds = duration<double>(steady_clock::now() - t0).count();
    r.cpu = cpu_seconds() - cpu0;
    r.broker_cpu = child_cpu_seconds(course.broker->pid()) - broker0;
    r.reads = static_cast<std::int64_t>(expected);
    r.rate = static_cast<double>(expected) / r.seconds;
    r.site_rate = static_cast<double>(expected) / duration<double>(sites_done - t0).count();
    const auto commits = central.commits();
    for (const int fd : fds) ::close(fd);
    for (auto& s : site) s->stop();
    for (auto& s : site) s->wait();
    central.stop();
    central.wait();
    fmt::print("sustained: {} reads ({} sites x {}) in {:.2f} s = {:.0f} reads/s committed at the finish "
               "({} commits there); all committed at the sites after {:.2f} s ({:.0f} reads/s); CPU {:.1f} s in "
               "this process, {:.1f} s in mosquitto\n",
               expected, sites, per_site, r.seconds, r.rate, commits, static_cast<double>(expected) / r.site_rate,
               r.site_rate, r.cpu, r.broker_cpu);
    {
        timing::RaceFile file(course.central, timing::RaceFile::Access::read_only);
        auto st = file.db().prepare("SELECT count(*), count(DISTINCT reader_id || '/' || device_seq) FROM reads");
        st.step();
        if (st.column_int64(0) != r.reads || st.column_int64(1) != r.reads) {
            fmt::print(stderr, "bench_relay: the finish holds {} reads ({} distinct), expected {}\n",
                       st.column_int64(0), st.column_int64(1), r.reads);
            std::exit(1);
        }
    }
    return r;
}

struct Latency {
    std::size_t sent = 0, committed = 0, published = 0;
    double commit_p50 = 0, commit_p99 = 0, commit_max = 0, standings_p50 = 0, standings_p99 = 0, standings_max = 0;
};

// 2. Paced: site commit -> finish commit and -> finish standings.
Latency paced(int rate, double seconds) {
    Course course("paced");
    std::mutex mutex;
    // Site commit stamps by site reader name ("mat-km04") and the site's seq (its read id).
    std::map<std::string, std::map<std::int64_t, std::int64_t>> site_at;
    std::map<std::int64_t, std::int64_t> waiting;  // finish read id -> site commit stamp
    std::vector<double> to_commit, to_standings;
    std::size_t unknown = 0;
    std::int64_t published_up_to = 0;
    auto now_us = [] { return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count(); };

    auto co = quiet_options();
    co.on_commit = [&](const ingest::JournalWriter::Committed& c) {
        const auto now = now_us();
        std::lock_guard lock(mutex);
        for (const auto& r : c.reads) {
            auto it = site_at.find(r.location);
            if (it == site_at.end() || !it->second.contains(r.device_seq)) {
                ++unknown;
                continue;
            }
            const auto at = it->second[r.device_seq];
            to_commit.push_back(static_cast<double>(now - at) / 1000.0);
            waiting[r.id] = at;
        }
    };
    co.on_publish = [&](const results::FedIds& fed) {
        const auto now = now_us();
        std::lock_guard lock(mutex);
        for (auto it = waiting.upper_bound(published_up_to); it != waiting.end() && it->first <= fed.read;) {
            to_standings.push_back(static_cast<double>(now - it->second) / 1000.0);
            it = waiting.erase(it);
        }
        published_up_to = std::max(published_up_to, fed.read);
    };
    ingest::Service central(course.central, std::move(co));
    central.start();
    std::vector<std::unique_ptr<ingest::Service>> site;
    for (int s = 0; s < sites; ++s) {
        auto o = quiet_options();
        o.relay_site = true;
        o.on_commit = [&, reader = "mat-" + site_name(s)](const ingest::JournalWriter::Committed& c) {
            const auto now = now_us();
            std::lock_guard lock(mutex);
            auto& m = site_at[reader];
            for (const auto& r : c.reads) m[r.id] = now;
        };
        site.push_back(std::make_unique<ingest::Service>(course.site_files[static_cast<std::size_t>(s)], std::move(o)));
        site.back()->start();
    }
    std::vector<int> fds;
    for (int s = 0; s < sites; ++s)
        fds.push_back(open_reader(site[static_cast<std::size_t>(s)]->reader_endpoint("mat-" + site_name(s))->port));
    std::this_thread::sleep_for(milliseconds{500});
    const double per_site_rate = static_cast<double>(rate) / sites;
    const auto per_site = static_cast<std::int64_t>(per_site_rate * seconds);
    std::vector<std::thread> senders;
    for (int s = 0; s < sites; ++s) {
        senders.emplace_back([&, s] {
            const auto gap = duration_cast<steady_clock::duration>(duration<double>(1.0 / per_site_rate));
            auto next = steady_clock::now() + gap * s / sites;
            for (std::int64_t q = 1; q <= per_site; ++q) {
                const auto line = read_line(s, q);
                std::this_thread::sleep_until(next);
                send_all(fds[static_cast<std::size_t>(s)], line);
                next += gap;
            }
        });
    }
    for (auto& t : senders) t.join();
    const auto expected = static_cast<std::size_t>(per_site * sites);
    const auto until = steady_clock::now() + std::chrono::seconds{30};
    for (;;) {
        {
            std::lock_guard lock(mutex);
            if (to_standings.size() >= expected || steady_clock::now() > until) break;
        }
        std::this_thread::sleep_for(milliseconds{5});
    }
    for (const int fd : fds) ::close(fd);
    for (auto& s : site) s->stop();
    for (auto& s : site) s->wait();
    central.stop();
    central.wait();
    std::lock_guard lock(mutex);
    Latency l;
    l.sent = expected;
    l.committed = unknown ? 0 : to_commit.size();
    l.published = to_standings.size();
    l.commit_p50 = percentile(to_commit, 50);
    l.commit_p99 = percentile(to_commit, 99);
    l.commit_max = percentile(to_commit, 100);
    l.standings_p50 = percentile(to_standings, 50);
    l.standings_p99 = percentile(to_standings, 99);
    l.standings_max = percentile(to_standings, 100);
    fmt::print("paced at {} reads/s ({} per site) for {:.0f} s: {} reads sent, {} measured to the finish's commit, "
               "{} to its standings\n",
               rate, per_site_rate, seconds, expected, to_commit.size(), to_standings.size());
    fmt::print("  site commit -> finish commit     p50 {:7.2f} ms  p99 {:7.2f} ms  max {:7.2f} ms\n", l.commit_p50,
               l.commit_p99, l.commit_max);
    fmt::print("  site commit -> finish standings  p50 {:7.2f} ms  p99 {:7.2f} ms  max {:7.2f} ms   (target p99 <= 500 ms)\n",
               l.standings_p50, l.standings_p99, l.standings_max);
    if (unknown) fmt::print("  {} reads committed at the finish were not stamped at a site\n", unknown);
    return l;
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t total = 300'000;
    double rate_seconds = 10;
    int rate = 1000;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view a = argv[i];
        if (a == "--reads") total = std::atoll(argv[i + 1]);
        else if (a == "--rate-seconds") rate_seconds = std::atof(argv[i + 1]);
        else if (a == "--rate") rate = std::atoi(argv[i + 1]);
        else {
            std::fprintf(stderr, "usage: bench_relay [--reads N] [--rate-seconds S] [--rate R]\n");
            return 2;
        }
    }
    fmt::print("relay load: {} sites (each the service with relay_site, one ChronoTrack reader over loopback) -> "
               "mosquitto on loopback -> the finish's service, race files WAL + synchronous=FULL\n",
               sites);
    const auto s = sustained(total);
    const auto l = paced(rate, rate_seconds);
    fmt::print("BENCH_JSON {{\"relay_reads_per_s\": {:.0f}, \"relay_site_reads_per_s\": {:.0f}, \"relay_reads\": {}, "
               "\"relay_seconds\": {:.3f}, \"relay_cpu_s\": {:.2f}, \"broker_cpu_s\": {:.2f}, \"paced_rate\": {}, "
               "\"paced_sent\": {}, \"paced_committed\": {}, \"paced_published\": {}, "
               "\"commit_p50_ms\": {:.3f}, \"commit_p99_ms\": {:.3f}, \"standings_p50_ms\": {:.3f}, "
               "\"standings_p99_ms\": {:.3f}, \"standings_max_ms\": {:.3f}}}\n",
               s.rate, s.site_rate, s.reads, s.seconds, s.cpu, s.broker_cpu, rate, l.sent, l.committed, l.published,
               l.commit_p50, l.commit_p99, l.standings_p50, l.standings_p99, l.standings_max);
    if (l.committed != l.sent || l.published != l.sent) {
        fmt::print(stderr, "bench_relay: {} of {} paced reads measured to the finish's commit and {} to its "
                           "standings: the figures do not cover every read, run failed\n",
                   l.committed, l.sent, l.published);
        return 1;
    }
    return 0;
}
