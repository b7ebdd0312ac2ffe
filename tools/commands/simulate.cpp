// `finishline simulate`: plays a race over real TCP as the timing hardware would, for demos,
// load tests and rehearsals.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "timing/config.hpp"
#include "timing/error.hpp"
#include "timing/race_file.hpp"
#include "timing/race_id.hpp"
#include "timing/text_file.hpp"
#include "tools/commands/command.hpp"
#include "tools/demo/progress_text.hpp"
#include "tools/sim/boston.hpp"
#include "tools/sim/error.hpp"
#include "tools/sim/roster.hpp"
#include "tools/sim/simulator.hpp"

namespace fl::cli {
namespace {

struct SimulateArgs {
    std::string config, race, protocol, to, listen, participants, write_participants, write_truth, replay, event;
    std::vector<std::string> readers, locations;
    std::vector<std::string> sites;  // remote sites' race files: their readers are played too
    std::string from, clock_error;
    double speed = 1;
    std::uint64_t seed = 1;
    sim::PlanOptions plan;
    double gun_delay = 0;
    int disconnect_every = 0;
    double disconnect_probability = 0;
    bool peak_only = false, scan_times = false;
    double rr_protocol = 2.0;
    double progress = 2;
    double final_wait = 10;
};

std::string read_file(const std::string& path) {
    auto text = timing::read_text_file(path);
    if (!text) throw timing::Error(fmt::format("cannot read '{}': check the path", path));
    return std::move(*text);
}

using demo::grouped;  // 1234567 → "1,234,567", as the demo prints it

timing::Endpoint endpoint(const std::string& text, std::string_view option) {
    auto e = timing::parse_endpoint(text);
    if (!e) throw CLI::ValidationError(std::string(option), fmt::format("'{}': expected HOST:PORT", text));
    return *e;
}

// The readers of each remote site (`--site SITE.db`, issue 15): a site's race file is the
// race's config plus [site] and its own [[readers]]; its devices play the same plan (the same
// runners cross its mats) at the addresses its relay listens on.
std::vector<sim::DeviceOptions> site_devices(const SimulateArgs& a, const timing::RaceConfig& cfg) {
    std::vector<sim::DeviceOptions> out;
    const auto id = timing::race_id(cfg);
    for (const auto& path : a.sites) {
        const timing::RaceFile file(path, timing::RaceFile::Access::read_only);
        const auto& site = file.config();
        if (!site.site)
            throw CLI::ValidationError("--site", fmt::format("{} is not a site's race file (no [site] in its config): "
                                                             "give the race file a relay runs at a remote site",
                                                             path));
        if (timing::race_id(site) != id)
            throw CLI::ValidationError("--site", fmt::format("{} is site {} of race {}, not of this race ({}): both "
                                                             "must be made from the same race config",
                                                             path, site.site->name, timing::race_id(site), id));
        if (site.readers.empty())
            throw CLI::ValidationError("--site", fmt::format("{} (site {}) has no [[readers]]: nothing to play there",
                                                             path, site.site->name));
        for (const auto& r : site.readers) out.push_back(sim::device_for_reader(r));
    }
    return out;
}

std::vector<sim::DeviceOptions> devices(const SimulateArgs& a, const timing::RaceConfig& cfg) {
    std::vector<sim::DeviceOptions> out;
    if (!a.protocol.empty()) {
        const auto p = timing::parse_protocol(a.protocol);
        if (!p) throw CLI::ValidationError("--protocol", fmt::format("expected {}", timing::protocol_choices()));
        // The config's reader of that protocol (named by --reader, or the only one) supplies
        // the address and timing points the command line leaves out.
        const timing::ReaderConfig* reader = nullptr;
        if (a.readers.size() > 1) throw CLI::ValidationError("--reader", "with --protocol, name one reader");
        if (!a.readers.empty()) {
            reader = cfg.find_reader(a.readers.front());
            if (!reader || reader->protocol != *p)
                throw CLI::ValidationError("--reader", fmt::format("no {} reader '{}' in the config", a.protocol, a.readers.front()));
        } else if (std::count_if(cfg.readers.begin(), cfg.readers.end(), [&](const auto& r) { return r.protocol == *p; }) == 1) {
            reader = &*std::find_if(cfg.readers.begin(), cfg.readers.end(), [&](const auto& r) { return r.protocol == *p; });
        }
        sim::DeviceOptions d = reader ? sim::device_for_reader(*reader) : sim::DeviceOptions{};
        d.protocol = *p;
        if (!reader) d.name = a.protocol;
        out.push_back(std::move(d));
    } else if (!a.readers.empty()) {
        for (const auto& name : a.readers) {
            const auto* r = cfg.find_reader(name);
            if (!r) {
                std::string known;
                for (const auto& x : cfg.readers) known += (known.empty() ? "" : ", ") + x.name;
                throw CLI::ValidationError("--reader", fmt::format("no reader '{}' in the config (readers: {})", name,
                                                                   known.empty() ? "none" : known));
            }
            out.push_back(sim::device_for_reader(*r));
        }
    } else {
        for (const auto& r : cfg.readers) out.push_back(sim::device_for_reader(r));
        if (out.empty() && a.sites.empty())
            throw CLI::ValidationError("--protocol", "the config has no [[readers]]: give --protocol and --to (or --listen)");
    }
    if ((!a.to.empty() || !a.listen.empty() || !a.locations.empty()) && out.size() != 1)
        throw CLI::ValidationError("--to", "--to, --listen and --location apply to one device: choose it with "
                                           "--reader or --protocol");
    const auto local = out.size();
    auto remote = site_devices(a, cfg);
    out.insert(out.end(), std::make_move_iterator(remote.begin()), std::make_move_iterator(remote.end()));
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto& d = out[i];
        if (i < local && !a.to.empty()) {
            if (!timing::device_connects(d.protocol))
                throw CLI::ValidationError("--to", "a RACE RESULT decoder is a server: give --listen HOST:PORT");
            d.endpoint = endpoint(a.to, "--to");
        }
        if (i < local && !a.listen.empty()) {
            if (timing::device_connects(d.protocol))
                throw CLI::ValidationError("--listen", fmt::format("a {} device connects to the service: give --to HOST:PORT",
                                                                   d.protocol));
            d.endpoint = endpoint(a.listen, "--listen");
        }
        if (d.endpoint.host.empty())
            throw CLI::ValidationError(timing::device_connects(d.protocol) ? "--to" : "--listen",
                                       fmt::format("where is the service? give {} HOST:PORT",
                                                   timing::device_connects(d.protocol) ? "--to" : "--listen"));
        if (i < local && !a.locations.empty()) d.points = a.locations;
        d.seed = a.seed;
        d.disconnect_every = a.disconnect_every;
        d.disconnect_probability = a.disconnect_probability;
        d.peak_only = a.peak_only;
        d.scan_times = a.scan_times;
        d.protocol_version = a.rr_protocol;
        d.final_wait = std::chrono::milliseconds(static_cast<std::int64_t>(a.final_wait * 1000));
        if (!a.clock_error.empty()) {
            const auto e = timing::parse_duration(a.clock_error);
            if (!e) throw CLI::ValidationError("--clock-error", "expected e.g. +0:00:02.5 or -1:00:00");
            d.clock_error = *e;
        }
        d.log = [](std::string_view m) { fmt::print(stderr, "simulate: {}\n", m); };
    }
    return out;
}

std::string progress_line(const timing::RaceCalendar& calendar, const timing::Clock& clock,
                          const std::vector<sim::Progress>& all) {
    std::string line = calendar.local_time(clock.now()).substr(0, 8);
    for (const auto& p : all) {
        line += fmt::format(" | {}: {}/{} sent", p.name, grouped(p.sent), grouped(p.planned));
        if (p.protocol == sim::Protocol::mylaps) line += fmt::format(", {} acked", grouped(p.acked));
        if (p.resent) line += fmt::format(", {} resent", grouped(p.resent));
        if (!p.connected && !p.done) line += p.protocol == sim::Protocol::raceresult ? " (no client)" : " (connecting)";
        if (p.done) line += " (done)";
    }
    return line;
}

void run(const SimulateArgs& a) {
    if (a.config.empty() == a.race.empty())
        throw CLI::ValidationError("--config", "give --config race.toml or --race RACE.db (which events, waves, "
                                               "timing points and readers to play)");
    std::optional<timing::RaceFile> race;
    timing::RaceConfig cfg;
    if (!a.race.empty()) {
        race.emplace(a.race, timing::RaceFile::Access::read_only);
        cfg = race->config();
    } else {
        cfg = timing::load_config_file(a.config);
    }

    std::vector<sim::ResultRow> rows;
    if (!a.replay.empty()) rows = sim::parse_results_csv(read_file(a.replay), a.replay);
    sim::RosterOptions roster;
    roster.seed = a.seed;
    std::vector<timing::Participant> people;
    const bool count_given = !a.participants.empty() &&
                             std::all_of(a.participants.begin(), a.participants.end(), [](unsigned char c) { return std::isdigit(c); });
    if (count_given) {
        if (!a.replay.empty()) throw CLI::ValidationError("--participants", "a replay brings its own runners: give a FILE, not a number");
        roster.count = std::stoi(a.participants);
        people = sim::generate_participants(cfg, roster);
        if (race && !race->participants().empty())
            fmt::print(stderr, "simulate: note: playing {} generated runners, not the race file's participants; "
                               "their chips are known to the service only if imported (--write-participants)\n",
                       roster.count);
    } else if (!a.participants.empty()) {
        people = sim::parse_participants_csv(read_file(a.participants), a.participants, cfg);
    } else if (race && !race->participants().empty()) {
        people = race->participants();
    } else if (!a.replay.empty()) {
        people = sim::replay_participants(cfg, rows, roster, a.event);
    } else {
        throw CLI::ValidationError("--participants", race ? "the race file has no participants: import some, or give --participants N"
                                                          : "give --participants FILE or a number of runners to generate");
    }

    if (!a.write_participants.empty()) {
        std::ofstream out(a.write_participants, std::ios::binary);
        out << sim::participants_csv(people);
        if (!out.flush()) throw timing::Error(fmt::format("cannot write '{}': check the folder exists and is writable", a.write_participants));
        fmt::print("wrote {} participants to {} (next: finishline import RACE.db {})\n", grouped(static_cast<std::int64_t>(people.size())),
                   a.write_participants, a.write_participants);
        return;
    }

    if (!(a.speed > 0)) throw CLI::ValidationError("--speed", "expected a positive factor, e.g. 30");
    auto options = a.plan;
    options.seed = a.seed;
    options.gun_delay_max = std::chrono::duration_cast<timing::Duration>(std::chrono::duration<double>(a.gun_delay));
    auto plan = std::make_shared<const sim::Plan>(a.replay.empty() ? sim::build_plan(cfg, people, options)
                                                                   : sim::build_replay_plan(cfg, people, rows, options));
    if (!a.write_truth.empty()) {
        std::ofstream out(a.write_truth, std::ios::binary);
        out << sim::truth_csv(*plan);
        if (!out.flush()) throw timing::Error(fmt::format("cannot write '{}': check the folder exists and is writable", a.write_truth));
    }
    const auto calendar = cfg.calendar();
    timing::Instant origin = plan->begin - std::chrono::seconds(10);
    if (!a.from.empty()) {
        const auto tod = timing::parse_time_of_day(a.from);
        if (!tod) throw CLI::ValidationError("--from", "expected a time of day HH:MM:SS");
        origin = calendar.at_local(*tod);
    }
    const timing::Clock clock(origin, a.speed);
    sim::Simulator simulator(plan, clock, devices(a, cfg));

    const auto starters = std::count_if(plan->runners.begin(), plan->runners.end(), [](const auto& r) { return r.outcome != sim::Outcome::dns; });
    const auto finishers = std::count_if(plan->runners.begin(), plan->runners.end(), [](const auto& r) { return r.finish.has_value(); });
    fmt::print("simulate: {} on {}: {} runners, {} start, {} finish; race clock from {} at {}x\n", cfg.name,
               timing::format_date(cfg.date), grouped(static_cast<std::int64_t>(plan->runners.size())), grouped(starters),
               grouped(finishers), calendar.local_time(origin).substr(0, 8), a.speed);
    for (const auto& p : simulator.progress()) {
        fmt::print("simulate: {} ({}) {} {}\n", p.name, p.protocol,
                   p.protocol == sim::Protocol::raceresult ? "listening on" : "connecting to", p.endpoint);
        // These two take the service's own clock: a separate service agrees with this race
        // clock only for a race held today at --speed 1.
        const bool today = date::floor<date::days>(timing::RaceCalendar::now()) == date::sys_days{cfg.date};
        if (a.speed == 1 && today) continue;
        if (p.protocol == sim::Protocol::raceresult)
            fmt::print(stderr, "simulate: note: the service learns {}'s clock offset from GETTIME against its own clock; "
                               "unless it runs on this race clock, set clock_offset = \"0:00:00\" on that reader\n", p.name);
        if (p.protocol == sim::Protocol::bibscan && !a.scan_times)
            fmt::print(stderr, "simulate: note: {}'s scans are timed on receipt by the service's clock; use --scan-times "
                               "to send each scan's race time\n", p.name);
    }
    std::fflush(stdout);

    const auto started = std::chrono::steady_clock::now();
    simulator.start();
    const auto every = std::chrono::duration<double>(a.progress > 0 ? a.progress : 3600.0);
    while (!simulator.wait_for(std::chrono::duration_cast<std::chrono::steady_clock::duration>(every))) {
        if (a.progress > 0) {
            fmt::print("{}\n", progress_line(calendar, clock, simulator.progress()));
            std::fflush(stdout);
        }
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::vector<std::string> errors;
    for (const auto& p : simulator.progress()) {
        std::string line = fmt::format("simulate: {} ({} {} {}): {} records sent", p.name, p.protocol,
                                       p.protocol == sim::Protocol::raceresult ? "on" : "to", p.endpoint, grouped(p.sent));
        if (p.protocol == sim::Protocol::mylaps) line += fmt::format(", {} acknowledged", grouped(p.acked));
        line += fmt::format(", {} resent, {} connection(s), {} dropped on purpose", grouped(p.resent), p.connections, p.drops);
        fmt::print("{}\n", line);
        if (!p.error.empty()) errors.push_back(p.error);
    }
    fmt::print("simulate: played out in {:.1f} s\n", seconds);
    if (!errors.empty()) throw sim::Error(fmt::format("{}", fmt::join(errors, "; ")));
}

}  // namespace

void add_simulate(CLI::App& app) {
    auto* cmd = app.add_subcommand("simulate", "Play a race over TCP as timing hardware would (demos, load tests, rehearsals)");
    static SimulateArgs a;
    cmd->add_option("--config", a.config, "Race config (events, waves, timing points, readers)");
    cmd->add_option("--race", a.race, "Race file: its config, and its participants unless --participants is given");
    cmd->add_option("--protocol", a.protocol, "Device to emulate: " + timing::protocol_choices());
    cmd->add_option("--reader", a.readers, "Emulate this [[readers]] entry of the config (repeatable; default: every reader)");
    cmd->add_option("--site", a.sites, "Also play the readers of this remote site's race file (repeatable: a course with remote sites)");
    cmd->add_option("--to", a.to, "HOST:PORT of the service (devices that connect to it)");
    cmd->add_option("--listen", a.listen, "HOST:PORT to listen on (a RACE RESULT decoder is a server)");
    cmd->add_option("--location", a.locations, "Timing point the device covers (repeatable; default: the reader's, or all)");
    cmd->add_option("--participants", a.participants, "Participants CSV, or a number of runners to generate");
    cmd->add_option("--write-participants", a.write_participants, "Write the participants to this CSV and exit (to import them)");
    cmd->add_option("--write-truth", a.write_truth, "Also write what really happens (start, finish, net time per bib) to this CSV");
    cmd->add_option("--replay", a.replay, "Replay published results (boston2017_results.csv layout)");
    cmd->add_option("--event", a.event, "Event the replayed runners run (default: the longest)");
    cmd->add_option("--speed", a.speed, "Race time runs this many times faster than real time")->capture_default_str();
    cmd->add_option("--from", a.from, "Race-day time of day the clock starts at (default: 10 s before the first gun)");
    cmd->add_option("--seed", a.seed, "Seed: the same seed plays the same race")->capture_default_str();
    cmd->add_option("--missed", a.plan.missed, "Chance that a chip is not read at a crossing")->capture_default_str();
    cmd->add_option("--stray", a.plan.stray, "Stray-tag crossings per runner crossing")->capture_default_str();
    cmd->add_option("--reads-min", a.plan.reads_min, "Fewest reads of a chip per crossing")->capture_default_str();
    cmd->add_option("--reads-max", a.plan.reads_max, "Most reads of a chip per crossing")->capture_default_str();
    cmd->add_option("--dns", a.plan.dns, "Share of runners who do not start")->capture_default_str();
    cmd->add_option("--dnf", a.plan.dnf, "Share of runners who do not finish")->capture_default_str();
    cmd->add_option("--gun-delay", a.gun_delay, "Guns fire up to this many seconds after their schedule")->capture_default_str();
    cmd->add_option("--disconnect-every", a.disconnect_every, "Drop the connection after every N records (0 = never)")->capture_default_str();
    cmd->add_option("--disconnect-probability", a.disconnect_probability, "Chance per record of dropping the connection")->capture_default_str();
    cmd->add_option("--clock-error", a.clock_error, "Device clock minus true time, e.g. +0:00:02.5");
    cmd->add_flag("--peak-only", a.peak_only, "One read per chip per crossing (decoders with a reaction time)");
    cmd->add_flag("--scan-times", a.scan_times, "Bib scanner sends '<bib> <HH:MM:SS.fff>' lines");
    cmd->add_option("--rr-protocol", a.rr_protocol, "Newest RACE RESULT protocol the decoder speaks (1.5 = fewer fields)")->capture_default_str();
    cmd->add_option("--progress", a.progress, "Seconds between progress lines (0 = none)")->capture_default_str();
    cmd->add_option("--final-wait", a.final_wait, "Seconds to wait for acks/fetches after the race")->capture_default_str();
    cmd->footer(
        "Examples:\n"
        "  finishline simulate --config race.toml --participants 1000 --write-participants runners.csv\n"
        "  finishline simulate --race race.db --speed 30            (every reader in the config)\n"
        "  finishline simulate --race race.db --protocol chronotrack --to 127.0.0.1:61611 --location finish\n"
        "  finishline simulate --config boston.toml --replay boston2017_results.csv --speed 60\n"
        "  finishline simulate --race finish.db --site km5.db --site km10.db --speed 30   (a course with sites)\n"
        "Exits 0 once the race is played out and every record was delivered (MYLAPS: acknowledged; "
        "RACE RESULT: fetched).");
    cmd->callback([] { run(a); });
}

}  // namespace fl::cli
