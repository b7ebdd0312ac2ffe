#pragma once
// Every marshal entry fed (finishes, bib scans, taps, guns), and the same with the entries an
// undo in force withdraws dropped. Consumers read only the entries in force: the withdrawn ones
// are dropped here, once.
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "results/recorded.hpp"
#include "timing/records.hpp"

namespace fl::results {

struct Scan {  // a bib scanned at the line, timed by the tap it pairs with (else by itself)
    std::int64_t id;
    std::uint32_t bib;  // bib id
    std::int64_t time;
    std::int64_t known;
};

struct Tap {  // a time-only tap at the line, waiting for a scan to say whose it is
    std::int64_t id;
    std::int64_t time;
    std::int64_t known;
    std::string source;
};

struct GunEntry {
    std::int64_t id;
    std::int64_t known;
    std::optional<std::int64_t> event_id, wave_id;  // none: every event / the event's waves
    std::int64_t time;
};

struct BibEntry {  // a finish or scan, as listed when its bib is no participant
    std::int64_t id;
    timing::EntryKind kind;
    std::uint32_t bib;  // bib id
    std::int64_t time;
    std::string source;
};

class EntriesBook {
public:
    bool contains(std::int64_t entry_id) const { return ids_.count(entry_id) != 0; }

    // Takes an entry not fed before (contains() is false); `bib` is the bib id of a finish or
    // a scan (unused for taps and guns).
    void add(const timing::Entry& e, std::uint32_t bib);

    // The entries an undo in force withdraws, replacing the previous set; returns the bib ids
    // whose finishes or scans came or went.
    std::vector<std::uint32_t> withdraw(const std::set<std::int64_t>& withdrawn);

    // Entries in force.
    std::span<const ManualTime> finishes(std::uint32_t bib) const;  // any order
    std::span<const Scan> scans() const { return live_.scans; }      // by entry id
    std::span<const Tap> taps() const { return live_.taps; }         // by entry id
    std::span<const GunEntry> guns() const { return live_.guns; }    // by entry id
    std::span<const BibEntry> bib_entries() const { return live_.bib_entries; }  // by entry id

private:
    struct Entries {
        std::vector<std::vector<ManualTime>> finishes;  // by bib id
        std::vector<Scan> scans;
        std::vector<Tap> taps;
        std::vector<GunEntry> guns;
        std::vector<BibEntry> bib_entries;  // finishes and scans
    };
    bool in_force(std::int64_t id) const { return withdrawn_.empty() || withdrawn_.count(id) == 0; }
    static void file(Entries& to, const timing::Entry& e, std::uint32_t bib);

    std::set<std::int64_t> ids_;
    std::set<std::int64_t> withdrawn_;
    Entries all_;
    Entries live_;
};

}  // namespace fl::results
