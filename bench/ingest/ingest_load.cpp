// Ingest load benchmark: 4 emulated ChronoTrack readers stream over loopback into a real race
// file (WAL, synchronous=FULL) through the full service: parse, group commit, results engine.
//   1. Sustained: as fast as the readers can send. Compared with a bare prepared-statement
//      insert loop of the very rows the service stored, in the service's order and with the
//      service's own transaction sizes, in the same process. Each is run twice, alternating
//      which goes first (service, bare, bare, service), so neither always gets the warm cache.
//   2. Paced at 2,000 reads/s: latency from the bytes leaving the reader's socket (before the
//      service has parsed anything) to their commit, and to the standings snapshot that
//      includes them. Every paced read must be measured, or the run fails.
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

#include "bench/support/load_client.hpp"
#include "ingest/service.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

using namespace fl;
using namespace std::chrono;
using namespace fl::bench;

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


ingest::ServiceOptions quiet_options() {
    ingest::ServiceOptions o;
    o.log_sink = [](std::string_view) {};
    return o;
}

struct ServiceRun {
    double rate = 0;
    std::vector<timing::NewRead> rows;   // what the service stored, in its order
    std::vector<std::size_t> batches;    // reads per transaction, as the service committed them
};

// 1a. The service, flat out.
ServiceRun sustained(std::int64_t total, const char* name) {
    Fixture fx(name);
    auto options = quiet_options();
    ServiceRun run;
    std::mutex batches_mutex;
    options.on_commit = [&](const ingest::JournalWriter::Committed& c) {
        if (c.reads.empty()) return;
        std::lock_guard lock(batches_mutex);
        run.batches.push_back(c.reads.size());
    };
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
    run.rate = static_cast<double>(per_reader * readers) / secs;
    fmt::print("service, 4 readers over loopback  {:>10} reads in {:6.2f} s = {:>9.0f} reads/s ({} commits, {:.0f} reads/commit, {:.2f} CPU-s incl. senders)\n",
               per_reader * readers, secs, run.rate, commits,
               static_cast<double>(per_reader * readers) / static_cast<double>(std::max<std::uint64_t>(commits, 1)), cpu);
    timing::RaceFile file(fx.path);
    for (auto& r : file.reads()) run.rows.push_back(std::move(static_cast<timing::NewRead&>(r)));
    return run;
}

// 1b. The rows the service stored, straight into a fresh race file: one prepared statement,
// the same order and the same rows per transaction as the service's commits.
double bare_inserts(const ServiceRun& service, const char* name) {
    Fixture fx(name);
    timing::RaceFile file(fx.path);
    const auto& rows = service.rows;
    auto insert = file.db().prepare(R"(
        INSERT INTO reads(reader_id, timing_point_id, kind, chip, device_time_us, receive_time_us,
                          rssi, hits, location, device_seq, flags, raw)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(reader_id, device_seq) DO NOTHING)");
    const auto cpu0 = cpu_seconds();
    const auto t0 = steady_clock::now();
    std::size_t i = 0;
    for (const auto batch : service.batches) {
        timing::Transaction tx(file.db());
        for (std::size_t j = i; j < std::min(rows.size(), i + batch); ++j) {
            const auto& r = rows[j];
            insert.bind_all(r.reader_id, r.timing_point_id, timing::to_string(r.kind), std::string_view(r.chip),
                            r.device_time ? std::optional<std::int64_t>(timing::to_micros(*r.device_time)) : std::nullopt,
                            timing::to_micros(r.receive_time), r.rssi, r.hits, std::string_view(r.location),
                            r.device_seq, static_cast<std::int64_t>(r.flags), std::string_view(r.raw));
            insert.run();
        }
        tx.commit();
        i += batch;
    }
    const double secs = duration<double>(steady_clock::now() - t0).count();
    const double rate = static_cast<double>(rows.size()) / secs;
    fmt::print("bare prepared INSERT loop         {:>10} rows  in {:6.2f} s = {:>9.0f} rows/s ({} transactions as the service's, {:.2f} CPU-s)\n",
               rows.size(), secs, rate, service.batches.size(), cpu_seconds() - cpu0);
    return rate;
}

struct Latency {
    double commit_p50 = 0, commit_p99 = 0, standings_p50 = 0, standings_p99 = 0;
    std::size_t sent = 0, committed = 0, published = 0;
    bool complete() const { return committed == sent && published == sent; }
};

// 2. Paced at `rate` reads/s for `seconds`: latency from the moment a read's bytes are handed to
// the reader's socket (stamped just before send(), before the service has seen a byte) to its
// commit, and to the first published standings that include it.
Latency paced(int rate, double duration_s) {
    Fixture fx("paced");
    std::vector<std::int64_t> reader_ids;
    {
        timing::RaceFile file(fx.path);
        for (const auto& r : file.config().readers) reader_ids.push_back(r.id);
    }
    const auto per_reader_rate = rate / readers;
    const auto per_reader = static_cast<std::int64_t>(per_reader_rate * duration_s);
    // Send stamps by reader index and ChronoTrack sequence (1-based), written by each sender
    // before its send(); read by the commit callback only after the read was committed.
    std::vector<std::vector<std::atomic<std::int64_t>>> sent_at(readers);
    for (auto& v : sent_at) v = std::vector<std::atomic<std::int64_t>>(static_cast<std::size_t>(per_reader) + 1);
    auto index_of = [&](std::int64_t reader_id) {
        return static_cast<std::size_t>(std::find(reader_ids.begin(), reader_ids.end(), reader_id) - reader_ids.begin());
    };
    std::mutex mutex;
    std::map<std::int64_t, std::int64_t> waiting;  // read id -> send stamp (µs), committed, not yet published
    std::vector<double> to_commit, to_standings;
    std::size_t unknown = 0;
    std::int64_t published_up_to = 0;
    auto options = quiet_options();
    options.on_commit = [&](const ingest::JournalWriter::Committed& c) {
        const auto now = timing::to_micros(timing::RaceCalendar::now());
        std::lock_guard lock(mutex);
        for (const auto& r : c.reads) {
            const auto ri = index_of(r.reader_id);
            if (ri >= sent_at.size() || r.device_seq < 1 || r.device_seq > per_reader) {
                ++unknown;
                continue;
            }
            const auto sent = sent_at[ri][static_cast<std::size_t>(r.device_seq)].load();
            to_commit.push_back(static_cast<double>(now - sent) / 1000.0);
            waiting[r.id] = sent;
        }
    };
    options.on_publish = [&](const results::FedIds& fed) {
        const auto now = timing::to_micros(timing::RaceCalendar::now());
        std::lock_guard lock(mutex);
        for (auto it = waiting.upper_bound(published_up_to); it != waiting.end() && it->first <= fed.read;) {
            to_standings.push_back(static_cast<double>(now - it->second) / 1000.0);
            it = waiting.erase(it);
        }
        published_up_to = std::max(published_up_to, fed.read);
    };
    ingest::Service service(fx.path, std::move(options));
    service.start();
    std::vector<int> fds;
    for (int r = 0; r < readers; ++r)
        fds.push_back(open_reader(service.reader_endpoint(fmt::format("mat-{}", r + 1))->port));
    std::vector<std::thread> senders;
    for (int r = 0; r < readers; ++r) {
        senders.emplace_back([&, r] {
            // One read at a time, evenly spaced, each reader offset from the others.
            const auto gap = duration_cast<steady_clock::duration>(duration<double>(1.0 / per_reader_rate));
            auto next = steady_clock::now() + gap * r / readers;
            for (std::int64_t s = 1; s <= per_reader; ++s) {
                const auto line = read_line(r, s);
                std::this_thread::sleep_until(next);
                sent_at[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)] =
                    timing::to_micros(timing::RaceCalendar::now());
                send_all(fds[static_cast<std::size_t>(r)], line);
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
    Latency l;
    l.sent = expected;
    l.committed = to_commit.size();
    l.published = to_standings.size();
    fmt::print("paced at {} reads/s for {:.0f} s ({} reads sent, {} measured to commit, {} to standings, {} commits)\n",
               rate, duration_s, l.sent, l.committed, l.published, service.commits());
    fmt::print("  sent -> committed         p50 {:6.2f} ms  p99 {:6.2f} ms  max {:6.2f} ms   (target p99 <= 25 ms)\n",
               percentile(to_commit, 50), percentile(to_commit, 99), percentile(to_commit, 100));
    fmt::print("  sent -> standings         p50 {:6.2f} ms  p99 {:6.2f} ms  max {:6.2f} ms   (target p99 <= 50 ms)\n",
               percentile(to_standings, 50), percentile(to_standings, 99), percentile(to_standings, 100));
    if (unknown) fmt::print("  {} committed reads were not sent by this run\n", unknown);
    l.commit_p50 = percentile(to_commit, 50);
    l.commit_p99 = percentile(to_commit, 99);
    l.standings_p50 = percentile(to_standings, 50);
    l.standings_p99 = percentile(to_standings, 99);
    if (unknown) l.committed = 0;  // something else was measured: not a valid run
    return l;
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
    // Service and bare loop twice each, alternating which goes first: service, bare, bare,
    // service. The bare loop replays what the service just stored, as the service batched it.
    std::vector<double> service_rates, bare_rates;
    auto first = sustained(total, "sustained-1");
    service_rates.push_back(first.rate);
    bare_rates.push_back(bare_inserts(first, "bare-1"));
    first.rows.clear();
    auto second = sustained(total, "sustained-2");
    bare_rates.push_back(bare_inserts(second, "bare-2"));
    service_rates.push_back(second.rate);
    const double service_rate = (service_rates[0] + service_rates[1]) / 2;
    const double bare_rate = (bare_rates[0] + bare_rates[1]) / 2;
    fmt::print("mean of two runs each: service {:.0f} reads/s, bare insert loop {:.0f} rows/s\n", service_rate, bare_rate);
    fmt::print("service / bare insert loop: {:.0f} %   (targets: >= 100,000 reads/s and >= 50 %)\n",
               100.0 * service_rate / bare_rate);
    const auto latency = paced(2000, rate_seconds);
    // One machine-readable line for tools/bench.sh.
    fmt::print("BENCH_JSON {{\"service_reads_per_s\": {:.0f}, \"bare_rows_per_s\": {:.0f}, "
               "\"service_runs\": [{:.0f}, {:.0f}], \"bare_runs\": [{:.0f}, {:.0f}], "
               "\"paced_sent\": {}, \"paced_committed\": {}, \"paced_published\": {}, "
               "\"commit_p50_ms\": {:.3f}, \"commit_p99_ms\": {:.3f}, "
               "\"standings_p50_ms\": {:.3f}, \"standings_p99_ms\": {:.3f}}}\n",
               service_rate, bare_rate, service_rates[0], service_rates[1], bare_rates[0], bare_rates[1],
               latency.sent, latency.committed, latency.published, latency.commit_p50, latency.commit_p99,
               latency.standings_p50, latency.standings_p99);
    if (!latency.complete()) {
        fmt::print(stderr, "bench_ingest: {} of {} paced reads measured to commit and {} to standings: "
                   "the latency figures do not cover every read, run failed\n",
                   latency.committed, latency.sent, latency.published);
        return 1;
    }
    return 0;
}
