#pragma once
// A small race for the results tests, fed straight into an Engine: every record gets an id like
// the race file would give it, and is kept so a test can replay the same rows elsewhere.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "results/engine.hpp"
#include "timing/config.hpp"
#include "timing/time.hpp"

namespace fl::results::test {

// Ids once the engine has numbered the config: events 10K = 1, 5K = 2; waves A = 1, B = 2;
// points start = 1, km5 = 2, finish = 3; readers start-mat = 1, km5-mat = 2, finish-mat = 3,
// finish-backup = 4 (its clock runs 2 s slow: clock_offset +2 s).
inline constexpr std::string_view race_toml = R"toml(
[race]
name = "Test <Race> & Co"
date = "2024-05-05"
timezone = "UTC"

[[events]]
name = "10K"
distance_m = 10000
start = "09:00:00"
rank_by = "gun"
min_time = "00:20:00"
start_window = "00:15:00"
cutoff = "01:30:00"
timing_points = ["start", "km5", "finish"]
  [[events.waves]]
  name = "A"
  offset = "00:00:00"
  [[events.waves]]
  name = "B"
  offset = "00:10:00"

[[events]]
name = "5K"
distance_m = 5000
start = "09:30:00"
rank_by = "net"
min_time = "00:10:00"
timing_points = ["start", "finish"]

[categories]
age_on = "race_day"
age_groups = [0, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80]
award_depth = 2
overall_excluded_from_groups = 1

[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "km5"
role = "split"
distance_m = 5000
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 10000

[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "127.0.0.1:3097"
timing_point = "start"
[[readers]]
name = "km5-mat"
protocol = "mylaps"
listen = "127.0.0.1:3098"
timing_point = "km5"
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "finish"
[[readers]]
name = "finish-backup"
protocol = "chronotrack"
listen = "127.0.0.1:61612"
timing_point = "finish"
clock_offset = "+00:00:02"
)toml";

inline constexpr std::int64_t ev10k = 1, ev5k = 2, wave_a = 1, wave_b = 2;
inline constexpr std::int64_t pt_start = 1, pt_km5 = 2, pt_finish = 3;
inline constexpr std::int64_t rd_start = 1, rd_km5 = 2, rd_finish = 3, rd_backup = 4;

inline timing::Participant person(std::string bib, std::string name, std::optional<timing::Gender> g,
                                  std::string born, std::string event, std::string wave,
                                  std::vector<std::string> chips, std::string category = {}) {
    timing::Participant p;
    p.bib = std::move(bib);
    p.name = std::move(name);
    p.gender = g;
    if (born.size() == 10) p.birthdate = timing::parse_date(born);
    else if (!born.empty()) p.age = std::stoi(born);
    p.event = std::move(event);
    p.wave = std::move(wave);
    p.chips = std::move(chips);
    p.category = std::move(category);
    return p;
}

// Ann (F 34), Bob (M 44), Cid (M 39, wave B), Dee (F 5K), Eve (X, two chips), Fay (explicit ELITE).
inline std::vector<timing::Participant> people() {
    using timing::Gender;
    std::vector<timing::Participant> list{
        person("1", "Ann Apple", Gender::F, "1990-03-10", "10K", "A", {"C1"}),
        person("2", "Bob <b>Bold</b>", Gender::M, "44", "10K", "A", {"C2"}),
        person("3", "Cid \"Quote\", Jr", Gender::M, "1985-01-01", "10K", "B", {"C3"}),
        person("4", "Dee Dash", Gender::F, "1999-12-31", "5K", "", {"C4"}),
        person("5", "Eve Ex", Gender::X, "1970-05-06", "10K", "A", {"C5", "C55"}),
        person("6", "Fay Fast", Gender::F, "1995-05-05", "10K", "A", {"C6"}, "ELITE"),
    };
    for (std::size_t i = 0; i < list.size(); ++i) list[i].id = static_cast<std::int64_t>(i) + 1;
    return list;
}

class Race {
public:
    explicit Race(std::vector<timing::Participant> ps = people(), std::string_view toml = race_toml)
        : config_(timing::parse_config(toml, "test race")), participants_(ps),
          engine(config_, std::move(ps)), calendar(engine.config().calendar()) {}

    timing::Instant at(std::string_view hms) const {
        auto tod = timing::parse_time_of_day(hms);
        EXPECT_TRUE(tod) << hms;
        return calendar.at_local(*tod);
    }

    timing::Read make_read(std::string chip, std::int64_t point, std::string_view hms,
                           std::int64_t reader = 0) {
        timing::Read r;
        r.id = ++read_id;
        r.reader_id = reader ? reader : point;  // reader 1..3 sit on points 1..3
        r.timing_point_id = point;
        r.kind = timing::ReadKind::tag;
        r.chip = std::move(chip);
        r.device_time = at(hms);
        r.receive_time = *r.device_time + std::chrono::milliseconds(300);
        r.device_seq = r.id;
        return r;
    }
    std::int64_t read(std::string chip, std::int64_t point, std::string_view hms, std::int64_t reader = 0) {
        return feed(make_read(std::move(chip), point, hms, reader));
    }
    std::int64_t feed(const timing::Read& r) {
        reads.push_back(r);
        engine.add_read(r);
        return r.id;
    }

    std::int64_t entry(timing::EntryKind kind, std::string bib, std::string_view hms,
                       std::optional<std::int64_t> event = {}, std::optional<std::int64_t> wave = {}) {
        timing::Entry e;
        e.id = ++entry_id;
        e.kind = kind;
        e.bib = std::move(bib);
        e.event_id = event;
        e.wave_id = wave;
        e.time = at(hms);
        e.created = e.time + std::chrono::seconds(1);
        e.source = "test";
        entries.push_back(e);
        engine.add_entry(e);
        return e.id;
    }

    std::int64_t correct(timing::NewCorrection c) {
        timing::Correction full;
        static_cast<timing::NewCorrection&>(full) = std::move(c);
        full.id = ++correction_id;
        full.created = at("12:00:00") + std::chrono::seconds(full.id);
        full.who = "test";
        corrections.push_back(full);
        engine.add_correction(full);
        return full.id;
    }

    const Standings& s() {
        last = engine.snapshot();
        return *last;
    }
    const Row& row(std::string_view bib) {
        const auto* r = s().find_bib(bib);
        if (!r) throw std::runtime_error("no row for bib " + std::string(bib));
        return *r;
    }
    const RunnerResult& runner(std::string_view bib) { return *row(bib).runner; }
    const EventStandings& event(std::string_view name) {
        const auto* e = s().find_event(name);
        if (!e) throw std::runtime_error("no event " + std::string(name));
        return *e;
    }
    // Bibs of an event in table order.
    std::vector<std::string> order(std::string_view event_name) {
        std::vector<std::string> out;
        for (const auto& r : event(event_name).rows) out.push_back(r.runner->bib);
        return out;
    }

    timing::RaceConfig config_;
    std::vector<timing::Participant> participants_;
    Engine engine;
    timing::RaceCalendar calendar;
    std::shared_ptr<const Standings> last;
    std::vector<timing::Read> reads;
    std::vector<timing::Entry> entries;
    std::vector<timing::Correction> corrections;
    std::int64_t read_id = 0, entry_id = 0, correction_id = 0;
};

inline timing::Duration hms(std::string_view text) {
    auto d = timing::parse_duration(text);
    EXPECT_TRUE(d) << text;
    return d.value_or(timing::Duration{0});
}

}  // namespace fl::results::test
