#include "ingest/reused_sequence.hpp"

#include <fmt/format.h>

#include "ingest/record_hash.hpp"

namespace fl::ingest {

SequenceRepeat sequence_repeat(std::optional<std::string_view> stored_raw, std::string_view raw) {
    return stored_raw && *stored_raw == raw ? SequenceRepeat::resend : SequenceRepeat::reused;
}

std::int64_t reused_sequence_key(std::int64_t sequence, std::string_view raw) {
    return -1 - record_hash(fmt::format("{}\n{}", sequence, raw));
}

std::string reused_sequence_note(std::int64_t sequence, std::int64_t key) {
    return fmt::format("sequence {} reused with different content: stored under key {}", sequence,
                       key);
}

}  // namespace fl::ingest
