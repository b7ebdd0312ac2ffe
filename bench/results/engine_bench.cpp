// The results engine at Boston scale: the 26,410 finishers of Boston 2017 (waves, start mat,
// nine splits, finish) with 10 reads per crossing, about 2.9 million reads, fed in time order.
//
// Figures: BM_FeedAndScore (every read into a fresh engine, then standings), BM_FullRescore
// (score everything fed from scratch), BM_IncrementalRead / BM_IncrementalNewFinisher (one read
// + update, median and p99 as counters), BM_SnapshotNewFinisher (publishing the standings after
// a new finisher), BM_Snapshot (snapshot() after one read / after a batch),
// peak RSS (getrusage) as a counter.
#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <random>

#include <fmt/format.h>

#include "results/engine.hpp"
#include "tests/support/boston2017.hpp"
#include "timing/config.hpp"
#include "timing/csv.hpp"

namespace {

using namespace fl;
using Clock = std::chrono::steady_clock;

const std::string race_toml = test::boston_race_toml("Boston-sized benchmark", R"toml(
[[readers]]
name = "mats"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "finish"
)toml");

constexpr int reads_per_crossing = 10;

// One read, compact: the generator must not weigh more than the engine it feeds.
struct Compact {
    std::int64_t time;  // µs
    std::uint32_t runner;
    std::uint8_t point;  // 1 = start ... 11 = finish (timing point ids)
};

struct RaceData {
    timing::RaceConfig config;
    std::vector<timing::Participant> participants;
    std::vector<std::string> chips;
    std::vector<Compact> reads;  // by time
};

double peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

const RaceData& race() {
    static const RaceData data = [] {
        RaceData d;
        d.config = timing::parse_config(race_toml, "bench");
        d.config = results::Engine(d.config, {}).config();  // ids as the engine numbers them
        const auto cal = d.config.calendar();
        const auto& ev = d.config.events[0];
        const auto records = test::boston_official_records();
        std::mt19937_64 rng(42);
        auto jitter = [&](double lo, double hi) {
            return static_cast<std::int64_t>(std::uniform_real_distribution<double>(lo, hi)(rng) * 1e6);
        };
        auto secs = [](const std::string& s) -> std::optional<std::int64_t> {
            const auto v = timing::parse_duration(s);
            if (!v) return std::nullopt;
            return v->count();
        };
        d.reads.reserve((records.size() - 1) * 11 * reads_per_crossing);
        for (std::size_t i = 1; i < records.size(); ++i) {
            const auto& f = records[i].fields;  // bib,age,gender,country,9 splits,official,...
            timing::Participant p;
            p.id = static_cast<std::int64_t>(i);
            p.bib = f[0];
            p.name = "Runner " + f[0];
            p.age = std::stoi(f[1]);
            p.gender = timing::parse_gender(f[2]);
            p.event = "Marathon";
            const auto wave = test::boston_wave_of(f[0]).index;
            p.wave = ev.waves[wave].name;
            p.chips = {"T" + f[0]};
            const auto runner = static_cast<std::uint32_t>(d.participants.size());
            d.chips.push_back(p.chips[0]);
            d.participants.push_back(std::move(p));
            const auto gun = timing::to_micros(cal.at_local(ev.start + ev.waves[wave].offset));
            const auto start = gun + jitter(5, 900);
            for (int k = reads_per_crossing - 1; k >= 0; --k)
                d.reads.push_back({start - (k ? jitter(0.05, 2.0) : 0), runner, 1});
            for (std::size_t s = 0; s < 10; ++s) {  // 9 splits, then the official time
                const auto t = secs(f[4 + s]);
                if (!t) continue;
                const auto first = start + *t - jitter(0.01, 0.99);
                for (int k = 0; k < reads_per_crossing; ++k)
                    d.reads.push_back({first + (k ? jitter(0.05, 3.0) : 0), runner, static_cast<std::uint8_t>(2 + s)});
            }
        }
        std::sort(d.reads.begin(), d.reads.end(), [](const Compact& a, const Compact& b) { return a.time < b.time; });
        return d;
    }();
    return data;
}

class Feeder {
public:
    explicit Feeder(const RaceData& d) : d_(d) {
        r_.reader_id = 1;
        r_.kind = timing::ReadKind::tag;
    }
    void feed(results::Engine& e, std::size_t i) {
        const auto& c = d_.reads[i];
        r_.id = static_cast<std::int64_t>(i) + 1;
        r_.device_seq = r_.id;
        r_.timing_point_id = c.point;
        r_.chip.assign(d_.chips[c.runner]);
        r_.device_time = timing::instant_from_micros(c.time);
        r_.receive_time = timing::instant_from_micros(c.time + 300'000);
        e.add_read(r_);
    }

private:
    const RaceData& d_;
    timing::Read r_;
};

std::unique_ptr<results::Engine> loaded(std::size_t reads) {
    const auto& d = race();
    auto e = std::make_unique<results::Engine>(d.config, d.participants);
    Feeder f(d);
    for (std::size_t i = 0; i < reads; ++i) f.feed(*e, i);
    e->update();
    return e;
}

void add_percentiles(benchmark::State& state, std::vector<double>& us) {
    if (us.empty()) return;
    std::sort(us.begin(), us.end());
    state.counters["median_us"] = us[us.size() / 2];
    state.counters["p99_us"] = us[us.size() * 99 / 100];
    state.counters["max_us"] = us.back();
}

// One timed step: its wall time in µs into `us`, and as the iteration's (manual) time.
void record(benchmark::State& state, std::vector<double>& us, Clock::time_point t0, Clock::time_point t1) {
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
}

// snapshot() alone, timed: what publishing the standings costs.
void time_snapshot(benchmark::State& state, results::Engine& e, std::vector<double>& us) {
    const auto t0 = Clock::now();
    auto s = e.snapshot();
    const auto t1 = Clock::now();
    benchmark::DoNotOptimize(s);
    record(state, us, t0, t1);
}

// Every read into a fresh engine, then the standings: loading a race from its stored rows.
void BM_FeedAndScore(benchmark::State& state) {
    const auto& d = race();
    const double before = peak_rss_mb();
    for (auto _ : state) {
        results::Engine e(d.config, d.participants);
        Feeder f(d);
        for (std::size_t i = 0; i < d.reads.size(); ++i) f.feed(e, i);
        auto s = e.snapshot();
        benchmark::DoNotOptimize(s);
        if (s->events[0]->counts.finished != static_cast<int>(d.participants.size()))
            state.SkipWithError("not everyone finished");
    }
    state.counters["reads"] = static_cast<double>(d.reads.size());
    state.counters["runners"] = static_cast<double>(d.participants.size());
    state.counters["peak_rss_MB"] = peak_rss_mb();
    state.counters["generator_MB"] = before;
}
BENCHMARK(BM_FeedAndScore)->Unit(benchmark::kMillisecond)->Iterations(3);

// Score everything already fed, from scratch.
void BM_FullRescore(benchmark::State& state) {
    auto e = loaded(race().reads.size());
    for (auto _ : state) {
        auto s = e->rescore();
        benchmark::DoNotOptimize(s);
    }
    state.counters["reads"] = static_cast<double>(e->reads_stored());
    state.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(BM_FullRescore)->Unit(benchmark::kMillisecond)->Iterations(5);

// The race in progress: the last 10 % of the reads arrive one by one (finishes, late splits,
// duplicates), each followed by update(): the runner re-scored and moved in the ranking.
void BM_IncrementalRead(benchmark::State& state) {
    const auto& d = race();
    const auto from = d.reads.size() * 9 / 10;
    auto e = loaded(from);
    Feeder f(d);
    std::size_t next = from;
    std::vector<double> us;
    us.reserve(d.reads.size() - from);
    for (auto _ : state) {
        if (next == d.reads.size()) {
            state.SkipWithError("ran out of reads");
            break;
        }
        const auto t0 = Clock::now();
        f.feed(*e, next++);
        e->update();
        const auto t1 = Clock::now();
        record(state, us, t0, t1);
    }
    add_percentiles(state, us);
    state.counters["runners"] = static_cast<double>(d.participants.size());
}
BENCHMARK(BM_IncrementalRead)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(200000);

// A race with every runner's first finish read withheld (inserted mid-ranking later: net
// time ranking), and those reads in a random order.
struct WithheldFinishes {
    std::unique_ptr<results::Engine> engine;
    std::vector<std::size_t> first_finish;
};

WithheldFinishes withheld_finishes(const RaceData& d, Feeder& f) {
    WithheldFinishes w{std::make_unique<results::Engine>(d.config, d.participants), {}};
    std::vector<char> seen(d.participants.size(), 0);
    for (std::size_t i = 0; i < d.reads.size(); ++i) {
        const auto& c = d.reads[i];
        if (c.point == 11 && !seen[c.runner]) {
            seen[c.runner] = 1;
            w.first_finish.push_back(i);
            continue;
        }
        if (c.point != 11) f.feed(*w.engine, i);
    }
    w.engine->update();
    std::mt19937_64 rng(7);
    std::shuffle(w.first_finish.begin(), w.first_finish.end(), rng);
    return w;
}

// Only reads that turn a runner into a finisher.
void BM_IncrementalNewFinisher(benchmark::State& state) {
    const auto& d = race();
    Feeder f(d);
    auto w = withheld_finishes(d, f);
    auto& e = w.engine;
    const auto& first_finish = w.first_finish;
    std::size_t next = 0;
    std::vector<double> us;
    for (auto _ : state) {
        if (next == first_finish.size()) {
            state.SkipWithError("ran out of finishers");
            break;
        }
        const auto t0 = Clock::now();
        f.feed(*e, first_finish[next++]);
        e->update();
        const auto t1 = Clock::now();
        record(state, us, t0, t1);
    }
    add_percentiles(state, us);
}
BENCHMARK(BM_IncrementalNewFinisher)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(20000);

// snapshot() after `batch` new reads (1 = after every read; 50 = a commit batch).
void BM_Snapshot(benchmark::State& state) {
    const auto& d = race();
    const auto batch = static_cast<std::size_t>(state.range(0));
    const auto from = d.reads.size() * 9 / 10;
    auto e = loaded(from);
    e->snapshot();
    Feeder f(d);
    std::size_t next = from;
    std::vector<double> us;
    for (auto _ : state) {
        if (next + batch > d.reads.size()) {
            state.SkipWithError("ran out of reads");
            break;
        }
        for (std::size_t k = 0; k < batch; ++k) f.feed(*e, next++);
        e->update();
        time_snapshot(state, *e, us);
    }
    add_percentiles(state, us);
}
BENCHMARK(BM_Snapshot)->Arg(1)->Arg(50)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(2000);

// Publishing the standings after a new finisher: one read making a runner a finisher, update(),
// then snapshot() — what the service does before the board, exports and web see the change.
// The snapshot rebuild (the finisher's event table, latest finishers, shared parts reused) is
// the part measured; the incremental update before it is BM_IncrementalNewFinisher.
void BM_SnapshotNewFinisher(benchmark::State& state) {
    const auto& d = race();
    Feeder f(d);
    auto w = withheld_finishes(d, f);
    auto& e = w.engine;
    e->snapshot();
    std::size_t next = 0;
    std::vector<double> us;
    for (auto _ : state) {
        if (next == w.first_finish.size()) {
            state.SkipWithError("ran out of finishers");
            break;
        }
        f.feed(*e, w.first_finish[next++]);
        e->update();
        time_snapshot(state, *e, us);
    }
    add_percentiles(state, us);
}
BENCHMARK(BM_SnapshotNewFinisher)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(2000);

}  // namespace

BENCHMARK_MAIN();
