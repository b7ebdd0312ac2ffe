#pragma once
// The race file: one SQLite database per race, the single source of truth. Holds the config,
// participants and chips, and the append-only reads, entries and corrections.
#include <map>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "timing/config.hpp"
#include "timing/db.hpp"
#include "timing/records.hpp"

namespace fl::timing {

// How many rows of each kind a race file holds: what a copy is checked against.
struct RaceCounts {
    std::int64_t participants = 0, chips = 0, reads = 0, entries = 0, corrections = 0,
                 clock_syncs = 0, refused = 0;
    bool operator==(const RaceCounts&) const = default;
};

class RaceFile {
public:
    enum class Access { read_write, read_only };

    // Creates the race file with this config, or updates the config of an existing one.
    // `config_dir` anchors relative paths in the config (the age-grading table).
    static RaceFile init(const std::string& path, std::string_view toml_text,
                         std::string_view source, const std::string& config_dir);

    // Opens an existing race file (migrating it forward when writable). Throws timing::Error
    // with what to do when the file is missing or is not a race file.
    explicit RaceFile(const std::string& path, Access access = Access::read_write);

    const RaceConfig& config() const { return config_; }
    const std::string& path() const { return db_.path(); }
    Connection& db() { return db_; }

    // Participants, ordered by bib; optionally only one event's.
    std::vector<Participant> participants(std::string_view event = {});
    std::optional<Participant> participant(std::string_view bib);

    // Appends. Each runs in the caller's transaction when there is one.
    // nullopt when this reader already stored that device sequence (a resend).
    std::optional<std::int64_t> append_read(const NewRead& r);
    // nullopt when the same source already stored that device sequence.
    std::optional<std::int64_t> append_entry(const NewEntry& e);
    std::int64_t append_correction(const NewCorrection& c);
    void append_clock_sync(const ClockSync& s);

    // The highest device sequence stored for a reader (resume after a reconnect).
    std::optional<std::int64_t> last_device_seq(std::int64_t reader_id);

    // Streams stored rows with id > after_id in id order. The Read passed to `fn` is reused
    // between calls; `with_raw` = false skips the raw text (scoring does not need it).
    void scan_reads(std::int64_t after_id, const std::function<void(const Read&)>& fn,
                    bool with_raw = false);
    std::vector<Read> reads(std::int64_t after_id = 0);
    std::vector<Entry> entries(std::int64_t after_id = 0);
    std::vector<Correction> corrections(std::int64_t after_id = 0);
    std::vector<ClockSync> clock_syncs();
    std::int64_t count(std::string_view table);  // "reads", "entries", ... (fixed names only)
    RaceCounts counts();

    // Copies the race, as of one moment, into a new file `dest_path` (SQLite's online backup)
    // while other programs, the running service among them, keep writing; returns what that
    // moment held. The copy is one self-contained file in rollback-journal mode, so it opens
    // even from write-protected media; FinishLine switches it to WAL when it next writes it.
    RaceCounts copy_to(const std::string& dest_path);

    // Device records that could not be understood (append-only, in the caller's transaction);
    // nullopt when the reader already stored that resend key.
    std::optional<std::int64_t> append_refused(const NewRefused& r);
    std::vector<Refused> refused(std::int64_t after_id = 0);
    // Every reader row by id, the config's and those made for relayed sites ("relay:km10").
    std::map<std::int64_t, std::string> reader_names();
    // How many refused records each reader has, by reader id (ascending).
    std::vector<std::pair<std::int64_t, std::int64_t>> refused_per_reader();

private:
    RaceFile(Connection db);
    void load_config();
    void store_config(const RaceConfig& cfg, std::string_view toml_text,
                      const std::string& config_dir);

    Connection db_;
    RaceConfig config_;
    bool read_only_ = false;
};

// The race file's config with relative paths made absolute against `dir`.
void resolve_config_paths(RaceConfig& cfg, const std::string& dir);

}  // namespace fl::timing
