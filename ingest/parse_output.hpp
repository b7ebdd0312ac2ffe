#pragma once
// What a protocol parser hands back for a chunk of bytes: records to store, bytes to send
// now, bytes to send once the records are committed, and the problems it found.
#include <optional>
#include <string>
#include <vector>

#include "timing/records.hpp"

namespace fl::ingest {

// A record that could not be understood: counted, logged, and stored with its bytes as a
// refused record (before any acknowledgement) so a timer can read it and enter what it meant.
struct Malformed {
    std::string reason;
    std::string raw;
};

struct ParseOutput {
    std::vector<timing::NewRead> reads;
    std::vector<timing::NewEntry> entries;
    std::vector<timing::ClockSync> clock_syncs;
    std::vector<std::string> replies;  // send now (protocol answers, commands)
    std::vector<std::string> acks;     // send only after everything above is committed
    std::vector<Malformed> malformed;
    std::vector<std::string> notes;    // worth a log line: greetings, device acks and errors
    std::vector<std::string> device_errors;  // the device reported a problem (status: last error)
    std::optional<std::string> fatal;  // the connection must close (e.g. a line over the limit)
    bool idle = false;                 // a polled device has nothing more: poll again later

    // Proof of a working device, not just bytes: a read, entry or clock answer, or a poll the
    // device answered without error. A peer sending junk never produces one (junk ends a poll
    // too, with a device error).
    bool understood() const {
        return !reads.empty() || !entries.empty() || !clock_syncs.empty() ||
               (idle && device_errors.empty() && malformed.empty());
    }
    bool has_records() const {
        return !reads.empty() || !entries.empty() || !clock_syncs.empty() || !malformed.empty();
    }
    void append(ParseOutput&& other);
};

// The printable form of raw bytes for a log line: control bytes as \xNN, at most `limit`.
std::string printable(std::string_view raw, std::size_t limit = 200);

}  // namespace fl::ingest
