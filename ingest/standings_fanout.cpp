#include <utility>

#include "ingest/standings_fanout.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "results/display.hpp"
#include "timing/race_id.hpp"

namespace fl::ingest {

using namespace std::chrono;

namespace {

std::optional<std::int64_t> wide(const std::optional<int>& v) {
    return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}
std::optional<std::int64_t> micros(const std::optional<timing::Instant>& t) {
    return t ? std::optional<std::int64_t>(timing::to_micros(*t)) : std::nullopt;
}

ListedFinisher listed(const results::Row& row, const results::Standings& s) {
    const auto& r = *row.runner;
    ListedFinisher f;
    f.bib = r.bib;
    f.name = r.name;
    f.category = r.category;
    f.place = wide(row.place);
    f.gender_place = wide(row.gender_place);
    f.category_place = wide(row.category_place);
    // The same formatting as the board, the exports and /results.json.
    f.time = results::show_time(r.rank_time, s.display);
    if (r.rank_time) f.time_us = r.rank_time->count();
    f.gun_time = results::show_time(r.gun_time, s.display);
    f.net_time = results::show_time(r.net_time, s.display);
    if (r.pace_per_km) f.pace_per_km_us = r.pace_per_km->count();
    f.finish_us = micros(r.finish);
    f.known_us = micros(r.finish_known);
    return f;
}

bool finished(const results::Row& row) { return row.runner->status == results::Status::finished; }

}  // namespace

StandingsMessage standings_message(const results::Standings& s, timing::Instant now, std::size_t top,
                                   std::size_t latest) {
    StandingsMessage m;
    m.race = s.race;
    m.date = timing::format_date(s.date);
    m.timezone = s.timezone;
    m.display = s.display == timing::Resolution::tenths ? "tenths" : "seconds";
    m.version = static_cast<std::int64_t>(s.version);
    m.published_us = timing::to_micros(now);
    for (const auto& e : s.events) {
        StandingsEvent out;
        out.name = e->name;
        out.distance_m = e->distance_m;
        // The race clock of the board: the first wave's gun (board_model.hpp race_clocks).
        for (const auto& w : e->waves)
            if (!out.gun_us || timing::to_micros(w.gun) < *out.gun_us) out.gun_us = timing::to_micros(w.gun);
        for (const auto& w : e->waves)
            if (out.gun_us && timing::to_micros(w.gun) == *out.gun_us && w.recorded()) out.gun_recorded = true;
        const auto& c = e->counts;
        out.counts = {c.entered, c.started, c.finished, c.on_course, c.dnf, c.dq, c.dns};
        // Rows are in place order, finishers first.
        for (const auto& row : e->rows) {
            if (out.top.size() >= top || !finished(row)) break;
            out.top.push_back(listed(row, s));
        }
        // Newest first: by when the finish reached us, then by the finish itself.
        std::vector<const results::Row*> rows;
        for (const auto& row : e->rows)
            if (finished(row)) rows.push_back(&row);
        const auto newer = [](const results::Row* a, const results::Row* b) {
            const auto& x = *a->runner;
            const auto& y = *b->runner;
            const auto kx = x.finish_known.value_or(x.finish.value_or(timing::Instant{}));
            const auto ky = y.finish_known.value_or(y.finish.value_or(timing::Instant{}));
            if (kx != ky) return kx > ky;
            return x.finish.value_or(timing::Instant{}) > y.finish.value_or(timing::Instant{});
        };
        const auto n = std::min(latest, rows.size());
        std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(), newer);
        for (std::size_t i = 0; i < n; ++i) out.latest.push_back(listed(*rows[i], s));
        m.events.push_back(std::move(out));
    }
    return m;
}

StandingsFanout::StandingsFanout(const timing::RaceConfig& config, std::shared_ptr<const results::Standings> first,
                                 Log& log, timing::Clock clock, FanoutOptions options)
    : race_id_(timing::race_id(config)),
      log_(log),
      clock_(clock),
      options_(options),
      standings_topic_(standings_topic(race_id_)),
      finishers_topic_(finishers_topic(race_id_)),
      diff_(first),
      latest_(first) {
    if (first)
        for (const auto& e : first->events)
            for (const auto& row : e->rows)
                if (finished(row)) sent_.emplace(row.runner->participant_id, live_finisher_json(row, *e, *first));
    MqttOptions mo;
    mo.broker = *config.mqtt;
    broker_ = mo.broker.broker.to_string();
    mo.client_id = fmt::format("finishline-{}-finish-results", race_id_);
    mo.who = who_;
    client_ = std::make_unique<MqttClient>(std::move(mo), log_,
                                           MqttHandlers{[this](bool) {
                                                            // The broker may have lost the
                                                            // retained standings: send them again.
                                                            sent_any_ = false;
                                                            flush();
                                                            schedule();
                                                        },
                                                        {},
                                                        {},
                                                        {}});
    timer_ = std::make_unique<boost::asio::steady_timer>(client_->context());
}

StandingsFanout::~StandingsFanout() { stop(); }

void StandingsFanout::start() {
    log_.say(who_, "publishing results through {}: standings to {} (retained), each finisher to {}",
             broker_, standings_topic_, finishers_topic_);
    client_->start();
}

void StandingsFanout::stop() {
    if (stopped_) return;
    stopped_ = true;
    client_->post([this] {
        timer_->cancel();
        timer_armed_ = false;
        flush();
        if (latest_ && (!sent_any_ || latest_->version != sent_version_)) send_standings();
    });
    client_->stop();
}

void StandingsFanout::published(std::shared_ptr<const results::Standings> now) {
    if (!now) return;
    auto change = diff_.next(now);
    std::vector<std::string> messages;
    for (auto& item : change.items) {
        const auto version = static_cast<std::int64_t>(change.version);
        if (item.removed) {
            if (sent_.erase(item.participant_id) == 0) continue;
            messages.push_back(encode_finisher_change(version, "removed", item.json));
            continue;
        }
        auto [it, added] = sent_.try_emplace(item.participant_id, item.json);
        if (!added) {
            // A result recomputed to the same values (a participant import) is not news.
            if (it->second == item.json) continue;
            it->second = item.json;
        }
        messages.push_back(encode_finisher_change(version, added ? "new" : "corrected", item.json));
    }
    client_->post([this, now = std::move(now), messages = std::move(messages)]() mutable {
        for (auto& m : messages) queue(std::move(m));
        flush();
        latest_ = std::move(now);
        schedule();
    });
}

void StandingsFanout::queue(std::string payload) {
    waiting_.push_back(std::move(payload));
    if (waiting_.size() <= options_.max_queued) return;
    waiting_.pop_front();
    if (dropped_++ == 0)
        log_.say(who_, "broker away: more than {} finisher messages waiting, dropping the oldest (the standings "
                       "topic still has every result)",
                 options_.max_queued);
}

void StandingsFanout::flush() {
    while (!waiting_.empty() && client_->connected()) {
        if (!client_->publish(finishers_topic_, waiting_.front(), 1, false)) return;
        waiting_.pop_front();
    }
    if (client_->connected() && dropped_ > 0) {
        log_.say(who_, "broker back: {} finisher message(s) were dropped while it was away", dropped_);
        dropped_ = 0;
    }
}

void StandingsFanout::schedule() {
    if (!latest_ || timer_armed_ || !client_->connected()) return;
    if (sent_any_ && latest_->version == sent_version_) return;
    const auto due = sent_at_ + options_.min_gap;
    if (!sent_any_ || steady_clock::now() >= due) {
        send_standings();
        return;
    }
    timer_armed_ = true;
    timer_->expires_at(due);
    timer_->async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        timer_armed_ = false;
        schedule();
    });
}

void StandingsFanout::send_standings() {
    if (!latest_) return;
    const auto payload = encode(standings_message(*latest_, clock_.now(), options_.top, options_.latest));
    if (!client_->publish(standings_topic_, payload, 1, true)) return;
    sent_any_ = true;
    sent_version_ = latest_->version;
    sent_at_ = steady_clock::now();
}

}  // namespace fl::ingest
