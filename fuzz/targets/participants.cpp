// The participants CSV import into real race files (SQLite under the temp folder, kept open
// for the whole run). Two races: one event (a CSV may omit the event column) and two events.
// Each holds a baseline of three participants with chips, so chip-ownership checks against
// the race file are reachable. Properties:
//  - a refused file (ImportError, CSV error) changes nothing, and its message names the file;
//    a problem names a line that exists;
//  - validation is complete: SQLite never refuses what validation passed (a DbError escaping
//    the import would be a constraint the user hears about without a line number);
//  - an accepted file: added + updated + unchanged = its rows, kept = baseline bibs it does
//    not mention (left exactly as they were), and importing it again changes nothing and
//    reports every row unchanged.
// After an accepted file the race is put back to the baseline so every input starts the same.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>

#include "fuzz/targets/line_oracle.hpp"
#include "fuzz/targets/race_setup.hpp"
#include "fuzz/targets/targets.hpp"
#include "fuzz/targets/violation.hpp"
#include "ingest/parse_output.hpp"
#include "timing/csv.hpp"
#include "timing/db.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

namespace fl::fuzz {
namespace {

constexpr std::string_view source = "fuzz.csv";

constexpr std::string_view baseline_csv =
    "bib,name,gender,age,event,wave,chip\n"
    "1,Base One,F,30,5K,A,B001;B002\n"
    "2,Base Two,M,40,5K,,B003\n"
    "9,Base Nine,X,,5K,B,B009\n";

std::vector<timing::Participant> normalized(std::vector<timing::Participant> ps) {
    for (auto& p : ps) {
        p.id = 0;
        std::sort(p.chips.begin(), p.chips.end());
    }
    return ps;
}

class ImportRig {
public:
    ImportRig(std::string_view toml, std::string_view name) {
        dir_ = std::filesystem::temp_directory_path() /
               fmt::format("finishline-fuzz-{}-{}", ::getpid(), name);
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        race_.emplace(timing::RaceFile::init((dir_ / "race.db").string(), toml, "fuzz-race.toml",
                                             dir_.string()));
        // Durability is not under test here, throughput is: no fsync per input.
        race_->db().exec("PRAGMA synchronous = OFF");
        timing::import_participants_csv(*race_, baseline_csv, "baseline.csv");
        baseline_ = normalized(race_->participants());
    }
    ~ImportRig() {
        race_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    ImportRig(const ImportRig&) = delete;
    ImportRig& operator=(const ImportRig&) = delete;

    Outcome run(std::string_view csv);

private:
    void require_baseline(std::string_view after) {
        require(normalized(race_->participants()) == baseline_,
                "the race file changed after {}", after);
    }
    void reset() {
        race_->db().exec("DELETE FROM chips");
        race_->db().exec("DELETE FROM participants");
        timing::import_participants_csv(*race_, baseline_csv, "baseline.csv");
        require_baseline("putting the baseline back");
    }

    std::filesystem::path dir_;
    std::optional<timing::RaceFile> race_;
    std::vector<timing::Participant> baseline_;
};

// The bibs a file names, read independently of the import: the column headed "bib" (any
// case, spaces and tabs around it and around each value ignored).
std::set<std::string, std::less<>> bibs_in(const std::vector<timing::CsvRecord>& records) {
    const auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    };
    std::set<std::string, std::less<>> bibs;
    const auto& header = records.front().fields;
    const auto col = std::find_if(header.begin(), header.end(), [&](const std::string& h) {
        const auto t = trim(h);
        return t.size() == 3 && std::tolower(static_cast<unsigned char>(t[0])) == 'b' &&
               std::tolower(static_cast<unsigned char>(t[1])) == 'i' &&
               std::tolower(static_cast<unsigned char>(t[2])) == 'b';
    });
    const auto i = static_cast<std::size_t>(col - header.begin());
    for (std::size_t r = 1; r < records.size(); ++r) bibs.emplace(trim(records[r].fields.at(i)));
    return bibs;
}

void check_message(std::string_view what) {
    require(what.starts_with(fmt::format("{}:", source)), "the message does not name the file: {}",
            ingest::printable(what));
}

Outcome ImportRig::run(std::string_view csv) {
    Outcome outcome;
    const auto lines = 1 + static_cast<int>(std::count(csv.begin(), csv.end(), '\n') +
                                            std::count(csv.begin(), csv.end(), '\r'));
    timing::ImportReport report;
    try {
        report = timing::import_participants_csv(*race_, csv, source);
    } catch (const timing::ImportError& e) {
        require(!e.problems().empty(), "an ImportError without problems");
        for (const auto& p : e.problems()) {
            require(p.line >= 1 && p.line <= lines, "a problem on line {} of a {}-line file: {}",
                    p.line, lines, p.reason);
            require(!p.reason.empty(), "a problem without a reason on line {}", p.line);
        }
        check_message(e.what());
        require_baseline("a refused import");
        outcome.refused = 1;
        return outcome;
    } catch (const timing::DbError& e) {
        throw Violation(fmt::format("validation passed but SQLite refused the import: {}", e.what()));
    } catch (const timing::Error& e) {
        check_message(e.what());
        require_baseline("a refused import");
        outcome.refused = 1;
        return outcome;
    }

    const auto records = timing::parse_csv(timing::decode_text(csv, std::nullopt, source).text, source);
    const auto rows = static_cast<int>(records.size()) - 1;
    require(report.added + report.updated + report.unchanged == rows,
            "{} added + {} updated + {} unchanged for {} rows", report.added, report.updated,
            report.unchanged, rows);
    const auto after = normalized(race_->participants());
    require(after.size() == baseline_.size() + static_cast<std::size_t>(report.added),
            "{} participants after adding {} to {}", after.size(), report.added, baseline_.size());
    const auto in_file = bibs_in(records);
    int kept = 0;
    for (const auto& b : baseline_) {
        const auto it = std::find_if(after.begin(), after.end(),
                                     [&](const auto& p) { return p.bib == b.bib; });
        require(it != after.end(), "bib {} was lost by an import", b.bib);
        if (in_file.count(b.bib)) continue;
        require(*it == b, "bib {} is not in the file but was changed", b.bib);
        ++kept;
    }
    require(report.kept == kept, "{} reported kept, {} baseline bibs not in the file", report.kept,
            kept);
    std::set<std::string> chips;
    for (const auto& p : after)
        for (const auto& c : p.chips)
            require(chips.insert(c).second, "chip {} belongs to two bibs", c);

    const auto again = timing::import_participants_csv(*race_, csv, source);
    require(again.added == 0 && again.updated == 0 && again.unchanged == rows,
            "importing the same file again: {} added, {} updated, {} unchanged of {} rows",
            again.added, again.updated, again.unchanged, rows);
    require(normalized(race_->participants()) == after, "importing the same file again changed it");
    outcome.records = static_cast<std::size_t>(rows);
    reset();
    return outcome;
}

}  // namespace

Outcome fuzz_participants(Bytes data) {
    static ImportRig one_event(one_event_race_toml(), "one-event");
    static ImportRig two_events(two_event_race_toml(), "two-events");
    const auto csv = as_text(data.data(), data.size());
    auto outcome = one_event.run(csv);
    const auto second = two_events.run(csv);
    outcome.records += second.records;
    outcome.refused += second.refused;
    return outcome;
}

}  // namespace fl::fuzz
