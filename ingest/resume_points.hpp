#pragma once
// Where a device resumes after a reconnect or a restart: the highest sequence committed per
// reader, and per reader and device location (a ChronoTrack controller numbers each location
// on its own). Only real device sequences count: the negative keys of reused sequences
// (reused_sequence.hpp) are not numbers a device could resume from.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace fl::ingest {

class ResumePoints {
public:
    // A read stored under `device_seq`; ignored when that is not a device sequence (negative).
    void committed(std::int64_t reader_id, const std::string& location, std::int64_t device_seq);

    // The highest over every location; nullopt when the reader has none.
    std::optional<std::int64_t> last(std::int64_t reader_id) const;
    std::map<std::string, std::int64_t> by_location(std::int64_t reader_id) const;

private:
    std::map<std::int64_t, std::map<std::string, std::int64_t>> seq_;  // reader → location → seq
};

}  // namespace fl::ingest
