#pragma once
// A race in progress "right now" for the GUI tests, the frame-build benchmark and the README
// pictures: a 10K (two waves) and a 5K, guns recorded a while ago, chip reads at the start and
// the finish for everyone who has finished by `now`, the rest on course, plus what a console
// has to deal with: stray chips, a chip-versus-manual conflict, a TAP without a bib and a
// scan of a bib nobody wears. Fed to a real Engine, or written into a real race file.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <fmt/format.h>

#include "results/engine.hpp"
#include "timing/config.hpp"
#include "timing/csv.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"
#include "timing/records.hpp"
#include "timing/time.hpp"

namespace fl::test {

struct SampleOptions {
    int runners = 1000;
    timing::Instant now = timing::RaceCalendar::now();
    bool two_events = true;  // false: one 10K with everyone (the 50,000-runner benchmark)
    // The 10K gun went this long before `now` (the 5K gun 20 minutes later): 55 minutes has
    // a third of the 10K and most of the 5K in; three hours has everyone in.
    std::chrono::minutes since_gun{55};
    std::uint64_t seed = 7;
    int stray_reads = 6;
    // A chip dropped by the finish mat, read every 15 s until `now` (the console groups it).
    int stray_chip_reads = 0;
    // Runners in a "Wheelchair" category (the 10K's first ones): a long category name.
    int wheelchair = 0;
    // The marshal port and readers: port 0 picks free ports (tests); fixed ones for a demo.
    std::string marshal_listen = "127.0.0.1:0";
    std::string finish_listen = "127.0.0.1:0";
    std::string start_listen = "127.0.0.1:0";
    std::string extra_readers;  // more [[readers]] sections, as TOML
    std::string web;            // the lines of a [web] section (TOML); empty: no [web]
    std::string teams;          // [[teams]] tables (TOML); empty: none
    // Event and wave names: a console must cope with spaces, quotes and accents in them.
    std::string event_10k = "10K", event_5k = "5K", wave_a = "A", wave_b = "B";
};

// A name as a TOML basic string.
inline std::string sample_toml_string(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

inline constexpr auto sample_5k_after = std::chrono::minutes{20};
inline constexpr auto sample_gun_delay = std::chrono::seconds{4};  // recorded gun vs schedule

inline timing::Instant sample_10k_schedule(const SampleOptions& o) {
    return std::chrono::floor<std::chrono::minutes>(o.now - o.since_gun);
}

inline std::string sample_toml(const SampleOptions& o) {
    const auto start10 = sample_10k_schedule(o);
    const auto day = date::floor<date::days>(start10);
    const auto tod = [&](timing::Instant t) {
        const auto s = std::chrono::duration_cast<std::chrono::seconds>(t - day).count();
        return fmt::format("{:02}:{:02}:{:02}", s / 3600 % 24, s / 60 % 60, s % 60);
    };
    std::string toml = fmt::format(R"([race]
name = "FinishLine City Run"
date = "{}"
timezone = "UTC"

[[events]]
name = {}
distance_m = 10000
start = "{}"
rank_by = "gun"
min_time = "00:20:00"
  [[events.waves]]
  name = {}
  offset = "00:00:00"
  [[events.waves]]
  name = {}
  offset = "00:03:00"
)",
                                   timing::format_date(date::year_month_day{day}),
                                   sample_toml_string(o.event_10k), tod(start10),
                                   sample_toml_string(o.wave_a), sample_toml_string(o.wave_b));
    if (o.two_events)
        toml += fmt::format(R"(
[[events]]
name = {}
distance_m = 5000
start = "{}"
rank_by = "gun"
min_time = "00:10:00"
)",
                            sample_toml_string(o.event_5k), tod(start10 + sample_5k_after));
    toml += fmt::format(R"(
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
listen = "{}"
timing_point = "finish"

[[readers]]
name = "start-mat"
protocol = "mylaps"
listen = "{}"
timing_point = "start"
{}
[marshal]
listen = "{}"
)",
                        o.finish_listen, o.start_listen, o.extra_readers, o.marshal_listen);
    if (!o.web.empty()) toml += fmt::format("\n[web]\n{}\n", o.web);
    if (!o.teams.empty()) toml += "\n" + o.teams;
    return toml;
}

inline std::vector<timing::Participant> sample_participants(const timing::RaceConfig& config,
                                                            const SampleOptions& o) {
    static constexpr const char* women[] = {"Anna",   "Maria", "Sofia", "Emma",  "Olivia", "Chloé",
                                            "Ingrid", "Aoife", "Yuki",  "Priya", "Zofia",  "Lucía",
                                            "Grace",  "Amara", "Hanna", "Léa",   "Mei",    "Sara"};
    static constexpr const char* men[] = {"Lukas", "James", "Mateo", "Noah",   "Jonas", "Kenji",
                                          "Ravi",  "Tomás", "Oskar", "Liam",   "Ahmed", "Pierre",
                                          "Erik",  "Kwame", "Marco", "Dmitri", "Jan",   "Sean"};
    static constexpr const char* last[] = {
        "Müller", "Smith", "García",  "Rossi", "Kowalski", "Nakamura",  "Okafor",  "Dubois",
        "Jensen", "Novák", "O'Brien", "Silva", "Nguyen",   "Patel",     "Larsen",  "Fischer",
        "Moreau", "Costa", "Kim",     "Walsh", "Horváth",  "Lindqvist", "Schmidt", "Brown"};
    static constexpr const char* teams[] = {"Harbour Harriers", "Tri Club", "Park Runners",
                                            "City AC"};
    std::mt19937_64 rng(o.seed);
    auto pick = [&](auto& list) {
        return list[std::uniform_int_distribution<std::size_t>(0, std::size(list) - 1)(rng)];
    };
    std::vector<timing::Participant> out;
    out.reserve(static_cast<std::size_t>(o.runners));
    for (int i = 0; i < o.runners; ++i) {
        timing::Participant p;
        p.id = i + 1;
        p.bib = fmt::format("{}", 101 + i);
        const double g = std::uniform_real_distribution<double>(0, 1)(rng);
        p.gender = g < 0.47 ? timing::Gender::F : g < 0.99 ? timing::Gender::M : timing::Gender::X;
        p.name = fmt::format("{} {}", p.gender == timing::Gender::F ? pick(women) : pick(men),
                             pick(last));
        p.age = std::clamp(static_cast<int>(std::normal_distribution<double>(38, 12)(rng)), 12, 82);
        const bool five_k = o.two_events && i % 5 >= 3;  // 40 % run the 5K
        p.event = five_k ? o.event_5k : o.event_10k;
        if (!five_k) p.wave = i % 2 ? o.wave_b : o.wave_a;
        if (std::uniform_real_distribution<double>(0, 1)(rng) < 0.15) p.team = pick(teams);
        p.chips = {fmt::format("CT{:05}", 101 + i)};
        if (i < 5 * o.wheelchair && p.event == o.event_10k && i % 5 == 0) p.category = "Wheelchair";
        out.push_back(std::move(p));
    }
    (void)config;
    return out;
}

inline std::string sample_participants_csv(const std::vector<timing::Participant>& ps) {
    std::string csv = "bib,name,gender,age,event,wave,team,chip,category\n";
    for (const auto& p : ps)
        csv += fmt::format("{},{},{},{},{},{},{},{},{}\n", p.bib, timing::csv_field(p.name),
                           p.gender ? timing::to_char(*p.gender) : ' ', p.age.value_or(30),
                           timing::csv_field(p.event), timing::csv_field(p.wave),
                           timing::csv_field(p.team), p.chips.front(),
                           timing::csv_field(p.category));
    return csv;
}

struct SampleRecords {
    std::vector<timing::NewRead> reads;
    std::vector<timing::NewEntry> entries;
};

// Reads and entries as of `now`, with the ids of `config` (from the race file, or numbered by
// an Engine).
inline SampleRecords sample_records(const timing::RaceConfig& config,
                                    const std::vector<timing::Participant>& ps,
                                    const SampleOptions& o) {
    using namespace std::chrono;
    SampleRecords out;
    const auto* finish_reader = config.find_reader("finish-mat");
    const auto* start_reader = config.find_reader("start-mat");
    const auto finish_point = config.find_point("finish")->id;
    const auto start_point = config.find_point("start")->id;
    const auto gun10 = sample_10k_schedule(o) + sample_gun_delay;
    const auto gun5 = gun10 + sample_5k_after;
    std::int64_t finish_seq = 0, start_seq = 0;

    for (const auto& e : config.events) {
        timing::NewEntry g;
        g.kind = timing::EntryKind::gun;
        g.event_id = e.id;
        g.time = e.name == o.event_5k ? gun5 : gun10;
        g.source = "marshal 127.0.0.1:50000";
        if (g.time <= o.now) out.entries.push_back(g);
    }
    std::mt19937_64 rng(o.seed * 31 + 1);
    struct Crossing {
        timing::Instant at;
        bool finish;
        std::string chip;
    };
    std::vector<Crossing> crossings;
    for (const auto& p : ps) {
        const bool five_k = p.event == o.event_5k;
        const auto gun = (five_k ? gun5 : gun10) + (p.wave == o.wave_b ? minutes{3} : minutes{0});
        // Minutes per km: fast club runners to walkers, slower with age.
        const double pace =
            std::clamp(std::lognormal_distribution<double>(std::log(5.6), 0.22)(rng) +
                           std::max(0, *p.age - 45) * 0.03,
                       2.9, 11.0);
        const auto start = gun + milliseconds(std::uniform_int_distribution<int>(2000, 90000)(rng));
        const auto net =
            duration_cast<timing::Duration>(duration<double>(pace * 60.0 * (five_k ? 5 : 10)));
        if (start <= o.now) crossings.push_back({start, false, p.chips.front()});
        if (start + net <= o.now) crossings.push_back({start + net, true, p.chips.front()});
    }
    for (int i = 0; i < o.stray_reads; ++i)
        crossings.push_back(
            {o.now - minutes{4 * (i + 1)}, true, fmt::format("XX{:04}", 9100 + i * 7)});
    for (int i = o.stray_chip_reads; i > 0; --i)
        crossings.push_back({o.now - seconds{15 * i}, true, "XX0042"});
    std::sort(crossings.begin(), crossings.end(),
              [](const auto& a, const auto& b) { return a.at < b.at; });
    for (const auto& c : crossings) {
        timing::NewRead r;
        r.reader_id = c.finish ? finish_reader->id : start_reader->id;
        r.timing_point_id = c.finish ? finish_point : start_point;
        r.kind = timing::ReadKind::tag;
        r.chip = c.chip;
        r.device_time = c.at;
        r.receive_time = c.at + milliseconds(180);
        r.device_seq = c.finish ? ++finish_seq : ++start_seq;
        r.raw = fmt::format("{}~{}", c.chip, timing::to_micros(c.at));
        out.reads.push_back(std::move(r));
    }
    // A marshal's hand timing for the two latest chip finishers (a conflict: the chip wins),
    // a TAP no bib scan pairs with, and a scan of a bib nobody wears.
    std::vector<std::string> latest;
    for (auto it = crossings.rbegin(); it != crossings.rend() && latest.size() < 2; ++it)
        if (it->finish && it->chip.rfind("CT", 0) == 0)
            latest.push_back(std::to_string(std::stoi(it->chip.substr(2))));
    for (const auto& bib : latest) {
        timing::NewEntry m;
        m.kind = timing::EntryKind::finish;
        m.bib = bib;
        m.time = o.now - seconds{20};
        m.source = "marshal 127.0.0.1:50000";
        out.entries.push_back(m);
    }
    timing::NewEntry tap;
    tap.kind = timing::EntryKind::tap;
    tap.time = o.now - seconds{75};
    tap.source = "marshal 127.0.0.1:50000";
    out.entries.push_back(tap);
    timing::NewEntry unknown;
    unknown.kind = timing::EntryKind::scan;
    unknown.bib = "9999";
    unknown.time = o.now - seconds{140};
    unknown.source = "reader scanner";
    out.entries.push_back(unknown);
    return out;
}

// An Engine fed with the sample race, ids as a race file would give them.
inline results::Engine sample_engine(const SampleOptions& o) {
    auto cfg = timing::parse_config(sample_toml(o), "sample.toml");
    results::Engine engine(cfg, sample_participants(cfg, o));
    const auto& config = engine.config();
    auto records = sample_records(config, sample_participants(config, o), o);
    std::int64_t id = 0;
    for (auto& r : records.reads) {
        timing::Read stored;
        static_cast<timing::NewRead&>(stored) = std::move(r);
        stored.id = ++id;
        engine.add_read(stored);
    }
    id = 0;
    for (auto& e : records.entries) {
        timing::Entry stored;
        static_cast<timing::NewEntry&>(stored) = e;
        stored.id = ++id;
        stored.created = e.time;
        engine.add_entry(stored);
    }
    engine.update();
    return engine;
}

// The sample race in a new race file at `path` (participants imported, records appended).
inline void write_sample_race(const std::string& path, const std::string& dir,
                              const SampleOptions& o) {
    auto file = timing::RaceFile::init(path, sample_toml(o), "sample.toml", dir);
    const auto ps = sample_participants(file.config(), o);
    timing::import_participants_csv(file, sample_participants_csv(ps), "sample.csv");
    const auto records = sample_records(file.config(), ps, o);
    timing::Transaction tx(file.db());
    for (const auto& r : records.reads) file.append_read(r);
    for (const auto& e : records.entries) file.append_entry(e);
    tx.commit();
}

}  // namespace fl::test
