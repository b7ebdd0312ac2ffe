#include "tools/demo/summary.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

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
        fmt::print(out, "device {} ({}): {} of {} planned reads sent{}, {} resent, {} stored in the race file\n",
                   d.name, d.protocol, grouped(d.sent), grouped(d.planned),
                   acks ? fmt::format(", {} acknowledged", grouped(d.acked)) : "", grouped(d.resent), grouped(r.stored));
        if (!d.error.empty()) problems.push_back(fmt::format("device {}: {}", d.name, d.error));
        else if (played_out && r.stored != delivered)
            problems.push_back(fmt::format("device {} delivered {} reads but the race file holds {}", d.name,
                                           grouped(delivered), grouped(r.stored)));
    }

    const auto written = session.write_results();
    fmt::print(out, "{}", top_table(*written.standings));
    fmt::print(out, "results: {} finished, {} DNF, {} DQ, {} DNS (of {} entered)\n", grouped(written.finished),
               grouped(written.dnf), grouped(written.dq), grouped(written.dns), grouped(session.runners()));
    fmt::print(out, "wrote {}\n      {}\n      {}\n", written.csv.string(), written.html.string(), written.awards.string());
    fmt::print(out, "demo folder: {}\n  (race.toml, participants.csv, race.db, truth.csv = what really happened, "
                    "service.log; try: finishline results {} --format html)\n",
               session.folder().string(), session.file("race.db").string());
    std::fflush(out);
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
        throw Error(all + fmt::format(" (see {})", session.file("service.log").string()));
    }
}

}  // namespace fl::demo
