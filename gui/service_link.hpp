#pragma once
// What the board and the console need from the running service, as plain callables: the
// latest published standings, a copy of the reader status, and the marshal line protocol.
// Every call returns at once: the GUI thread never waits for ingest, scoring or SQLite.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ingest/reader_status.hpp"
#include "results/standings.hpp"
#include "timing/config.hpp"

namespace fl::ingest {
class Service;
}

namespace fl::gui {

struct ServiceLink {
    // The race as the service runs it (events, waves, readers; ids from the race file).
    timing::RaceConfig config;
    // The current immutable snapshot (never null once the service has loaded the race).
    std::function<std::shared_ptr<const results::Standings>()> standings;
    // A copy of the per-reader status.
    std::function<std::vector<ingest::ReaderStatus>()> readers;
    // A copy of the status of the remote sites relaying to this finish (may be unset).
    std::function<std::vector<ingest::SiteStatus>()> sites;
    // One marshal protocol line ("123", "TAP", "UNDO E12", ...). `reply` is called exactly once,
    // on any thread, with "OK <id> ..." after the commit or "ERR <reason>".
    std::function<void(std::string line, std::function<void(std::string reply)> reply)> submit;
    // A board away from the service (finishline board --mqtt): what it has to say about where
    // its standings come from ("cannot reach the broker", "nothing published yet"), "" when all
    // is well. Shown instead of "waiting for the service", and under the board. Optional.
    std::function<std::string()> notice;
    // Nothing to mark at such a board: the window shows the board only (F2/F3 do nothing).
    bool read_only = false;
};

// The link to a running service: its config, standings, reader status and in-process marshal
// lines (the same code path as the marshal port). The service must outlive the link's use.
ServiceLink link_to(ingest::Service& service);

}  // namespace fl::gui
