// Validation against a real race: Boston 2017 (26,410 finishers). Reads are generated from the
// official results into a real race file (waves, start mat, every 5 km split, finish, several
// reads per crossing with jitter, some finishes missed by the mat and entered by hand), the
// engine loads it with load_engine, and every net time, split and place must agree.
//
// FL_BOSTON_SAMPLE=n keeps every n-th runner (default 1; 5 in sanitizer builds, where the full
// field takes minutes).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

#include <fmt/format.h>

#include "results/replay.hpp"
#include "tests/support/boston2017.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/csv.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

namespace fl::results::test {
namespace {

using namespace std::chrono_literals;

const std::string boston_toml = fl::test::boston_race_toml("Boston Marathon 2017 (replayed)", R"toml(
[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "127.0.0.1:3097"
timing_point = "start"
[[readers]]
name = "course"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "5k"
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:61612"
timing_point = "finish"
clock_offset = "+00:00:01.5"
)toml");

// Column order of the official results, after the bib/age/gender/country columns.
constexpr std::array<std::string_view, 9> split_columns{
    "split_5k", "split_10k", "split_15k", "split_20k", "split_half",
    "split_25k", "split_30k", "split_35k", "split_40k"};

struct Official {
    std::string bib;
    int age = 0;
    std::string gender;
    std::array<std::optional<std::int64_t>, 9> splits{};  // seconds
    std::int64_t time = 0;                                 // seconds
    std::string time_text;
    std::array<std::string, 9> split_text{};
    int overall_place = 0;
};

std::int64_t seconds(std::string_view hms) {
    const auto d = timing::parse_duration(hms);
    if (!d) throw std::runtime_error(fmt::format("bad time '{}'", hms));
    return d->count() / 1'000'000;
}

std::vector<Official> load_official(int sample) {
    const auto records = fl::test::boston_official_records();
    const auto& head = records.at(0).fields;
    auto col = [&](std::string_view name) {
        return static_cast<std::size_t>(std::find(head.begin(), head.end(), name) - head.begin());
    };
    std::vector<Official> out;
    for (std::size_t i = 1; i < records.size(); ++i) {
        if ((i - 1) % static_cast<std::size_t>(sample) != 0) continue;
        const auto& f = records[i].fields;
        Official o;
        o.bib = f.at(col("bib"));
        o.age = std::stoi(f.at(col("age")));
        o.gender = f.at(col("gender"));
        for (std::size_t k = 0; k < split_columns.size(); ++k) {
            const auto& v = f.at(col(split_columns[k]));
            if (v != "-" && !v.empty()) {
                o.splits[k] = seconds(v);
                o.split_text[k] = v;
            }
        }
        o.time_text = f.at(col("official_time"));
        o.time = seconds(o.time_text);
        o.overall_place = std::stoi(f.at(col("overall_place")));
        out.push_back(std::move(o));
    }
    return out;
}

int sample_every() {
    if (const char* env = std::getenv("FL_BOSTON_SAMPLE")) return std::max(1, std::atoi(env));
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return 5;
#else
    return 1;
#endif
}

TEST(Boston2017, EveryNetTimeSplitAndPlaceMatchesTheOfficialResults) {
    const auto official = load_official(sample_every());
    ASSERT_GT(official.size(), 1000u);
    fl::test::TempDir dir;
    const auto path = dir.file("boston.db");
    std::map<std::string, std::int64_t> start_us;  // each runner's true start crossing
    std::size_t manual = 0, reads = 0;
    {
        auto file = timing::RaceFile::init(path, boston_toml, "boston.toml", dir.path().string());
        std::string csv = "bib,name,gender,age,event,wave,chip\n";
        for (const auto& o : official)
            csv += fmt::format("{0},Runner {0},{1},{2},Marathon,{3},T{0}\n", o.bib, o.gender, o.age,
                               fl::test::boston_wave_of(o.bib).name);
        timing::import_participants_csv(file, csv, "boston participants");

        const auto& cfg = file.config();
        const auto cal = cfg.calendar();
        const auto& ev = cfg.events.at(0);
        auto point = [&](std::string_view name) { return cfg.find_point(name)->id; };
        auto reader = [&](std::string_view name) { return cfg.find_reader(name)->id; };
        const std::int64_t start_point = point("start"), finish_point = point("finish");
        std::array<std::int64_t, 9> split_points{};
        const std::array<std::string_view, 9> split_names{"5k", "10k", "15k", "20k", "half",
                                                           "25k", "30k", "35k", "40k"};
        for (std::size_t k = 0; k < 9; ++k) split_points[k] = point(split_names[k]);

        std::mt19937_64 rng(2017);
        auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
        auto us = [](double s) { return static_cast<std::int64_t>(std::llround(s * 1e6)); };
        timing::Transaction tx(file.db());
        // The guns as a marshal recorded them, a few seconds after the schedule.
        for (const auto& w : ev.waves) {
            timing::NewEntry g;
            g.kind = timing::EntryKind::gun;
            g.event_id = ev.id;
            g.wave_id = w.id;
            g.time = cal.at_local(ev.start + w.offset) + 3s;
            g.source = "starter";
            file.append_entry(g);
        }
        std::int64_t seq = 0;
        auto add = [&](std::int64_t reader_id, std::int64_t point_id, const std::string& chip,
                       std::int64_t true_us, std::int64_t device_offset_us) {
            timing::NewRead r;
            r.reader_id = reader_id;
            r.timing_point_id = point_id;
            r.chip = chip;
            r.device_time = timing::instant_from_micros(true_us - device_offset_us);
            r.receive_time = timing::instant_from_micros(true_us + 400'000);
            r.device_seq = ++seq;
            r.raw = "generated";
            file.append_read(r);
            ++reads;
        };
        std::size_t n = 0;
        for (const auto& o : official) {
            const auto seat = fl::test::boston_wave_of(o.bib);
            const auto w = std::find_if(ev.waves.begin(), ev.waves.end(), [&](const auto& x) { return x.name == seat.name; });
            const auto gun = timing::to_micros(cal.at_local(ev.start + w->offset)) + us(3);
            // Runners further back in the corral cross the start later (up to ~16 min).
            const auto start = gun + us(5 + static_cast<double>(seat.position) / 8000.0 * 900.0 + uniform(0, 60));
            start_us[o.bib] = start;
            const auto chip = "T" + o.bib;
            // The start mat: the last read is the crossing that counts.
            add(reader("start-mat"), start_point, chip, start - us(uniform(0.3, 1.5)), 0);
            add(reader("start-mat"), start_point, chip, start - us(uniform(0.05, 0.25)), 0);
            add(reader("start-mat"), start_point, chip, start, 0);
            // Splits and finish: the first read counts; recorded times drop the fraction, so
            // the crossing is up to a second before the official whole second.
            for (std::size_t k = 0; k < 9; ++k) {
                if (!o.splits[k]) continue;
                const auto t = start + us(static_cast<double>(*o.splits[k]) - uniform(0.01, 0.99));
                add(reader("course"), split_points[k], chip, t, 0);
                add(reader("course"), split_points[k], chip, t + us(uniform(0.05, 1.0)), 0);
                add(reader("course"), split_points[k], chip, t + us(uniform(1.0, 2.5)), 0);
            }
            const auto finish = start + us(static_cast<double>(o.time) - uniform(0.01, 0.99));
            if (++n % 200 == 0) {
                // The finish mat missed this runner: a marshal entered the finish by hand.
                timing::NewEntry e;
                e.kind = timing::EntryKind::finish;
                e.bib = o.bib;
                e.time = timing::instant_from_micros(finish);
                e.source = "marshal";
                file.append_entry(e);
                ++manual;
                continue;
            }
            // The finish mat's clock runs 1.5 s slow (config clock_offset +1.5 s).
            for (int k = 0; k < 4; ++k)
                add(reader("finish-mat"), finish_point, chip, finish + (k ? us(uniform(0.05, 3.0)) : 0), us(1.5));
        }
        tx.commit();
    }
    ASSERT_GT(manual, 0u);
    ASSERT_GT(reads, official.size() * 30);

    timing::RaceFile file(path, timing::RaceFile::Access::read_only);
    auto engine = load_engine(file);
    const auto standings = engine.snapshot();
    const auto* event = standings->find_event("Marathon");
    ASSERT_NE(event, nullptr);
    ASSERT_EQ(event->counts.finished, static_cast<int>(official.size()));
    ASSERT_EQ(event->splits.size(), 9u);

    // Official rank within this sample: position by overall_place (places have a gap).
    std::vector<const Official*> by_place;
    for (const auto& o : official) by_place.push_back(&o);
    std::sort(by_place.begin(), by_place.end(), [](auto a, auto b) { return a->overall_place < b->overall_place; });
    std::map<std::string, int> official_rank;
    for (std::size_t i = 0; i < by_place.size(); ++i) official_rank[by_place[i]->bib] = static_cast<int>(i) + 1;

    std::map<std::string, const Official*> by_bib;
    for (const auto& o : official) by_bib[o.bib] = &o;
    // Runners with the same official time may be placed in either order among themselves:
    // compare the set of places each official time gets.
    std::map<std::int64_t, std::vector<int>> ours_by_time, theirs_by_time;
    int mismatched_times = 0, mismatched_splits = 0;
    std::size_t manual_seen = 0;
    for (const auto& row : event->rows) {
        const auto& r = *row.runner;
        const auto* o = by_bib.at(r.bib);
        ASSERT_EQ(r.status, Status::finished) << r.bib;
        ASSERT_TRUE(row.place) << r.bib;
        if (timing::format_result_time(*r.net_time) != o->time_text && ++mismatched_times <= 10)
            ADD_FAILURE() << "bib " << r.bib << ": net " << timing::format_result_time(*r.net_time)
                          << ", official " << o->time_text;
        EXPECT_EQ(r.start_passing, timing::instant_from_micros(start_us.at(r.bib))) << r.bib;
        for (std::size_t k = 0; k < 9; ++k) {
            const auto& sp = r.splits.at(k);
            const bool ok = o->splits[k] ? (sp.elapsed && timing::format_result_time(*sp.elapsed) == o->split_text[k])
                                         : !sp.at.has_value();
            if (!ok && ++mismatched_splits <= 10)
                ADD_FAILURE() << "bib " << r.bib << " split " << split_columns[k] << ": "
                              << (sp.elapsed ? timing::format_result_time(*sp.elapsed) : "none") << ", official "
                              << o->split_text[k];
        }
        if (r.finish_source == FinishSource::manual) ++manual_seen;
        ours_by_time[o->time].push_back(*row.place);
        theirs_by_time[o->time].push_back(official_rank.at(r.bib));
    }
    EXPECT_EQ(mismatched_times, 0);
    EXPECT_EQ(mismatched_splits, 0);
    EXPECT_EQ(manual_seen, manual);
    int mismatched_places = 0;
    for (auto& [time, ours] : ours_by_time) {
        auto& theirs = theirs_by_time[time];
        std::sort(ours.begin(), ours.end());
        std::sort(theirs.begin(), theirs.end());
        if (ours != theirs && ++mismatched_places <= 10)
            ADD_FAILURE() << "official time " << time << " s: our places " << fmt::format("{}", fmt::join(ours, ","))
                          << ", official " << fmt::format("{}", fmt::join(theirs, ","));
    }
    EXPECT_EQ(mismatched_places, 0);
    EXPECT_TRUE(standings->unassigned_reads->empty());
    EXPECT_TRUE(standings->conflicts->empty());
}

}  // namespace
}  // namespace fl::results::test
