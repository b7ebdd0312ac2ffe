#include "tools/demo/session.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "ingest/relay_readers.hpp"
#include "results/exports.hpp"
#include "results/replay.hpp"
#include "timing/error.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"
#include "tools/demo/demo_race.hpp"
#include "tools/sim/roster.hpp"

namespace fl::demo {
namespace {

void write_text(const std::filesystem::path& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush())
        throw timing::Error(fmt::format("cannot write '{}': check the folder is writable and has room",
                                        path.string()));
}

}  // namespace

Session::Session(const SessionOptions& o) : folder_(make_folder(o.out)) {
    log_file_.open(file("service.log"), std::ios::binary | std::ios::trunc);
    const auto day = today();
    if (o.sites) broker_ = std::make_unique<Broker>(folder_);
    const auto toml = o.sites ? course_toml(day, broker_->address()) : race_toml(day);
    write_text(file("race.toml"), toml);
    const auto site_path = file(fmt::format("site-{}.db", demo_site)).string();
    if (o.sites) {
        const auto site = site_toml(day, broker_->address());
        const auto name = fmt::format("site-{}.toml", demo_site);
        write_text(file(name), site);
        timing::RaceFile::init(site_path, site, name, folder_.string());  // closed at once
    }

    timing::RaceConfig config;
    std::vector<timing::Participant> people;
    {
        auto race = timing::RaceFile::init(file("race.db").string(), toml, "race.toml", folder_.string());
        config = race.config();
        sim::RosterOptions roster;
        roster.count = o.runners;
        roster.seed = o.seed;
        const auto csv = sim::participants_csv(sim::generate_participants(config, roster));
        write_text(file("participants.csv"), csv);
        // The same import a race director runs, so the demo plays what the race file holds.
        timing::import_participants_csv(race, csv, "participants.csv");
        people = race.participants();
    }  // closed before the service opens it

    sim::PlanOptions plan;
    plan.seed = o.seed;
    plan_ = std::make_shared<const sim::Plan>(sim::build_plan(config, people, plan));
    write_text(file("truth.csv"), sim::truth_csv(*plan_));
    planned_finishers_ = static_cast<int>(
        std::count_if(plan_->runners.begin(), plan_->runners.end(), [](const auto& r) { return r.finish.has_value(); }));

    clock_ = timing::Clock(plan_->begin - o.lead, o.speed);
    ingest::ServiceOptions service;
    service.clock = clock_;
    service.log_sink = [this](std::string_view line) { log(line); };
    if (o.sites) {
        // Relayed reads are the only ones of the 5 km point at the finish: counted as they
        // commit, so the end of the demo knows when the finish has caught up with the site.
        const auto point = std::find_if(config.timing_points.begin(), config.timing_points.end(),
                                        [](const auto& p) { return p.name == demo_site_point; });
        service.on_commit = [this, id = point != config.timing_points.end() ? point->id : std::int64_t{-1}](const ingest::JournalWriter::Committed& c) {
            relayed_ += std::count_if(c.reads.begin(), c.reads.end(),
                                      [id](const auto& r) { return r.timing_point_id == id; });
        };
    }
    service_ = std::make_unique<ingest::Service>(file("race.db").string(), std::move(service));
    if (o.sites) {
        ingest::ServiceOptions site;
        site.clock = clock_;
        site.relay_site = true;
        site.log_sink = [this](std::string_view line) { log(fmt::format("site {}: {}", demo_site, line)); };
        site.on_commit = [this](const ingest::JournalWriter::Committed& c) {
            site_committed_ += static_cast<std::int64_t>(c.reads.size());
        };
        site_service_ = std::make_unique<ingest::Service>(site_path, std::move(site));
    }

    std::vector<sim::DeviceOptions> devices;
    for (const auto& reader : config.readers) {
        auto d = sim::device_for_reader(reader);
        // The config says port 0: meet the service where it actually listens.
        d.endpoint = service_->reader_endpoint(reader.name).value();
        d.seed = o.seed;
        d.log = [this, name = reader.name](std::string_view m) { log(fmt::format("simulated {}: {}", name, m)); };
        devices.push_back(std::move(d));
    }
    if (site_service_) {
        for (const auto& reader : site_service_->config().readers) {
            auto d = sim::device_for_reader(reader);
            d.endpoint = site_service_->reader_endpoint(reader.name).value();
            d.seed = o.seed;
            d.log = [this, name = reader.name](std::string_view m) { log(fmt::format("simulated {}: {}", name, m)); };
            devices.push_back(std::move(d));
        }
    }
    simulator_ = std::make_unique<sim::Simulator>(plan_, clock_, std::move(devices));
}

Session::~Session() {
    if (simulator_) simulator_->stop();
}

void Session::start_devices() {
    if (site_service_ && !site_started_) {
        site_service_->start();
        site_started_ = true;
    }
    simulator_->start();
}

bool Session::wait_for_relay(std::chrono::milliseconds limit) {
    if (!site_service_ || !site_started_) return true;
    const auto until = std::chrono::steady_clock::now() + limit;
    auto site_idle = [this] {
        const auto readers = site_service_->reader_status();
        return std::none_of(readers.begin(), readers.end(), [](const auto& r) { return r.connected(); });
    };
    bool caught_up = false;
    while (std::chrono::steady_clock::now() < until) {
        if (site_idle() && relayed_.load() >= site_committed_.load()) {
            caught_up = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    site_service_->stop();
    site_service_->wait();
    site_started_ = false;
    return caught_up;
}
bool Session::race_over() const { return simulator_->done(); }
void Session::stop_devices() { simulator_->stop(); }
std::vector<sim::Progress> Session::devices() const { return simulator_->progress(); }

std::vector<DeviceReport> Session::device_reports() {
    timing::RaceFile race(file("race.db").string(), timing::RaceFile::Access::read_only);
    std::vector<DeviceReport> out;
    for (const auto& p : simulator_->progress()) {
        DeviceReport r{p, 0, {}};
        auto count = [&](timing::RaceFile& f) {
            const auto* reader = f.config().find_reader(p.name);
            if (!reader) return false;
            auto st = f.db().prepare("SELECT count(*) FROM reads WHERE reader_id = ?");
            st.bind(1, reader->id);
            if (st.step()) r.stored = st.column_int64(0);
            return true;
        };
        if (!count(race) && site_service_) {
            timing::RaceFile site(site_file().string(), timing::RaceFile::Access::read_only);
            if (count(site)) r.site = demo_site;
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::filesystem::path Session::site_file() const { return file(fmt::format("site-{}.db", demo_site)); }

std::optional<RelayReport> Session::relay_report() {
    if (!site_service_) return std::nullopt;
    RelayReport r;
    r.site = demo_site;
    r.broker = broker_->address();
    {
        timing::RaceFile site(site_file().string(), timing::RaceFile::Access::read_only);
        auto st = site.db().prepare("SELECT count(*) FROM reads");
        if (st.step()) r.at_site = st.column_int64(0);
    }
    timing::RaceFile race(file("race.db").string(), timing::RaceFile::Access::read_only);
    auto st = race.db().prepare("SELECT count(*) FROM reads x JOIN readers r ON r.id = x.reader_id WHERE r.name = ?");
    st.bind(1, std::string_view(ingest::relay_reader_name(demo_site)));
    if (st.step()) r.at_finish = st.column_int64(0);
    return r;
}

Written Session::write_results() {
    timing::RaceFile race(file("race.db").string(), timing::RaceFile::Access::read_only);
    auto engine = results::load_engine(race);
    const auto standings = engine.snapshot();
    Written w{file("results.csv"), file("results.html"), file("awards.txt"), standings};
    write_text(w.csv, results::to_csv(*standings));
    write_text(w.html, results::to_html(*standings));
    write_text(w.awards, results::to_awards_report(*standings));
    for (const auto& e : standings->events) {
        w.finished += e->counts.finished;
        w.dnf += e->counts.dnf;
        w.dq += e->counts.dq;
        w.dns += e->counts.dns;
    }
    return w;
}

void Session::log(std::string_view line) {
    std::lock_guard lock(log_mutex_);
    log_file_ << line << '\n';
    log_file_.flush();
}

}  // namespace fl::demo
