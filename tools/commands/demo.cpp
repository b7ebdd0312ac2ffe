// `finishline demo`: a 1,000-runner 5K played over real TCP into the in-process service at
// 30x, with the board and console window when there is a display, else a progress line and
// the top 10; the results end up in a folder it names.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "tools/commands/command.hpp"
#include "tools/demo/headless.hpp"
#include "tools/demo/progress_text.hpp"
#include "tools/demo/session.hpp"
#include "tools/demo/summary.hpp"
#ifdef FL_HAS_GUI
#include "gui/error.hpp"
#include "gui/serve_window.hpp"
#include "gui/window_options.hpp"
#endif

namespace fl::cli {
namespace {

struct DemoArgs {
    std::string out;
    int runners = 1000;
    double speed = 30;
    std::uint64_t seed = 1;
    bool headless = false;
    bool sites = false;
    double top_every = 5;
#ifdef FL_HAS_GUI
    gui::GuiOptions gui;
#endif
};

using steady = std::chrono::steady_clock;

void introduce(demo::Session& s) {
    const auto& plan = s.plan();
    const auto& clock = s.clock();
    const double last = std::chrono::duration<double>(clock.real(plan.end - clock.now())).count();
    fmt::print("FinishLine demo: {} runners in a {}, two waves, at {}x: the race plays out in about {:.0f} s\n",
               demo::grouped(s.runners()), s.site_service() ? "10K with a 5 km mat at a remote site" : "5K",
               clock.speed(), last);
    fmt::print("demo folder: {}\n", s.folder().string());
    auto readers = [](ingest::Service& service) {
        std::string where;
        for (const auto& r : service.config().readers)
            where += fmt::format("{} ({}) on {}, ", r.name, r.protocol, service.reader_endpoint(r.name)->to_string());
        return where;
    };
    auto& service = s.service();
    fmt::print("service: {}marshal on {}; simulated devices connect over TCP\n", readers(service),
               service.marshal_endpoint().to_string());
    if (auto* site = s.site_service()) {
        fmt::print("broker: mosquitto on {} (started by the demo)\n", s.broker()->address());
        fmt::print("site {} (relay, race file {}): {}its reads relayed to the finish through the broker\n",
                   site->config().site->name, s.site_file().filename().string(), readers(*site));
    }
    std::fflush(stdout);
}

#ifdef FL_HAS_GUI
bool has_display() {
    const char* d = std::getenv("DISPLAY");
    return d && *d;
}

// The board and console until the window is closed (or SIGINT/SIGTERM). Throws gui::Error
// when no window can be opened, before the service starts.
bool with_window(demo::Session& s, const gui::GuiOptions& gui) {
    auto options = gui.resolve();
    options.title = "FinishLine demo";
    auto announced = std::make_shared<bool>(false);
    options.should_close = [&s, announced] {
        if (!*announced && s.race_over()) {
            *announced = true;
            fmt::print("the race is over: close the window to write the results\n");
            std::fflush(stdout);
        }
        return false;
    };
    // Connecting before the service runs is fine: its ports are bound and queue the devices.
    s.start_devices();
    gui::serve_with_window(s.service(), s.clock(), options);
    return s.race_over();
}
#endif

void run(const DemoArgs& a) {
    if (!(a.speed > 0) || a.speed > 100'000) throw CLI::ValidationError("--speed", "expected a factor from 0 to 100000, e.g. 30");
    if (a.runners < 1 || a.runners > 100'000) throw CLI::ValidationError("--runners", "expected 1 to 100000 runners");
    bool window = false;
#ifdef FL_HAS_GUI
    if (a.headless && a.gui.wanted())
        throw CLI::ValidationError("--headless", "--headless leaves the window out: drop --gui / --screenshot");
    // --gui insists on the window; otherwise it opens when there is a display to open it on.
    window = a.gui.wanted() || (!a.headless && has_display());
#endif
    demo::SessionOptions options;
    options.out = a.out;
    options.runners = a.runners;
    options.speed = a.speed;
    options.seed = a.seed;
    options.sites = a.sites;
    // Race time before the first gun: a window takes a moment to open, a terminal does not.
    const auto lead = window ? std::chrono::duration<double>(3.0 * a.speed) : std::chrono::duration<double>(10.0);
    options.lead = std::chrono::duration_cast<timing::Duration>(lead);
    demo::Session session(options);
    introduce(session);

    const auto began = steady::now();
    bool played_out = false;
#ifdef FL_HAS_GUI
    if (window) {
        try {
            fmt::print("opening the board and console window; closing it ends the demo and writes the results\n");
            std::fflush(stdout);
            played_out = with_window(session, a.gui);
        } catch (const gui::Error& e) {
            if (a.gui.wanted()) throw;
            fmt::print("no window ({}): running headless\n", e.what());
            window = false;
        }
    }
#endif
    if (!window) {
        demo::HeadlessOptions h;
        h.live = ::isatty(STDOUT_FILENO) != 0;
        h.top_every = std::chrono::milliseconds(static_cast<std::int64_t>(a.top_every * 1000));
        played_out = demo::run_headless(session, h);
    }
    demo::wrap_up(session, played_out, std::chrono::duration<double>(steady::now() - began).count(), stdout);
}

}  // namespace

void add_demo(CLI::App& app) {
    auto* cmd = app.add_subcommand("demo", "Play a 1,000-runner race into the service and show the results (the main demo)");
    static DemoArgs a;
    cmd->add_option("--out", a.out, "Folder for the race and the results (default: a new one under $TMPDIR)");
    cmd->add_option("--runners", a.runners, "Runners to generate")->capture_default_str();
    cmd->add_option("--speed", a.speed, "Race time runs this many times faster than real time")->capture_default_str();
    cmd->add_option("--seed", a.seed, "Seed: the same seed plays the same race")->capture_default_str();
    cmd->add_flag("--headless", a.headless, "No window: a progress line and the top 10 (the default without a display)");
    cmd->add_flag("--sites", a.sites,
                  "A 10K whose 5 km mat is at a remote site, relayed through a mosquitto broker the demo starts");
    cmd->add_option("--top-every", a.top_every, "Headless: seconds between top-10 tables")->capture_default_str();
#ifdef FL_HAS_GUI
    gui::add_gui_options(*cmd, a.gui);
#endif
    cmd->footer(
        "Creates a race file with generated runners (a 5K, start mat and finish, two waves) in a folder, runs the "
        "service in this process on free loopback ports and plays the race into it over TCP: MYLAPS at the "
        "start, ChronoTrack at the finish. With a display the board and console window shows it live (closing "
        "it ends the demo; --gui insists on the window); without one, or with --headless, a progress line and "
        "the top 10. Either way it writes results.csv, results.html and awards.txt to the folder and prints it.\n"
        "With --sites the race is a 10K, and its 5 km mat is at a remote site: a second service over the site's own "
        "race file (as 'finishline relay' runs it) takes that mat's reads and publishes them through an Eclipse "
        "Mosquitto broker the demo starts on a free loopback port (mosquitto must be installed); the finish takes "
        "them from there, and the summary shows the 5 km splits that arrived through the relay.\n"
        "Examples:\n"
        "  finishline demo\n"
        "  finishline demo --headless --speed 600 --out /tmp/demo\n"
        "  finishline demo --sites --headless --speed 600");
    cmd->callback([] { run(a); });
}

}  // namespace fl::cli
