#include "tools/demo/session.hpp"

#include <algorithm>

#include <fmt/format.h>

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
    const auto toml = race_toml(today());
    write_text(file("race.toml"), toml);

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
    service_ = std::make_unique<ingest::Service>(file("race.db").string(), std::move(service));

    std::vector<sim::DeviceOptions> devices;
    for (const auto& reader : config.readers) {
        auto d = sim::device_for_reader(reader);
        // The config says port 0: meet the service where it actually listens.
        d.endpoint = service_->reader_endpoint(reader.name).value();
        d.seed = o.seed;
        d.log = [this, name = reader.name](std::string_view m) { log(fmt::format("simulated {}: {}", name, m)); };
        devices.push_back(std::move(d));
    }
    simulator_ = std::make_unique<sim::Simulator>(plan_, clock_, std::move(devices));
}

Session::~Session() {
    if (simulator_) simulator_->stop();
}

void Session::start_devices() { simulator_->start(); }
bool Session::race_over() const { return simulator_->done(); }
void Session::stop_devices() { simulator_->stop(); }
std::vector<sim::Progress> Session::devices() const { return simulator_->progress(); }

std::vector<DeviceReport> Session::device_reports() {
    timing::RaceFile race(file("race.db").string(), timing::RaceFile::Access::read_only);
    std::vector<DeviceReport> out;
    for (const auto& p : simulator_->progress()) {
        DeviceReport r{p, 0};
        if (const auto* reader = race.config().find_reader(p.name)) {
            auto st = race.db().prepare("SELECT count(*) FROM reads WHERE reader_id = ?");
            st.bind(1, reader->id);
            if (st.step()) r.stored = st.column_int64(0);
        }
        out.push_back(std::move(r));
    }
    return out;
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
