// The race config loader (parse_config, TOML via toml++). Any text either loads into a config
// that holds together, or is refused with a timing::Error saying "fuzz.toml:<line>: ..." for a
// line the text has. A loaded config is then used the way the service uses it: its calendar,
// a ReadBuilder per reader, a marshal session (nothing may throw or hit undefined behaviour for
// any race date or zone the loader accepted).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <set>

#include "fuzz/targets/line_oracle.hpp"
#include "fuzz/targets/targets.hpp"
#include "fuzz/targets/violation.hpp"
#include "ingest/marshal_session.hpp"
#include "ingest/parse_output.hpp"
#include "ingest/read_builder.hpp"
#include "timing/config.hpp"
#include "timing/error.hpp"

namespace fl::fuzz {
namespace {

constexpr std::string_view source = "fuzz.toml";

void check_message(std::string_view text, std::string_view what) {
    const auto shown = ingest::printable(what, 300);
    require(what.starts_with(source) && what.size() > source.size() && what[source.size()] == ':',
            "the message does not start with the file name: {}", shown);
    const auto rest = what.substr(source.size() + 1);
    int line = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), line);
    require(ec == std::errc{} && end != rest.data() + rest.size() && *end == ':',
            "the message does not give a line: {}", shown);
    const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
    require(line >= 1 && line <= lines, "the message names line {} of a {}-line file: {}", line,
            lines, shown);
}

void check_config(const timing::RaceConfig& cfg) {
    using namespace std::chrono;
    require(!cfg.name.empty() && cfg.date.ok() && !cfg.events.empty(), "race, date or events missing");
    std::set<std::string_view> names;
    for (const auto& e : cfg.events) {
        require(!e.name.empty() && names.insert(e.name).second, "event \"{}\" empty or twice", e.name);
        require(e.distance_m > 0, "event {} distance {}", e.name, e.distance_m);
        require(e.start >= timing::Duration{0} && e.start < hours{24}, "event {} start", e.name);
        require(e.min_time >= timing::Duration{0} && e.start_window >= timing::Duration{0} &&
                    (!e.cutoff || *e.cutoff >= timing::Duration{0}),
                "event {}: a negative length", e.name);
        std::set<std::string_view> waves;
        for (const auto& w : e.waves)
            require(!w.name.empty() && waves.insert(w.name).second && w.offset >= timing::Duration{0},
                    "event {} wave \"{}\"", e.name, w.name);
        for (const auto& tp : e.timing_points)
            require(cfg.find_point(tp) != nullptr, "event {} names point {}", e.name, tp);
    }
    names.clear();
    for (const auto& p : cfg.timing_points) {
        require(!p.name.empty() && names.insert(p.name).second, "point \"{}\" empty or twice", p.name);
        require(p.role != timing::PointRole::split || p.distance_m, "split {} without distance", p.name);
        require(p.dedup_window >= timing::Duration{0}, "point {} dedup window", p.name);
    }
    names.clear();
    for (const auto& r : cfg.readers) {
        require(!r.name.empty() && names.insert(r.name).second, "reader \"{}\" empty or twice", r.name);
        require(r.listen.has_value() != r.connect.has_value(), "reader {}: listen and connect", r.name);
        require((r.protocol == timing::Protocol::raceresult) == r.connect.has_value(), "reader {}: {} with {}", r.name,
                r.protocol, r.connect ? "connect" : "listen");
        require(r.timing_point.empty() || cfg.find_point(r.timing_point), "reader {} point", r.name);
        for (const auto& [location, point] : r.locations)
            require(cfg.find_point(point) != nullptr, "reader {} location {}", r.name, location);
        require(r.max_connections >= 1 && r.idle_timeout >= timing::Duration{0} &&
                    r.poll_interval >= timing::Duration{0},
                "reader {} limits", r.name);
    }
    const auto& groups = cfg.categories.age_groups;
    require(std::adjacent_find(groups.begin(), groups.end(), std::greater_equal<>()) == groups.end(),
            "age groups not ascending");
    require(!cfg.marshal.token || !cfg.marshal.token->empty(), "an empty marshal token");
}

// What the service does with a config: scheduled guns on the race calendar, device times
// through each reader's ReadBuilder, a marshal session.
void use_config(timing::RaceConfig cfg) {
    std::int64_t id = 0;
    for (auto& p : cfg.timing_points) p.id = ++id;
    for (auto& r : cfg.readers) r.id = ++id;
    for (auto& e : cfg.events) {
        e.id = ++id;
        for (auto& w : e.waves) w.id = ++id;
    }
    const auto calendar = cfg.calendar();
    const auto midnight = calendar.midnight();
    for (const auto& e : cfg.events) {
        const auto gun = calendar.at_local(e.start);
        require(gun >= midnight - std::chrono::hours{30} && gun < midnight + std::chrono::hours{54},
                "the gun of {} is not on the race day", e.name);
        (void)calendar.local_time(gun);
    }
    for (const auto& r : cfg.readers) {
        const ingest::ReadBuilder builder(cfg, r);
        for (const auto tod : {timing::Duration{0}, timing::Duration{std::chrono::hours{23}}}) {
            ingest::ReadBuilder::Fields f;
            f.chip = "C1";
            f.device_time = builder.at_time_of_day(tod);
            const auto read = builder.make(f, "C1", calendar.now());
            require(read.reader_id == r.id, "a read from {} names reader {}", r.name, read.reader_id);
        }
    }
    ingest::MarshalSession session(cfg, "fuzz", false);
    (void)session.handle("START 5K", calendar.midnight());
}

}  // namespace

Outcome fuzz_config(Bytes data) {
    const auto text = as_text(data.data(), data.size());
    Outcome outcome;
    std::optional<timing::RaceConfig> cfg;
    try {
        cfg = timing::parse_config(text, source);
    } catch (const timing::Error& e) {
        check_message(text, e.what());
        outcome.refused = 1;
        return outcome;
    }
    check_config(*cfg);
    use_config(std::move(*cfg));
    outcome.records = 1;
    return outcome;
}

}  // namespace fl::fuzz
