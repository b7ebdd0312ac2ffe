#pragma once
// The finish-line service (`finishline serve RACE.db`): listens for and connects to the
// timing hardware in the race config, takes bib scans and marshal lines, stores everything
// durably (group commit, acknowledgements after the commit) and keeps live standings, served
// over HTTP too when the config has [web] (web_server.hpp).
//
// Threads while it runs:
// - the io thread: whichever thread is in run() (the caller's for `serve`, a background
//   thread after start()). Every socket and coroutine runs there on one io_context, and so do
//   marshal replies, the reader status updates and the outcomes of commits (posted back by
//   the writer). After a stop the same thread stops the journal writer and the results, then
//   sends the last commit's acknowledgements.
// - the journal writer (JournalWriter): SQLite commits and fsync; on_commit runs there.
// - the results thread (ResultsPublisher): engine updates and snapshots; on_publish and
//   on_standings run there, and so does the web server's comparison of each snapshot with
//   the previous one for /live (handed to the io thread). Beside it a watcher thread notices participants imported by
//   another program.
// The log sink is called from any of them, one line at a time.
// The constructor opens the race file and loads the standings on the calling thread. After
// that, config(), standings(), reader_status(), submit_marshal_line(), stop(), the endpoints
// and the counters may be called from any thread and never wait for ingest or SQLite; run(),
// start(), wait() and on_standings() are for the thread that owns the service.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/central_relay.hpp"
#include "ingest/journal_writer.hpp"
#include "ingest/site_relay.hpp"
#include "ingest/log.hpp"
#include "ingest/reader_status.hpp"
#include "ingest/web_options.hpp"
#include "results/engine.hpp"
#include "results/standings.hpp"
#include "timing/clock.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

struct ServiceOptions {
    // SIGINT/SIGTERM stop the service cleanly (the serve command; a GUI may want its own).
    bool handle_signals = false;
    // "Now" for receipt times, bib scans, marshal entries without a time, device clock syncs,
    // reads today, status and log timestamps. A demo or rehearsal shares one scaled clock
    // with the simulator and the board so that all of them agree on race time.
    timing::Clock clock;
    // Where log lines go (default: stderr). Called from any of the service's threads, one line
    // at a time.
    Log::Sink log_sink;
    // Listen on a marshal address other machines can reach although the race has no marshal
    // token (`serve --insecure`). Without it the service refuses to start that way.
    bool insecure_marshal = false;
    JournalWriter::Options journal;
    // Records received but not yet committed before connections stop reading.
    std::size_t queue_capacity = 50'000;
    // A marshal connection that has not authenticated (with no token: sent no line) this long
    // after connecting is closed; at most this many such connections are open at once (the
    // oldest makes way for a newcomer). Authenticated ones count against max_connections.
    std::chrono::milliseconds marshal_first_line_within{10'000};
    std::size_t marshal_max_unauthenticated = 8;
    // Pacing of the web server's /live streams (tests shorten it).
    WebOptions web;
    // `finishline relay`: the race file must be a site's ([site] and [mqtt]); its reads are
    // published to the broker after each commit (site_relay.hpp). Without it a race file
    // with [site] is refused, and [mqtt] makes this the finish that takes relayed reads
    // (central_relay.hpp).
    bool relay_site = false;
    RelayOptions relay;      // a site's pacing (tests shorten it)
    CentralOptions central;  // the finish's
    // On the results thread after each new snapshot: a GUI wakes its frame loop here.
    std::function<void()> on_standings;
    // Instrumentation (benchmarks, tests): after each commit (journal thread) and each
    // publish (results thread). Keep them short.
    std::function<void(const JournalWriter::Committed&)> on_commit;
    std::function<void(const results::FedIds&)> on_publish;
};

class Service {
public:
    // Opens the race file, takes the one-service-per-race lock, loads the standings and binds
    // every listener. Throws ingest::Error / timing::Error with what to do (another service
    // running, a port taken, a missing race file).
    explicit Service(const std::string& race_path, ServiceOptions options = {});
    ~Service();  // stops (committing what was received) and joins
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Serves on the calling thread until stop() or a signal; returns once everything
    // received is committed.
    void run();
    // run() on a background thread (GUI, tests); wait() joins it.
    void start();
    void wait();
    // Stop accepting, stop reading, commit what was received, then run() returns. Any
    // thread; returns at once.
    void stop();

    const timing::RaceConfig& config() const;
    // Runs on the results thread after each new snapshot, like ServiceOptions::on_standings
    // (which it replaces). Set it before start(): a window over an already built service.
    void on_standings(std::function<void()> wake);
    // The newest standings; never blocks on ingest or scoring.
    std::shared_ptr<const results::Standings> standings() const;
    std::vector<ReaderStatus> reader_status() const;
    // The remote sites relaying to this finish (issue 15; empty without [mqtt]).
    std::vector<SiteStatus> site_status() const;

    // A marshal line from inside the process (the GUI): the same code path as the marshal
    // port, already authenticated. `reply` gets exactly what a TCP client would read (lines
    // joined by "\r\n", no final line end), on the service's io thread, after the commit
    // when the line stores something.
    void submit_marshal_line(std::string line, std::function<void(std::string reply)> reply,
                             std::string who = "gui");

    // Where a listening reader / the marshal port is bound (port 0 in the config picks one).
    std::optional<timing::Endpoint> reader_endpoint(std::string_view reader) const;
    timing::Endpoint marshal_endpoint() const;
    // Where the web server is bound; nullopt when the race config has no [web].
    std::optional<timing::Endpoint> web_endpoint() const;

    std::uint64_t commits() const;
    std::uint64_t records_committed() const;
    std::size_t task_failures() const;  // coroutines that ended on an unexpected error

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fl::ingest
