#include <utility>

#include "ingest/service.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <date/tz.h>
#include <fmt/format.h>
#include <unistd.h>

#include "ingest/auth_failures.hpp"
#include "ingest/device_session.hpp"
#include "ingest/error.hpp"
#include "ingest/journal_submission.hpp"
#include "ingest/listener.hpp"
#include "ingest/marshal_connection.hpp"
#include "ingest/open_files.hpp"
#include "ingest/peer_budget.hpp"
#include "ingest/reader_client.hpp"
#include "ingest/reader_runtime.hpp"
#include "ingest/results_publisher.hpp"
#include "ingest/serve_lock.hpp"
#include "ingest/shutdown.hpp"
#include "ingest/standings_fanout.hpp"
#include "ingest/tasks.hpp"
#include "ingest/public_url.hpp"
#include "ingest/web_server.hpp"
#include "timing/race_file.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
using namespace std::chrono;

namespace {

constexpr std::string_view who = "service";
// How long a clean stop waits for connections to hand over what they received.
constexpr auto drain_limit = seconds{10};

// Local midnight today in the race's zone: "reads today" count from here.
timing::Instant today_midnight(const date::time_zone* zone, const timing::Clock& clock) {
    const auto local = zone->to_local(clock.now());
    const date::year_month_day today{floor<date::days>(local)};
    return timing::RaceCalendar(today, zone, timing::Duration{0}).midnight();
}

timing::RaceConfig load_and_count(const std::string& path, const timing::Clock& clock,
                                  std::map<std::string, std::int64_t>& today) {
    timing::RaceFile file(path);
    auto config = file.config();
    const auto midnight = timing::to_micros(today_midnight(timing::find_zone(config.timezone), clock));
    std::map<std::int64_t, std::int64_t> by_reader;
    {
        auto st = file.db().prepare(
            "SELECT reader_id, count(*) FROM reads WHERE receive_time_us >= ? GROUP BY reader_id");
        st.bind(1, midnight);
        while (st.step()) by_reader[st.column_int64(0)] = st.column_int64(1);
    }
    std::map<std::string, std::int64_t> by_source;
    {
        auto st = file.db().prepare(
            "SELECT source, count(*) FROM entries WHERE created_us >= ? GROUP BY source");
        st.bind(1, midnight);
        while (st.step()) by_source[st.column_text(0)] = st.column_int64(1);
    }
    for (const auto& r : config.readers)
        today[r.name] = by_reader[r.id] + by_source["reader " + r.name];
    return config;
}

// Only this machine can reach a loopback address; anything else is the venue network, where
// anyone could enter finishes if no token is asked for.
bool loopback(const std::string& host) {
    boost::system::error_code ec;
    const auto a = asio::ip::make_address(host, ec);
    if (ec) return host == "localhost";
    return a.is_loopback() ||
           (a.is_v6() && a.to_v6().is_v4_mapped() &&
            asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).is_loopback());
}

void refuse_open_marshal(const timing::RaceConfig& config) {
    const auto& at = config.marshal.listen;
    if (config.marshal.token || loopback(at.host)) return;
    throw Error(fmt::format(
        "marshal: refusing to listen on {} without a token: other machines can reach that "
        "address, and anyone on the network could enter finishes and corrections. Add "
        "token = \"four-words-joined-by-dashes\" under [marshal] in the race config "
        "and load it with 'finishline init RACE --config race.toml', or listen on 127.0.0.1; on a "
        "network you trust, 'finishline serve --insecure' serves without a token",
        at.to_string()));
}

}  // namespace

struct Service::Impl {
    Impl(const std::string& path, ServiceOptions opts)
        : options(std::move(opts)),
          race_path(path),
          lock(path),
          config(load_and_count(path, options.clock, reads_today)),
          log(timing::find_zone(config.timezone), options.log_sink, options.clock),
          status(config, options.clock),
          results(path, log,
                  [this](const results::FedIds& fed) {
                      if (options.on_publish) options.on_publish(fed);
                      if (web) web->published(results.standings());
                      if (fanout) fanout->published(results.standings());
                      if (options.on_standings) options.on_standings();
                  }),
          journal(path, log, options.journal,
                  [this](JournalWriter::Committed&& c) {
                      if (options.on_commit) options.on_commit(c);
                      if (site_relay && (!c.reads.empty() || !c.clock_syncs.empty())) {
                          std::int64_t last = 0;
                          for (const auto& r : c.reads) last = std::max(last, r.id);
                          site_relay->committed(last, !c.clock_syncs.empty());
                      }
                      results.committed(std::move(c));
                  }),
          tasks(io, log),
          shutdown(io),
          submission(io, journal, options.queue_capacity) {
        for (const auto& [name, n] : reads_today) status.set_reads_today(name, n);
        for (const auto& r : config.readers) {
            auto& rt = *readers.emplace_back(std::make_unique<ReaderRuntime>(config, r));
            if (r.listen) {
                auto& l = *listeners.emplace_back(std::make_unique<Listener>(io, *r.listen, r.name));
                status.set_endpoint(r.name, "listen " + l.bound().to_string());
                bind_reader.push_back({&rt, &l});
            }
        }
        if (!options.insecure_marshal) refuse_open_marshal(config);
        set_up_relay();
        marshal = std::make_unique<Listener>(io, config.marshal.listen, "marshal");
        // Every connection is a descriptor: take all the system allows, and leave the web
        // server what the readers, marshals and race file do not need.
        open_files = raise_open_file_limit();
        if (config.web) {
            const auto reserve = 64 + static_cast<std::size_t>(config.marshal.max_connections) +
                                 options.marshal_max_unauthenticated + 4 * config.readers.size();
            options.web.connection_cap = web_connection_capacity(
                open_files, static_cast<std::size_t>(config.web->max_connections), reserve);
            web = std::make_unique<WebServer>(io, *config.web, [this] { return results.standings(); }, log,
                                              options.web);
        }
        // Taken over before any thread starts, so a signal can never hit the default action.
        if (options.handle_signals) signals.emplace(io, SIGINT, SIGTERM);
        lock.publish(fmt::format("pid={}\nmarshal={}\n", ::getpid(), marshal->bound().to_string()));
    }

    void set_up_relay() {
        if (options.relay_site && !config.site)
            throw Error(fmt::format("{}: not a site's race file: 'finishline relay' needs [site] name = \"km10\" and "
                                    "[mqtt] broker = \"host:port\" in the race config it was made from "
                                    "(the finish runs 'finishline serve')",
                                    race_path));
        if (!options.relay_site && config.site)
            throw Error(fmt::format("{}: this is site \"{}\"'s race file ([site] in its config): run 'finishline "
                                    "relay {}' at the site; the finish's race file is made without [site]",
                                    race_path, config.site->name, race_path));
        if (config.site)
            site_relay = std::make_unique<SiteRelay>(race_path, config, log, status, options.clock, options.relay);
        else if (config.mqtt) {
            central_relay = std::make_unique<CentralRelay>(race_path, config, journal, status, log, options.clock,
                                                           options.central);
            fanout = std::make_unique<StandingsFanout>(config, results.standings(), log, options.clock);
        }
    }

    void run() {
        journal.start();
        results.start();
        if (site_relay) site_relay->start();
        if (central_relay) central_relay->start();
        if (fanout) fanout->start();
        for (auto& [rt, l] : bind_reader) {
            auto serve = [this, rt](std::shared_ptr<Connection> conn) {
                return serve_device(device_context, *rt, std::move(conn));
            };
            tasks.spawn(l->name(), l->accept_loop(accept_context, rt->connections,
                                                  Listener::WhenFull::replace_same_address,
                                                  rt->active, rt->config.allow, serve));
            log.say(l->name(), "listening on {} ({})", l->bound().to_string(), rt->config.protocol);
        }
        for (auto& rt : readers) {
            if (!rt->config.connect) continue;
            tasks.spawn(rt->config.name, run_reader_client(device_context, *rt));
            log.say(rt->config.name, "connecting to {} ({})", rt->config.connect->to_string(),
                    rt->config.protocol);
        }
        tasks.spawn("marshal",
                    marshal->accept_loop(accept_context, marshal_slots.waiting,
                                         Listener::WhenFull::replace_oldest, marshal_open, {},
                                         [this](std::shared_ptr<Connection> conn) {
                                             return serve_marshal(marshal_context, marshal_slots,
                                                                  std::move(conn));
                                         }));
        log.say("marshal", "listening on {}{}", marshal->bound().to_string(),
                config.marshal.token ? " (token required)" : "");
        if (web) {
            tasks.spawn("web", web->accept_loop());
            const auto url = public_url(*config.web, network_addresses());
            log.say("web", "listening on {} (phones open {}; at most {} connections)",
                    web->bound().to_string(), url.url, config.web->max_connections);
            if (!url.note.empty()) log.say("web", "{}", url.note);
            const auto cap = options.web.connection_cap;
            log.say("web", "can take {} connections at once: open-file limit {}{}, {} open now{}", cap,
                    open_files.limit,
                    open_files.limit != open_files.was ? fmt::format(" (raised from {})", open_files.was)
                                                       : std::string{},
                    open_files.in_use,
                    cap < static_cast<std::size_t>(config.web->max_connections)
                        ? fmt::format(" (fewer than max_connections = {}: raise the limit with "
                                      "'ulimit -n' or LimitNOFILE= to take more)",
                                      config.web->max_connections)
                        : std::string{});
        }
        if (signals) {
            signals->async_wait([this](boost::system::error_code ec, int sig) {
                if (ec) return;
                log.say(who, "{} received", sig == SIGINT ? "SIGINT" : "SIGTERM");
                begin_shutdown();
            });
        }
        log.say(who, "serving {} ({}): {} reader(s)", race_path, config.name, config.readers.size());
        // A handler that throws (a caller's reply callback, out of memory) ends that handler,
        // not the service: asio lets run() carry on after the exception is caught.
        for (;;) {
            try {
                io.run();
                break;
            } catch (const std::exception& e) {
                log.say(who, "an event handler failed: {} (contained: the service keeps serving)",
                        e.what());
            }
        }
        // Everything received is in the journal's queue or committed: commit the rest. The
        // finish stops taking relayed reads first (what it did not commit, sites send again);
        // a site publishes until its last commit.
        if (central_relay) central_relay->stop();
        journal.stop();
        results.stop();
        if (fanout) fanout->stop();  // after the last publish: boards get the final standings
        if (site_relay) site_relay->stop();
        // Acknowledgements of that last commit still get their chance to go out.
        io.restart();
        io.run_for(milliseconds{200});
        log.say(who, "stopped: {} record(s) committed in {} transaction(s) this run",
                journal.records_committed(), journal.commits());
    }

    void begin_shutdown() {
        if (shutdown.stopping()) return;
        log.say(who, "stopping: no new connections; committing what was received");
        for (auto& l : listeners) l->close();
        marshal->close();
        if (web) web->close();
        if (signals) {
            boost::system::error_code ec;
            signals->cancel(ec);
        }
        shutdown.begin();  // wakes sleepers, stops every connection's reading
        tasks.spawn(std::string(who), drain());
    }

    asio::awaitable<void> drain() {
        asio::steady_timer limit(io, drain_limit);
        limit.async_wait([this](boost::system::error_code ec) {
            if (!ec) shutdown.drained().cancel();
        });
        if (!shutdown.live().empty()) {
            boost::system::error_code ec;
            co_await shutdown.drained().async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        limit.cancel();
        if (!shutdown.live().empty()) {
            log.say(who, "{} connection(s) still busy after {} s: closing them",
                    shutdown.live().size(), drain_limit.count());
            for (const auto& conn : std::set(shutdown.live())) conn->close();
        }
        io.stop();
    }

    void submit_marshal_line(std::string line, std::function<void(std::string)> reply,
                             std::string by) {
        asio::post(io, [this, line = std::move(line), reply = std::move(reply),
                        by = std::move(by)]() mutable {
            if (shutdown.stopping()) {
                reply("ERR the service is stopping: not stored, send it again once it is back");
                return;
            }
            auto it = gui_sessions.find(by);
            if (it == gui_sessions.end())
                it = gui_sessions.emplace(by, MarshalSession(config, by, true)).first;
            run_marshal_line(marshal_context, it->second, line, nullptr, std::move(reply));
        });
    }

    ServiceOptions options;
    std::string race_path;
    ServeLock lock;
    std::map<std::string, std::int64_t> reads_today;
    timing::RaceConfig config;
    Log log;
    StatusBoard status;
    ResultsPublisher results;
    JournalWriter journal;
    // After the journal and the status board they use, so destroyed before them.
    std::unique_ptr<SiteRelay> site_relay;
    std::unique_ptr<CentralRelay> central_relay;
    std::unique_ptr<StandingsFanout> fanout;  // the finish's results to boards elsewhere
    // Before io: sessions still pending when io is destroyed end by touching the server.
    std::unique_ptr<WebServer> web;
    OpenFiles open_files;
    asio::io_context io;
    // What the sessions share, and what each kind of session is handed of it (io thread).
    Tasks tasks;
    Shutdown shutdown;
    JournalSubmission submission;
    PeerBudget refused{refused_budget};
    PeerBudget scans{scan_budget};
    AuthFailures auth_failures;
    const timing::RaceCalendar calendar{config.calendar()};
    DeviceContext device_context{io, options.clock, log, status, submission, shutdown, tasks, refused, scans};
    AcceptContext accept_context{tasks, shutdown, log, status};
    MarshalContext marshal_context{config, calendar, options.clock, log, status, submission,
                                   shutdown, tasks, auth_failures};
    std::vector<std::unique_ptr<ReaderRuntime>> readers;
    std::vector<std::unique_ptr<Listener>> listeners;
    std::vector<std::pair<ReaderRuntime*, Listener*>> bind_reader;
    std::unique_ptr<Listener> marshal;
    int marshal_open = 0;
    MarshalSlots marshal_slots{static_cast<std::size_t>(config.marshal.max_connections),
                               std::max<std::size_t>(options.marshal_max_unauthenticated, 1),
                               options.marshal_first_line_within};
    std::optional<asio::signal_set> signals;
    std::map<std::string, MarshalSession> gui_sessions;  // io thread
    std::thread thread;
};

Service::Service(const std::string& race_path, ServiceOptions options)
    : impl_(std::make_unique<Impl>(race_path, std::move(options))) {}

Service::~Service() {
    if (impl_->thread.joinable()) {
        stop();
        wait();
    }
}

void Service::run() { impl_->run(); }

void Service::on_standings(std::function<void()> wake) {
    if (impl_->thread.joinable()) throw Error("on_standings is set before the service starts");
    impl_->options.on_standings = std::move(wake);
}

void Service::start() {
    if (impl_->thread.joinable()) throw Error("the service is already running");
    impl_->thread = std::thread([this] {
        try {
            impl_->run();
        } catch (const std::exception& e) {
            impl_->log.say(who, "stopped on an error: {}", e.what());
        }
    });
}

void Service::wait() {
    if (impl_->thread.joinable()) impl_->thread.join();
}

void Service::stop() {
    asio::post(impl_->io, [impl = impl_.get()] { impl->begin_shutdown(); });
}

const timing::RaceConfig& Service::config() const { return impl_->config; }

std::shared_ptr<const results::Standings> Service::standings() const {
    return impl_->results.standings();
}

std::vector<ReaderStatus> Service::reader_status() const { return impl_->status.snapshot(); }
std::vector<SiteStatus> Service::site_status() const { return impl_->status.sites(); }

void Service::submit_marshal_line(std::string line, std::function<void(std::string)> reply,
                                  std::string who_) {
    impl_->submit_marshal_line(std::move(line), std::move(reply), std::move(who_));
}

std::optional<timing::Endpoint> Service::reader_endpoint(std::string_view reader) const {
    for (const auto& l : impl_->listeners)
        if (l->name() == reader) return l->bound();
    return std::nullopt;
}

timing::Endpoint Service::marshal_endpoint() const { return impl_->marshal->bound(); }

std::optional<timing::Endpoint> Service::web_endpoint() const {
    if (!impl_->web) return std::nullopt;
    return impl_->web->bound();
}

std::uint64_t Service::commits() const { return impl_->journal.commits(); }
std::uint64_t Service::records_committed() const { return impl_->journal.records_committed(); }
std::size_t Service::task_failures() const { return impl_->tasks.failures(); }

}  // namespace fl::ingest
