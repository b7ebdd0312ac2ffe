#pragma once
// A race plan: who crosses which timing point when, and which chips the mats read. Pure and
// seeded: the same config, participants and options give the same plan. Reads are not stored
// but expanded per crossing on demand (a Boston-sized race has millions of them).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "timing/config.hpp"
#include "timing/records.hpp"

namespace fl::sim {

using timing::Duration;
using timing::Instant;

struct PlanOptions {
    std::uint64_t seed = 1;
    double missed = 0.005;   // chance that a chip is not read at all at one crossing
    double stray = 0.01;     // stray-tag crossings per runner crossing
    int reads_min = 5;       // reads of one chip per crossing
    int reads_max = 50;
    double dns = 0.02;       // did not start
    double dnf = 0.01;       // started, did not finish
    Duration gun_delay_max{0};  // each event's gun fires up to this long after its schedule
};

enum class Outcome { finished, dnf, dns };

inline constexpr std::uint32_t no_runner = 0xFFFFFFFFu;

struct PlannedRunner {
    std::string bib;
    std::size_t event = 0;                  // index into config.events
    std::optional<std::size_t> wave;        // index into that event's waves
    std::vector<std::uint32_t> chips;       // indices into Plan::chips
    Outcome outcome = Outcome::finished;
    Instant start{};                        // crossed the start line (mat or not)
    std::optional<Instant> finish;          // crossed the finish line
    std::optional<Duration> net() const {
        return finish ? std::optional(*finish - start) : std::nullopt;
    }
};

// One runner (or one stray tag) passing one timing point.
struct Crossing {
    // The instant scoring should find: the first read at a split or finish, the last read at a
    // start point ("start = last read after the gun, finish = first read"). Whole 10 ms, so
    // every protocol's time format carries it exactly.
    Instant time{};
    std::uint32_t runner = no_runner;       // index into Plan::runners; no_runner = stray tag
    std::uint16_t point = 0;                // index into config.timing_points
    std::uint16_t span_ms = 0;              // the reads spread over this long
    bool leads_up = false;                  // a start point: reads lead up to `time`
    std::uint8_t chip_count = 0;
    std::uint8_t read_mask = 0;             // bit i: chips[i] was read at all
    std::array<std::uint32_t, 4> chips{};   // indices into Plan::chips
    std::uint64_t seed = 0;                 // expands into the same reads every time

    Instant window_start() const {
        return leads_up ? time - std::chrono::milliseconds(span_ms) : time;
    }
    Instant window_end() const {
        return leads_up ? time : time + std::chrono::milliseconds(span_ms);
    }
};

// One read as a decoder saw it, in true race time (a device adds its own clock error).
struct Read {
    Instant time{};
    std::uint32_t chip = 0;   // index into Plan::chips
    std::uint16_t point = 0;
    std::int8_t rssi = -60;   // dBm
    std::uint8_t hits = 1;
    std::uint8_t antenna = 1; // 1-4
    bool peak = false;        // the strongest read of this chip at this crossing
};

// An event's gun as the start mat's decoder marks it.
struct GunShot {
    std::size_t event = 0;
    std::uint16_t point = 0;
    Instant time{};
};

struct Plan {
    timing::RaceConfig config;
    PlanOptions options;
    std::vector<Instant> event_guns;     // actual gun of each event (waves add their offset)
    std::vector<PlannedRunner> runners;
    std::vector<std::string> chips;      // runners' chips, then stray tags
    std::vector<Crossing> crossings;     // ordered by window_start()
    std::vector<GunShot> guns;           // ordered by time
    Instant begin{};                     // the first gun
    Instant end{};                       // the last read

    Instant wave_gun(std::size_t event, std::optional<std::size_t> wave) const;
    std::optional<std::uint16_t> point_index(std::string_view name) const;
    bool is_stray(std::uint32_t chip) const { return chip >= runner_chips; }
    std::uint32_t runner_chips = 0;      // chips below this index belong to runners

    // The reads of one crossing in time order, appended to `out`; `peak_only` keeps one read
    // per chip (the strongest, carrying the hits of all), as decoders with a reaction time do.
    void expand(const Crossing& c, std::vector<Read>& out, bool peak_only = false) const;
    // How many reads expand() yields, without building them.
    int read_count(const Crossing& c, bool peak_only = false) const;
};

// Plans a race for these participants: a pace per runner from a log-normal distribution for
// the distance (5 km in about 15-60 min, slower with age), start-mat crossings seconds to
// minutes after the wave's gun by position in the wave, splits with pace variation, DNS/DNF,
// missed reads and stray tags. Throws sim::Error for a participant the config cannot place.
Plan build_plan(const timing::RaceConfig& config, std::span<const timing::Participant> participants,
                const PlanOptions& options);

// What really happened, to check results against: bib,event,wave,status,start,finish,net_time,
// missed with status FIN/DNF/DNS, local start and finish times "HH:MM:SS.mmm", the net time
// "H:MM:SS.mmm" (finish - start line) and the timing points where none of the runner's chips
// was read (';'-separated): there results can only see the crossing through other means.
std::string truth_csv(const Plan& plan);

}  // namespace fl::sim
