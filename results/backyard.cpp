#include "results/backyard.hpp"

namespace fl::results {

void count_loops(std::span<const LapCrossing> sorted, const LoopRule& rule, std::vector<LapCrossing>& out) {
    out.clear();
    if (rule.interval <= 0) return;
    std::size_t i = 0;
    for (std::size_t loop = 1;; ++loop) {
        const auto opens = loop_start(rule, loop) + rule.min_loop;
        const auto closes = loop_start(rule, loop + 1);  // a crossing at the next start is late
        while (i < sorted.size() && sorted[i].time < opens) ++i;
        if (i == sorted.size() || sorted[i].time >= closes) return;  // not finished in time: out
        out.push_back(sorted[i]);
        ++i;
    }
}

LoopClock loop_clock(Instant gun, Duration interval, Instant now) {
    if (now < gun || interval <= Duration{0}) return {0, Duration{0}};
    const auto run = std::chrono::duration_cast<Duration>(now - gun);
    const auto done = run / interval;  // loops whose interval is over
    return {static_cast<int>(done) + 1, interval - run % interval};
}

bool still_in(const RunnerResult& r, const LoopClock& clock) {
    if (r.status == Status::dq || r.declared_dnf) return false;
    return r.laps >= clock.loop - 1;
}

const Row* backyard_winner(const EventStandings& e, const LoopClock& clock) {
    if (e.rows.empty() || e.rows[0].runner->status != Status::finished) return nullptr;
    const auto& top = e.rows[0];
    const int loops = top.runner->laps;
    if (loops == 0 || clock.loop <= loops) return nullptr;  // their last loop's interval is not over
    if (e.rows.size() > 1 && e.rows[1].runner->status == Status::finished && e.rows[1].runner->laps == loops)
        return nullptr;  // finished by several: nobody completed a loop alone
    return &top;
}

}  // namespace fl::results
