#pragma once
// One run of the demo: its folder (race config, participants, race file, what really
// happened, the service log), the in-process service and the simulated devices, all on one
// scaled race clock, talking over real loopback TCP. The front end (the window, or the
// headless progress in headless.hpp) drives it; the results are written from the race file
// once the service has committed everything.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/service.hpp"
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
};

// What one simulated device delivered and what the race file holds from its reader.
struct DeviceReport {
    sim::Progress device;
    std::int64_t stored = 0;  // reads in the race file from this device's reader
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
    ingest::Service& service() { return *service_; }
    const timing::Clock& clock() const { return clock_; }
    const sim::Plan& plan() const { return *plan_; }
    int planned_finishers() const { return planned_finishers_; }
    int runners() const { return static_cast<int>(plan_->runners.size()); }

    // The devices connect to the service's bound ports and play the race.
    void start_devices();
    // True once every device has played out (or failed).
    bool race_over() const;
    void stop_devices();
    std::vector<sim::Progress> devices() const;

    // After the service has stopped: per device, what it sent and what the race file stores.
    std::vector<DeviceReport> device_reports();
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
    std::unique_ptr<ingest::Service> service_;
    std::unique_ptr<sim::Simulator> simulator_;
};

}  // namespace fl::demo
