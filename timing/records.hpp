#pragma once
// The rows of the race file as value types: participants, raw reads, manual entries and
// corrections. Reads, entries and corrections are append-only; results are derived.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "timing/time.hpp"

namespace fl::timing {

enum class Gender { M, F, X };
std::optional<Gender> parse_gender(std::string_view text);  // "M"/"F"/"X", any case
char to_char(Gender g);

struct Participant {
    std::int64_t id = 0;
    std::string bib;  // a string: "007" and "7" are different bibs
    std::string name;
    std::optional<Gender> gender;
    std::optional<date::year_month_day> birthdate;
    std::optional<int> age;     // as given, when there is no birthdate
    std::string event;          // event name
    std::string wave;           // wave name, "" = the event's first/only start
    std::string category;       // explicit category; "" = computed from gender and age
    std::string team;
    std::vector<std::string> chips;
    bool operator==(const Participant&) const = default;
};

enum class ReadKind { tag, gun, marker };
std::string_view to_string(ReadKind k);
std::optional<ReadKind> parse_read_kind(std::string_view);

// Flags on a stored read; the read is kept whatever they say.
enum ReadFlag : std::uint32_t {
    read_flag_bad_time = 1u << 0,         // the device time could not be parsed
    read_flag_impossible_time = 1u << 1,  // parsed, but far from the race day
    read_flag_unknown_location = 1u << 2, // the device named a location the config lacks
};

// A read as it arrives, before it is stored.
struct NewRead {
    std::int64_t reader_id = 0;
    std::optional<std::int64_t> timing_point_id;
    ReadKind kind = ReadKind::tag;
    std::string chip;
    std::optional<Instant> device_time;  // device clock, no offset applied
    Instant receive_time{};
    std::optional<double> rssi;
    std::optional<int> hits;
    std::string location;                // the device's own location name, if any
    std::int64_t device_seq = 0;         // the device's sequence, or a hash of the record
    std::uint32_t flags = 0;
    std::string raw;                     // the record exactly as received
};

struct Read : NewRead {
    std::int64_t id = 0;
};

enum class EntryKind { finish, scan, tap, gun };
std::string_view to_string(EntryKind k);
std::optional<EntryKind> parse_entry_kind(std::string_view);

// Manual and bib-scan records: `finish` = bib + stated time; `scan` = bib, time of receipt
// (paired with taps when there are any); `tap` = time without a bib; `gun` = a start signal.
struct NewEntry {
    EntryKind kind = EntryKind::finish;
    std::string bib;
    std::optional<std::int64_t> event_id;
    std::optional<std::int64_t> wave_id;
    Instant time{};
    std::string source;                   // "marshal 127.0.0.1:5555", "cli", "reader scanner-1"
    std::optional<std::int64_t> device_seq;  // idempotency key from a device, if any
};

struct Entry : NewEntry {
    std::int64_t id = 0;
    Instant created{};
};

enum class CorrectionKind {
    ignore_read,     // read_id
    assign_read,     // read_id → bib
    assign_chip,     // chip → bib
    add_finish,      // bib, time
    move_finish,     // bib, time (replaces the finish)
    set_gun,         // event_id [wave_id], time
    dq,              // bib, reason
    dnf,             // bib
    dead_heat,       // data: bibs separated by spaces
    prefer_manual,   // bib: the manual finish wins over the chip
    undo,            // target_id: the correction undone
    edit_participant // bib, data: "field=value"
};
std::string_view to_string(CorrectionKind k);
std::optional<CorrectionKind> parse_correction_kind(std::string_view);

struct NewCorrection {
    CorrectionKind kind = CorrectionKind::add_finish;
    std::optional<std::int64_t> read_id;
    std::optional<std::int64_t> entry_id;
    std::optional<std::int64_t> target_id;
    std::string bib;
    std::string chip;
    std::optional<std::int64_t> event_id;
    std::optional<std::int64_t> wave_id;
    std::optional<Instant> time;
    std::string data;
    std::string reason;
    std::string who;
};

struct Correction : NewCorrection {
    std::int64_t id = 0;
    Instant created{};
};

// A clock offset learned from a device (e.g. RACE RESULT GETTIME): true = device + offset.
struct ClockSync {
    std::int64_t reader_id = 0;
    Instant measured{};
    Duration offset{0};
};

// A device record that could not be understood, kept exactly as received so that a timer can
// read it and enter what it meant: nothing a device was told is stored is lost.
struct NewRefused {
    std::int64_t reader_id = 0;
    Instant received{};
    std::string raw;     // the bytes of the record, unaltered
    std::string reason;  // why it was refused
    // Devices resend what they were not sure we stored (after a reconnect, a refetch): the same
    // bytes are the same record, stored once. Unset for bib scanners (a line twice is two scans).
    std::optional<std::int64_t> resend_key;
};

struct Refused : NewRefused {
    std::int64_t id = 0;
};

}  // namespace fl::timing
