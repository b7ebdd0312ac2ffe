#include <utility>

#include "ingest/site_relay.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "timing/race_id.hpp"
#include "timing/time.hpp"

namespace fl::ingest {

using namespace std::chrono;

namespace {
// Progress is written at most this often: a lost second costs only messages sent twice.
constexpr auto save_every = seconds{1};
}  // namespace

SiteRelay::SiteRelay(const std::string& race_path, const timing::RaceConfig& config, Log& log,
                     const StatusBoard& status, timing::Clock clock, RelayOptions options)
    : config_(config),
      log_(log),
      status_(status),
      clock_(clock),
      options_(options),
      race_id_(timing::race_id(config)),
      site_(config.site->name),
      who_("relay " + site_),
      reads_topic_(reads_topic(race_id_, site_)),
      site_topic_(site_topic(race_id_, site_)),
      resend_topic_(resend_topic(race_id_, site_)),
      file_(race_path) {
    for (const auto& r : config.readers) reader_names_[r.id] = r.name;
    for (const auto& p : config.timing_points) point_names_[p.id] = p.name;
    {
        auto& st = file_.db().cached("SELECT coalesce(max(id), 0) FROM reads");
        st.step();
        stored_ = st.column_int64(0);
        st.reset();
    }
    {
        auto& st = file_.db().cached("SELECT acked_seq, confirmed_seq FROM relay_progress WHERE site = ?");
        st.bind(1, std::string_view(site_));
        if (st.step()) {
            acked_ = st.column_int64(0);
            confirmed_ = st.column_int64(1);
        }
        st.reset();
    }
    saved_acked_ = acked_;
    saved_confirmed_ = confirmed_;
    next_ = confirmed_ + 1;
    MqttOptions mo;
    mo.broker = *config.mqtt;
    mo.client_id = fmt::format("finishline-{}-site-{}", race_id_, site_);
    mo.who = who_;
    client_ = std::make_unique<MqttClient>(
        std::move(mo), log_,
        MqttHandlers{[this](bool present) { connected(present); }, {},
                     [this](std::string_view topic, std::string_view payload, bool) { message(topic, payload); },
                     [this](int mid) { published(mid); }});
    heartbeat_timer_ = std::make_unique<boost::asio::steady_timer>(client_->context());
}

SiteRelay::~SiteRelay() { stop(); }

void SiteRelay::start() {
    log_.say(who_, "relaying reads of site {} to {} as {} (race id {}); {} stored, the finish confirmed {}", site_,
             config_.mqtt->broker.to_string(), reads_topic_, race_id_, stored_, confirmed_);
    client_->subscribe(resend_topic_, 1);
    client_->start();
    client_->post([this] { heartbeat(); });
}

void SiteRelay::stop() {
    if (stopped_) return;
    stopped_ = true;
    client_->post([this] {
        heartbeat_timer_->cancel();
        save_progress(true);
    });
    client_->stop();  // kept: a late committed() posts into a stopped context, harmlessly
}

void SiteRelay::committed(std::int64_t last_read_id, bool clock_synced) {
    client_->post([this, last_read_id, clock_synced] {
        stored_ = std::max(stored_, last_read_id);
        offsets_stale_ = offsets_stale_ || clock_synced;
        pump();
    });
}

void SiteRelay::connected(bool) {
    // Whatever the broker kept of our session, everything the finish has not confirmed goes
    // out again: a broker that came back empty lost what it had not delivered.
    inflight_.clear();
    next_ = std::min(confirmed_, stored_) + 1;
    pump();
    heartbeat();
}

void SiteRelay::message(std::string_view topic, std::string_view payload) {
    if (topic != resend_topic_) return;
    auto d = decode_resend(payload);
    if (!d.value) {
        log_.say_limited(who_, "ignored a message on {}: {}", topic, d.error);
        return;
    }
    auto& r = *d.value;
    if (r.confirmed > stored_) {
        log_.say(who_, "the finish confirms seq {} but this race file has only {} reads (a new file for this "
                       "site?): publishing all of them again",
                 r.confirmed, stored_);
        r.confirmed = 0;
        r.missing = {{1, std::max<std::int64_t>(stored_, 1)}};
    }
    confirmed_ = r.confirmed;
    if (r.request != last_request_ && !r.missing.empty()) {
        last_request_ = r.request;
        resend_.clear();
        for (auto [from, to] : r.missing) {
            to = std::min(to, stored_);
            if (from <= to) resend_.emplace_back(from, to);
        }
        if (!resend_.empty())
            log_.say(who_, "the finish asks again for {} range(s) from seq {}", resend_.size(), resend_.front().first);
    }
    save_progress(false);
    pump();
}

void SiteRelay::published(int mid) {
    const auto it = inflight_.find(mid);
    if (it == inflight_.end()) return;  // from before a reconnect
    inflight_.erase(it);
    std::int64_t acked = next_ - 1;
    for (const auto& [m, f] : inflight_)
        if (f.in_order) acked = std::min(acked, f.seqs.first - 1);
    acked_ = std::max(acked_, acked);
    save_progress(false);
    pump();
}

void SiteRelay::pump() {
    if (!client_->connected()) return;
    if (offsets_stale_) refresh_offsets();
    while (inflight_.size() < options_.window && !resend_.empty()) {
        auto& [from, to] = resend_.front();
        std::int64_t last = 0;
        if (!publish_range(from, to, last)) return;
        from = last + 1;
        if (from > to) resend_.erase(resend_.begin());
    }
    while (inflight_.size() < options_.window && next_ <= stored_) {
        std::int64_t last = 0;
        if (!publish_range(next_, stored_, last)) return;
        next_ = last + 1;
    }
}

// Publishes reads from..to (at most one message); false when nothing could be published.
bool SiteRelay::publish_range(std::int64_t from, std::int64_t to, std::int64_t& last_sent) {
    auto& st = file_.db().cached(R"(SELECT id, reader_id, timing_point_id, kind, chip, device_time_us, raw
                                    FROM reads WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?)");
    st.bind_all(from, to, static_cast<std::int64_t>(options_.reads_per_message));
    ReadsMessage m;
    m.site = site_;
    while (st.step()) {
        RelayedRead r;
        r.seq = st.column_int64(0);
        const auto reader = st.column_int64(1);
        r.reader = reader_names_.contains(reader) ? reader_names_[reader] : fmt::format("reader {}", reader);
        if (const auto p = st.column_opt_int64(2); p && point_names_.contains(*p)) r.point = point_names_[*p];
        r.kind = st.column_text(3);
        r.chip = st.column_text(4);
        // The finish scores with the clock offset this site knows for the reader.
        if (const auto t = st.column_opt_int64(5)) r.time_us = *t + offsets_us_[reader];
        r.raw = st.column_text(6);
        m.reads.push_back(std::move(r));
    }
    st.reset();
    if (m.reads.empty()) {
        last_sent = to;  // nothing stored there (cannot happen with append-only ids): skip it
        return true;
    }
    const SeqRange seqs{m.reads.front().seq, m.reads.back().seq};
    const auto mid = client_->publish(reads_topic_, encode(m), 1, false);
    if (!mid) return false;
    inflight_[*mid] = {seqs, from == next_};
    last_sent = seqs.second;
    return true;
}

// The config's offset, else the reader's latest clock sync: what the site's own scoring uses.
void SiteRelay::refresh_offsets() {
    offsets_stale_ = false;
    for (const auto& r : config_.readers) {
        if (r.clock_offset) {
            offsets_us_[r.id] = r.clock_offset->count();
            continue;
        }
        auto& st = file_.db().cached(
            "SELECT offset_us FROM clock_syncs WHERE reader_id = ? ORDER BY measured_us DESC, offset_us DESC LIMIT 1");
        st.bind(1, r.id);
        offsets_us_[r.id] = st.step() ? st.column_int64(0) : 0;
        st.reset();
    }
}

void SiteRelay::heartbeat() {
    heartbeat_timer_->cancel();
    if (client_->connected()) {
        SiteHeartbeat h;
        h.site = site_;
        h.last_seq = stored_;
        h.acked_seq = acked_;
        h.confirmed_seq = confirmed_;
        h.clock_us = timing::to_micros(clock_.now());
        for (const auto& r : status_.snapshot()) {
            HeartbeatReader hr;
            hr.name = r.name;
            hr.connected = r.connected();
            if (r.last_read) hr.last_read_us = timing::to_micros(*r.last_read);
            hr.reads_today = r.reads_today;
            h.readers.push_back(std::move(hr));
        }
        client_->publish(site_topic_, encode(h), 1, true);
    }
    save_progress(false);
    heartbeat_timer_->expires_after(options_.heartbeat);
    heartbeat_timer_->async_wait([this](boost::system::error_code ec) {
        if (!ec) heartbeat();
    });
}

void SiteRelay::save_progress(bool force) {
    if (acked_ == saved_acked_ && confirmed_ == saved_confirmed_) return;
    const auto now = steady_clock::now();
    if (!force && now - saved_at_ < save_every) return;
    try {
        file_.db()
            .cached(R"(INSERT INTO relay_progress(site, acked_seq, confirmed_seq, updated_us) VALUES (?, ?, ?, ?)
                       ON CONFLICT(site) DO UPDATE SET acked_seq = excluded.acked_seq,
                         confirmed_seq = excluded.confirmed_seq, updated_us = excluded.updated_us)")
            .bind_all(std::string_view(site_), acked_, confirmed_, timing::to_micros(clock_.now()))
            .run();
        saved_acked_ = acked_;
        saved_confirmed_ = confirmed_;
        saved_at_ = now;
    } catch (const std::exception& e) {
        // Only costs reads published twice after a restart: say it, keep relaying.
        log_.say_limited(who_, "could not note the relay's progress in the race file: {}", e.what());
    }
}

}  // namespace fl::ingest
