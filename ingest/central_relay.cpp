#include <utility>

#include "ingest/central_relay.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "ingest/read_builder.hpp"
#include "ingest/relay_readers.hpp"
#include "timing/race_file.hpp"
#include "timing/race_id.hpp"
#include "timing/time.hpp"

namespace fl::ingest {

using namespace std::chrono;

CentralRelay::CentralRelay(const std::string& race_path, const timing::RaceConfig& config, JournalWriter& journal,
                           StatusBoard& status, Log& log, timing::Clock clock, CentralOptions options)
    : config_(config),
      journal_(journal),
      status_(status),
      log_(log),
      clock_(clock),
      options_(options),
      race_id_(timing::race_id(config)),
      calendar_(config.calendar()) {
    for (const auto& p : config.timing_points) points_[p.name] = p.id;
    // What earlier runs stored: the account of each site starts from the race file, so a
    // finish that died between a message and its commit asks for exactly what it lacks.
    timing::RaceFile file(race_path, timing::RaceFile::Access::read_only);
    auto st = file.db().prepare(R"(SELECT r.name, x.device_seq, x.receive_time_us FROM reads x
                                   JOIN readers r ON r.id = x.reader_id
                                   WHERE r.protocol = 'relay' AND x.device_seq > 0 ORDER BY r.name, x.device_seq)");
    const auto prefix = relay_reader_name("");
    while (st.step()) {
        const auto name = st.column_text(0);
        if (!name.starts_with(prefix)) continue;
        auto& s = site(name.substr(prefix.size()));
        s.held.add(st.column_int64(1));
        const auto at = timing::instant_from_micros(st.column_int64(2));
        if (!s.last_read_at || *s.last_read_at < at) s.last_read_at = at;
    }
    MqttOptions mo;
    mo.broker = *config.mqtt;
    mo.client_id = fmt::format("finishline-{}-finish", race_id_);
    mo.who = who_;
    client_ = std::make_unique<MqttClient>(
        std::move(mo), log_,
        MqttHandlers{{}, {},
                     [this](std::string_view topic, std::string_view payload, bool retained) {
                         message(topic, payload, retained);
                     },
                     {}});
    timer_ = std::make_unique<boost::asio::steady_timer>(client_->context());
}

CentralRelay::~CentralRelay() { stop(); }

void CentralRelay::start() {
    log_.say(who_, "taking reads relayed by sites through {} (race id {}: finishline/{}/reads/+){}",
             config_.mqtt->broker.to_string(), race_id_, race_id_,
             sites_.empty() ? std::string{} : fmt::format("; {} site(s) in the race file", sites_.size()));
    client_->subscribe(fmt::format("finishline/{}/reads/+", race_id_), 1);
    client_->subscribe(fmt::format("finishline/{}/sites/+", race_id_), 1);
    client_->start();
    client_->post([this] { check(); });
}

void CentralRelay::stop() {
    if (stopped_) return;
    stopped_ = true;
    client_->post([this] { timer_->cancel(); });
    client_->stop();
}

CentralRelay::Site& CentralRelay::site(const std::string& name) {
    auto it = sites_.find(name);
    if (it == sites_.end()) it = sites_.emplace(name, Site{}).first;
    return it->second;
}

void CentralRelay::message(std::string_view topic, std::string_view payload, bool retained) {
    if (auto name = topic_site(topic, race_id_, "reads")) {
        reads(*name, payload);
    } else if (auto hb = topic_site(topic, race_id_, "sites")) {
        heartbeat(*hb, payload, retained);
    }
}

void CentralRelay::reads(const std::string& name, std::string_view payload) {
    auto d = decode_reads(payload);
    if (!d.value) {
        log_.say_limited(who_, "site {}: a message on its reads topic was refused: {} (a tool publishing there "
                               "must follow README 'Timing across a course')",
                         name, d.error);
        return;
    }
    if (d.value->site != name) {
        log_.say_limited(who_, "a message on the reads topic of site {} names site \"{}\": refused", name,
                         d.value->site);
        return;
    }
    auto& s = site(name);
    std::vector<JournalRecord> records;
    std::vector<std::int64_t> seqs;
    const auto now = clock_.now();
    for (auto& r : d.value->reads) {
        if (s.held.contains(r.seq)) continue;  // delivered twice: already in the race file
        RelayedRecord rec;
        rec.site = name;
        auto& read = rec.read;
        read.kind = timing::parse_read_kind(r.kind).value_or(timing::ReadKind::tag);
        if (const auto it = points_.find(r.point); it != points_.end()) read.timing_point_id = it->second;
        else read.flags |= timing::read_flag_unknown_location;
        read.chip = std::move(r.chip);
        if (!r.time_us) read.flags |= timing::read_flag_bad_time;
        else if (!within_race_days(calendar_, timing::instant_from_micros(*r.time_us)))
            read.flags |= timing::read_flag_impossible_time;
        if (r.time_us) read.device_time = timing::instant_from_micros(*r.time_us);
        read.receive_time = now;
        read.location = std::move(r.reader);
        read.device_seq = r.seq;
        read.raw = std::move(r.raw);
        seqs.push_back(r.seq);
        records.push_back(std::move(rec));
    }
    if (records.empty()) return;
    pending_ += records.size();
    client_->pause_reading(pending_ >= options_.max_pending);
    journal_.submit(std::move(records), [this, name, seqs = std::move(seqs)](std::vector<RecordOutcome> out) mutable {
        client_->post([this, name, seqs = std::move(seqs), out = std::move(out)]() mutable {
            stored(name, std::move(seqs), out);
        });
    });
}

void CentralRelay::stored(const std::string& name, std::vector<std::int64_t> seqs, const std::vector<RecordOutcome>& out) {
    auto& s = site(name);
    pending_ -= std::min(pending_, seqs.size());
    client_->pause_reading(pending_ >= options_.max_pending);
    bool grew = false;
    for (std::size_t i = 0; i < seqs.size() && i < out.size(); ++i) {
        if (!out[i].id && !out[i].duplicate) continue;  // not stored: asked for again later
        grew |= s.held.add(seqs[i]);
    }
    if (grew) {
        s.progress = steady_clock::now();
        s.last_read_at = clock_.now();
    }
}

void CentralRelay::heartbeat(const std::string& name, std::string_view payload, bool retained) {
    auto d = decode_heartbeat(payload);
    if (!d.value || d.value->site != name) {
        log_.say_limited(who_, "site {}: a heartbeat was refused: {}", name,
                         d.value ? "it names another site" : d.error);
        return;
    }
    auto& s = site(name);
    s.last_seq = std::max(s.last_seq, d.value->last_seq);
    s.heartbeat_at = timing::instant_from_micros(d.value->clock_us);
    // A retained heartbeat is as old as the broker kept it: it tells the last seq, not the
    // clock or whether the site is there now.
    if (!retained) {
        s.heard = steady_clock::now();
        s.clock_difference = timing::instant_from_micros(d.value->clock_us) - clock_.now();
    }
}

void CentralRelay::check() {
    const auto now = steady_clock::now();
    for (auto& [name, s] : sites_) {
        const auto upto = std::max(s.last_seq, s.held.highest());
        const bool missing = s.held.contiguous() < upto;
        if (missing && !s.has_missing) s.missing_since = now;
        s.has_missing = missing;
        const bool due = missing && now - s.asked >= options_.ask_again &&
                         ((now - s.missing_since >= options_.gap_quiet && now - s.progress >= options_.gap_quiet) ||
                          now - s.missing_since >= options_.gap_any);
        if (due) tell(name, s, true);
        else if (s.held.contiguous() != s.told_confirmed && now - s.told >= options_.confirm_every) tell(name, s, false);

        SiteStatus st;
        st.name = name;
        st.connected = s.heard != steady_clock::time_point{} && now - s.heard < options_.site_quiet;
        st.last_heartbeat = s.heartbeat_at;
        st.last_read = s.last_read_at;
        st.last_seq = s.last_seq;
        st.held = s.held.count();
        st.behind = std::max<std::int64_t>(0, s.last_seq - s.held.count());
        st.clock_difference = s.clock_difference;
        status_.site(std::move(st));
    }
    timer_->expires_after(options_.check);
    timer_->async_wait([this](boost::system::error_code ec) {
        if (!ec) check();
    });
}

void CentralRelay::tell(const std::string& name, Site& s, bool ask) {
    ResendRequest r;
    r.confirmed = s.held.contiguous();
    if (ask) {
        r.missing = s.held.missing(std::max(s.last_seq, s.held.highest()), max_missing_ranges);
        // Unique across restarts of the finish: a site acts on each request once.
        r.request = std::max(s.requests + 1, timing::to_micros(clock_.now()));
        s.requests = r.request;
    }
    if (!client_->publish(resend_topic(race_id_, name), encode(r), 1, true)) return;
    const auto now = steady_clock::now();
    s.told = now;
    s.told_confirmed = r.confirmed;
    if (ask) {
        s.asked = now;
        log_.say_limited(who_, "site {}: {} read(s) missing (seq {} to {}): asked the site to send them again",
                         name, std::max<std::int64_t>(0, std::max(s.last_seq, s.held.highest()) - s.held.count()),
                         r.missing.front().first, r.missing.back().second);
    }
}

}  // namespace fl::ingest
