#pragma once
// A device sequence that arrives again. The same bytes under a number the reader already
// stored are a resend: stored once, acknowledged again. Different bytes under it come from a
// device that reused the number (restarted, new file): a different read, which must not be
// lost, so it is stored under a key derived from the number and the bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fl::ingest {

enum class SequenceRepeat {
    resend,  // the bytes stored under that sequence: not stored again
    reused,  // different bytes: store under reused_sequence_key
};

// `stored_raw`: the bytes the race file holds under the reader's sequence (nullopt: none).
SequenceRepeat sequence_repeat(std::optional<std::string_view> stored_raw, std::string_view raw);

// Negative, so it never collides with a device sequence and leaves resume points alone; the
// same for the same number and bytes, so a resend of the reused read is stored once.
std::int64_t reused_sequence_key(std::int64_t sequence, std::string_view raw);

// The note its submitter gets with the stored read.
std::string reused_sequence_note(std::int64_t sequence, std::int64_t key);

}  // namespace fl::ingest
