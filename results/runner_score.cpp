#include "results/runner_score.hpp"

namespace fl::results {

void choose_finish(RunnerScore& s, const std::optional<ManualFinish>& manual, const BibCorrections* corr) {
    s.finish.reset();
    s.finish_known.reset();
    s.recorded = {};
    s.source = FinishSource::none;
    if (corr && corr->finish) {
        s.finish = timing::to_micros(*corr->finish);
        s.finish_known = timing::to_micros(*corr->finish_known);
        s.recorded = {*s.finish_known, RecordTable::correction, corr->finish_id};
        s.source = FinishSource::correction;
    } else if (s.chip.finish && !(manual && corr && corr->prefer_manual)) {
        const auto& read = *s.chip.finish;
        s.finish = read.time;
        s.finish_known = read.receive;
        s.recorded = {read.receive, RecordTable::read, read.id};
        s.source = FinishSource::chip;
    } else if (manual) {
        s.finish = manual->time.time;
        s.finish_known = manual->time.known;
        s.recorded = manual->time.recorded;
        s.source = manual->source;
    }
}

void decide_status(RunnerScore& s, const BibCorrections* corr) {
    s.declared_dnf = false;
    s.dq_reason.clear();
    if (corr && corr->dq_reason) {
        s.status = Status::dq;
        s.dq_reason = *corr->dq_reason;
    } else if (corr && corr->dnf) {
        s.status = Status::dnf;
        s.declared_dnf = true;
    } else if (s.finish) {
        s.status = Status::finished;
    } else if (s.started) {
        s.status = Status::dnf;
    } else {
        s.status = Status::dns;
    }
}

void score_runner(const EventLayout* event, std::size_t wave, std::span<const StoredRead> reads,
                  std::span<const Duration> dedup, std::span<const ManualTime> finishes,
                  const std::optional<ManualTime>& scan, const BibCorrections* corrections,
                  RunnerScore& out) {
    if (!event) {
        out = RunnerScore{};
        return;
    }
    out.gun = event->waves[wave].gun;
    read_passings(reads, *event, out.gun, dedup, out.chip);
    const auto manual = earliest_manual_finish(finishes, scan);
    out.manual_finish.reset();
    out.manual_source = FinishSource::none;
    if (manual) {
        out.manual_finish = manual->time.time;
        out.manual_source = manual->source;
    }
    choose_finish(out, manual, corrections);
    out.started = out.chip.started || out.finish.has_value();
    decide_status(out, corrections);
}

}  // namespace fl::results
