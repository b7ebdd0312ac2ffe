#pragma once
// One run of the demo: its folder (race config, participants, race file, what really
// happened, the service log), the in-process service and the simulated devices, all on one
// scaled race clock, talking over real loopback TCP. The front end (the window, or the
// headless progress in headless.hpp) drives it; the results are written from the race file
// once the service has committed everything.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/service.hpp"
#include "tools/demo/broker.hpp"
#include "results/standings.hpp"
#include "timing/clock.hpp"
#include "tools/sim/device.hpp"
#include "tools/sim/plan.hpp"
#include "tools/sim/simulator.hpp"

namespace fl::demo {

struct SessionOptions {
    std::string out;        // folder; "" = a new one under $TMPDIR
    int runners = 1000;
    double speed = 30;      // race time runs this many times faster than real time
    std::uint64_t seed = 1; // the same seed plays the same race
    // Race time on the clock before the first gun (the window needs a moment to open).
    timing::Duration lead{std::chrono::seconds{10}};
    // `demo --sites` (issue 15): a 10K whose 5 km mat is at a remote site: a second service
    // (the relay, over its own race file) publishes its reads through a mosquitto broker the
    // session starts, and the finish's service takes them from there.
    bool sites = false;
};

// What one simulated device delivered and what the race file holds from its reader.
struct DeviceReport {
    sim::Progress device;
    std::int64_t stored = 0;  // reads in the race file from this device's reader
    std::string site;         // the remote site whose race file it is, "" for the finish's
};

// `demo --sites`: what the site committed and what reached the finish's race file through
// the broker (the reads of reader "relay:<site>" there).
struct RelayReport {
    std::string site, broker;
    std::int64_t at_site = 0, at_finish = 0;
};

struct Written {
    std::filesystem::path csv, html, awards;
    std::shared_ptr<const results::Standings> standings;  // what was written
    int finished = 0, dnf = 0, dq = 0, dns = 0;
};

class Session {
public:
    // Makes the folder and writes race.toml, participants.csv and truth.csv into it, creates
    // race.db and imports the participants, plans the race and opens the service (its ports
    // bound) on the scaled clock. Starts nothing. Throws the libraries' errors.
    explicit Session(const SessionOptions& options);
    ~Session();  // stops the devices; the service is the caller's to stop (or its destructor's)
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const std::filesystem::path& folder() const { return folder_; }
    std::filesystem::path file(std::string_view name) const { return folder_ / name; }
    // `demo --sites`: the remote site's race file (site-km5.db).
    std::filesystem::path site_file() const;
    ingest::Service& service() { return *service_; }
    // `demo --sites`: the remote site's service (the relay), else null; and the broker.
    ingest::Service* site_service() { return site_service_.get(); }
    const Broker* broker() const { return broker_.get(); }
    const timing::Clock& clock() const { return clock_; }
    const sim::Plan& plan() const { return *plan_; }
    int planned_finishers() const { return planned_finishers_; }
    int runners() const { return static_cast<int>(plan_->runners.size()); }

    // The devices connect to the service's bound ports and play the race (with sites: the
    // site's service starts first).
    void start_devices();
    // `demo --sites`, once every device is done: waits (at most `limit`) until the site has
    // read everything its device sent and the finish has committed every read the site
    // committed, then stops the site's service. True when the finish caught up. Without
    // sites: true at once.
    bool wait_for_relay(std::chrono::milliseconds limit);
    // True once every device has played out (or failed).
    bool race_over() const;
    void stop_devices();
    std::vector<sim::Progress> devices() const;

    // After the service has stopped: per device, what it sent and what the race file stores.
    std::vector<DeviceReport> device_reports();
    // After the services have stopped, with sites: the relay's account; nullopt without.
    std::optional<RelayReport> relay_report();
    // After the service has stopped: the final standings from the race file (the same path as
    // `finishline results`), written as results.csv, results.html and awards.txt.
    Written write_results();

    // A line for service.log (also used for the simulated devices' messages). Any thread.
    void log(std::string_view line);

private:
    std::filesystem::path folder_;
    std::ofstream log_file_;
    std::mutex log_mutex_;
    timing::Clock clock_;
    std::shared_ptr<const sim::Plan> plan_;
    int planned_finishers_ = 0;
    // Destroyed in reverse: the devices, the site, the finish, then the broker they talk to.
    std::unique_ptr<Broker> broker_;
    std::unique_ptr<ingest::Service> service_;
    std::unique_ptr<ingest::Service> site_service_;
    std::atomic<std::int64_t> site_committed_{0}, relayed_{0};
    bool site_started_ = false;
    std::unique_ptr<sim::Simulator> simulator_;
};

}  // namespace fl::demo
