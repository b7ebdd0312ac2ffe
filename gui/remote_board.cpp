#include <utility>

#include "gui/remote_board.hpp"

#include <algorithm>
#include <map>
#include <limits>
#include <random>

#include <fmt/format.h>

#include "results/engine.hpp"
#include "timing/time.hpp"

namespace fl::gui {

using namespace std::chrono;

namespace {

std::optional<int> narrow(const std::optional<std::int64_t>& v) {
    if (!v || *v > std::numeric_limits<int>::max()) return std::nullopt;
    return static_cast<int>(*v);
}

std::optional<timing::Instant> instant(const std::optional<std::int64_t>& us) {
    return us ? std::optional(timing::instant_from_micros(*us)) : std::nullopt;
}

// A board of its own on the broker: two boards must never share a client id (the broker
// would drop one for the other).
std::string board_client_id(const std::string& race_id) {
    std::random_device rd;
    return fmt::format("finishline-board-{}-{:08x}", race_id, rd());
}

}  // namespace

std::shared_ptr<const results::Standings> board_standings(const ingest::StandingsMessage& m) {
    auto s = std::make_shared<results::Standings>();
    s->version = static_cast<std::uint64_t>(m.version);
    s->race = m.race;
    if (const auto d = timing::parse_date(m.date)) s->date = *d;
    s->timezone = m.timezone;
    s->display = m.display == "tenths" ? timing::Resolution::tenths : timing::Resolution::seconds;
    std::vector<results::LatestFinisher> latest;
    std::int64_t next_id = 1;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        const auto& me = m.events[i];
        auto e = std::make_shared<results::EventStandings>();
        e->id = static_cast<std::int64_t>(i) + 1;
        e->name = me.name;
        e->distance_m = me.distance_m;
        if (me.gun_us)
            e->waves.push_back({"", timing::instant_from_micros(*me.gun_us),
                                me.gun_recorded ? results::GunSource::recorded : results::GunSource::scheduled});
        const auto& k = me.counts;
        auto count = [](std::int64_t n) { return static_cast<int>(std::clamp<std::int64_t>(n, 0, 1'000'000'000)); };
        e->counts = {count(k.entered), count(k.started), count(k.finished), count(k.on_course),
                     count(k.dnf),     count(k.dq),      count(k.dns)};
        // One runner per bib, shared by the table and the latest list (as the engine does).
        std::map<std::string, std::shared_ptr<const results::RunnerResult>> runners;
        auto runner = [&](const ingest::ListedFinisher& f) {
            auto& r = runners[f.bib];
            if (r) return r;
            auto x = std::make_shared<results::RunnerResult>();
            x->participant_id = next_id++;
            x->bib = f.bib;
            x->name = f.name;
            x->category = f.category;
            x->event = me.name;
            x->status = results::Status::finished;
            if (f.time_us) x->rank_time = timing::Duration{*f.time_us};
            if (f.pace_per_km_us) x->pace_per_km = timing::Duration{*f.pace_per_km_us};
            x->finish = instant(f.finish_us);
            x->finish_known = instant(f.known_us);
            r = std::move(x);
            return r;
        };
        for (const auto& f : me.top)
            e->rows.push_back({runner(f), narrow(f.place), narrow(f.gender_place), narrow(f.category_place), false});
        for (const auto& f : me.latest) {
            auto r = runner(f);
            const auto known = r->finish_known.value_or(r->finish.value_or(timing::Instant{}));
            latest.push_back({std::move(r), narrow(f.place), known});
        }
        s->events.push_back(std::move(e));
    }
    std::stable_sort(latest.begin(), latest.end(), [](const auto& a, const auto& b) { return a.known > b.known; });
    if (latest.size() > results::Engine::latest_finishers_kept) latest.resize(results::Engine::latest_finishers_kept);
    s->latest_finishers = std::make_shared<const std::vector<results::LatestFinisher>>(std::move(latest));
    s->unassigned_reads = std::make_shared<const std::vector<results::UnassignedRead>>();
    s->flagged_reads = std::make_shared<const std::vector<results::FlaggedRead>>();
    s->unpaired_taps = std::make_shared<const std::vector<results::UnpairedTap>>();
    s->unknown_bibs = std::make_shared<const std::vector<results::UnknownBibEntry>>();
    s->conflicts = std::make_shared<const std::vector<results::Conflict>>();
    s->issues = std::make_shared<const std::vector<results::Issue>>();
    s->refused = std::make_shared<const std::vector<results::RefusedRecord>>();
    return s;
}

RemoteBoard::RemoteBoard(RemoteBoardOptions options, ingest::Log& log)
    : options_(std::move(options)), log_(log), topic_(ingest::standings_topic(options_.race_id)) {
    ingest::MqttOptions mo;
    mo.broker = options_.broker;
    mo.client_id = board_client_id(options_.race_id);
    mo.clean_session = true;  // nothing to keep: the standings are retained
    mo.who = "board";
    mo.credentials_from = "--username and --password";
    client_ = std::make_unique<ingest::MqttClient>(
        std::move(mo), log_,
        ingest::MqttHandlers{[this](bool) {
                                 std::lock_guard lock(mutex_);
                                 connected_ = ever_connected_ = true;
                             },
                             [this] {
                                 std::lock_guard lock(mutex_);
                                 connected_ = false;
                             },
                             [this](std::string_view topic, std::string_view payload, bool retained) {
                                 message(topic, payload, retained);
                             },
                             {}});
}

RemoteBoard::~RemoteBoard() { stop(); }

void RemoteBoard::start() {
    started_ = steady_clock::now();
    log_.say("board", "showing race {} from {} ({})", options_.race_id, options_.broker.broker.to_string(), topic_);
    client_->subscribe(topic_, 1);
    client_->start();
}

void RemoteBoard::stop() { client_->stop(); }

void RemoteBoard::message(std::string_view topic, std::string_view payload, bool) {
    if (topic != topic_) return;
    if (payload.empty()) return;  // a retained message cleared: keep what is shown
    auto d = ingest::decode_standings(payload);
    if (!d.value) {
        log_.say_limited("board", "a message on {} was refused: {}", topic_, d.error);
        std::lock_guard lock(mutex_);
        refused_ = d.error;
        return;
    }
    auto s = board_standings(*d.value);
    {
        std::lock_guard lock(mutex_);
        // An older retained copy (a reconnect) never replaces newer standings.
        if (standings_ && s->version < standings_->version && s->race == standings_->race) return;
        standings_ = std::move(s);
        refused_.clear();
        ++messages_;
    }
    if (wake_) wake_();
}

std::shared_ptr<const results::Standings> RemoteBoard::standings() const {
    std::lock_guard lock(mutex_);
    return standings_;
}

std::uint64_t RemoteBoard::messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

std::string RemoteBoard::notice() const {
    const auto broker = options_.broker.broker.to_string();
    std::lock_guard lock(mutex_);
    if (!connected_) {
        const bool patient = started_ == steady_clock::time_point{} || steady_clock::now() - started_ < options_.patience;
        if (!ever_connected_ && patient) return fmt::format("Connecting to the MQTT broker at {}...", broker);
        return fmt::format("Cannot reach the MQTT broker at {}: retrying. {}", broker,
                           standings_ ? "The board shows what arrived before the connection was lost."
                                      : "Check the address, that the broker is running, and --username, "
                                        "--password and --tls-ca (the log says why).");
    }
    if (!refused_.empty())
        return fmt::format("A message on {} was refused ({}){}", topic_, refused_,
                           standings_ ? ": the board shows the last one taken." : ".");
    if (!standings_)
        return fmt::format("Connected to {}, but nothing has been published yet for race id \"{}\" ({}). Is "
                           "'finishline serve' running at the finish with [mqtt] broker = \"{}\", and is the race "
                           "id the one 'finishline status' shows there?",
                           broker, options_.race_id, topic_, broker);
    return {};
}

ServiceLink link_to(RemoteBoard& board) {
    ServiceLink link;
    link.standings = [&board] { return board.standings(); };
    link.readers = [] { return std::vector<ingest::ReaderStatus>{}; };
    link.submit = [](std::string, std::function<void(std::string)> reply) { reply(std::string(read_only_reply)); };
    link.notice = [&board] { return board.notice(); };
    link.read_only = true;
    return link;
}

}  // namespace fl::gui
