#include "tools/demo/summary.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tools/demo/demo_race.hpp"
#include "tools/demo/error.hpp"
#include "tools/demo/progress_text.hpp"

namespace fl::demo {

void wrap_up(Session& session, bool played_out, double seconds, std::FILE* out) {
    session.stop_devices();
    const auto calendar = session.service().config().calendar();
    if (played_out)
        fmt::print(out, "race over at {} race time, played in {:.1f} s at {}x\n",
                   calendar.local_time(session.clock().now()).substr(0, 8), seconds, session.clock().speed());
    else
        fmt::print(out, "stopped at {} race time after {:.1f} s, before the race was over\n",
                   calendar.local_time(session.clock().now()).substr(0, 8), seconds);

    std::vector<std::string> problems;
    for (const auto& r : session.device_reports()) {
        const auto& d = r.device;
        // MYLAPS resends what is not acknowledged: acknowledged is what it knows is stored.
        const bool acks = d.protocol == sim::Protocol::mylaps;
        const auto delivered = acks ? d.acked : d.sent;
        fmt::print(out, "device {} ({}): {} of {} planned reads sent{}, {} resent, {} stored in the {}race file\n",
                   d.name, d.protocol, grouped(d.sent), grouped(d.planned),
                   acks ? fmt::format(", {} acknowledged", grouped(d.acked)) : "", grouped(d.resent), grouped(r.stored),
                   r.site.empty() ? "" : fmt::format("site {}'s ", r.site));
        if (!d.error.empty()) problems.push_back(fmt::format("device {}: {}", d.name, d.error));
        else if (played_out && r.stored != delivered)
            problems.push_back(fmt::format("device {} delivered {} reads but the race file holds {}", d.name,
                                           grouped(delivered), grouped(r.stored)));
    }

    // Wait for the relay here too (the window's path): a no-op once headless has waited.
    session.wait_for_relay(std::chrono::seconds{played_out ? 30 : 0});
    const auto relay = session.relay_report();
    if (relay) {
        fmt::print(out, "relay {} -> finish through mosquitto on {}: {} reads committed at the site, {} stored at the "
                        "finish\n",
                   relay->site, relay->broker, grouped(relay->at_site), grouped(relay->at_finish));
        if (played_out && relay->at_finish != relay->at_site)
            problems.push_back(fmt::format("site {} committed {} reads but the finish holds {} of them", relay->site,
                                           grouped(relay->at_site), grouped(relay->at_finish)));
    }

    const auto written = session.write_results();
    if (relay) {
        // The splits the finish scored from what the site relayed, per event.
        for (const auto& e : written.standings->events) {
            const auto it = std::find_if(e->splits.begin(), e->splits.end(),
                                         [](const auto& p) { return p.name == demo_site_point; });
            if (it == e->splits.end()) continue;
            const auto i = static_cast<std::size_t>(it - e->splits.begin());
            int with = 0, finishers = 0;
            for (const auto& row : e->rows) {
                const auto& run = *row.runner;
                const bool has = i < run.splits.size() && run.splits[i].at.has_value();
                with += has;
                finishers += has && run.status == results::Status::finished;
            }
            fmt::print(out, "{} splits at the finish, relayed from site {}: {} runners of {} ({} of them finished)\n",
                       demo_site_point, relay->site, grouped(with), e->name, grouped(finishers));
        }
    }
    fmt::print(out, "{}", top_table(*written.standings));
    fmt::print(out, "results: {} finished, {} DNF, {} DQ, {} DNS (of {} entered)\n", grouped(written.finished),
               grouped(written.dnf), grouped(written.dq), grouped(written.dns), grouped(session.runners()));
    fmt::print(out, "wrote {}\n      {}\n      {}\n", written.csv.string(), written.html.string(), written.awards.string());
    fmt::print(out, "demo folder: {}\n  (race.toml, participants.csv, race.db, truth.csv = what really happened, "
                    "service.log{}; try: finishline results {} --format html)\n",
               session.folder().string(),
               relay ? fmt::format(", site-{0}.toml and site-{0}.db = the remote site, mosquitto.conf/.log", relay->site)
                     : "",
               session.file("race.db").string());
    std::fflush(out);
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
        throw Error(all + fmt::format(" (see {})", session.file("service.log").string()));
    }
}

}  // namespace fl::demo
