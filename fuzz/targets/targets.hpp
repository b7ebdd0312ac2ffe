#pragma once
// The fuzz targets as plain functions: libFuzzer drives them (fuzz/libfuzzer_main.cpp, clang,
// tools/fuzz.sh) and tests/fuzz replays the committed corpus and regressions through them on
// every ctest. A target throws fuzz::Violation when a property fails; any other exception
// escaping it is a bug in the code under test (bad input must never throw out of a parser).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace fl::fuzz {

// What one input did, so the replay suite can check the seeds reach the code they are for.
struct Outcome {
    std::size_t records = 0;  // reads, entries, stored commands, imported rows, loaded configs
    std::size_t refused = 0;  // malformed records, refused lines, rejected files
    bool fatal = false;       // a connection would be closed (a line over the limit)
};

using Bytes = std::span<const std::uint8_t>;

Outcome fuzz_chronotrack(Bytes data);
Outcome fuzz_raceresult(Bytes data);
Outcome fuzz_mylaps(Bytes data);
Outcome fuzz_bibscan(Bytes data);
Outcome fuzz_marshal(Bytes data);
Outcome fuzz_participants(Bytes data);
Outcome fuzz_config(Bytes data);
Outcome fuzz_relay(Bytes data);

struct Target {
    std::string_view name;  // fuzz/corpus/<name>, fuzz/regressions/<name>, fuzz_<name>
    Outcome (*run)(Bytes);
};

// Every target, in the order tools/fuzz.sh runs them.
std::span<const Target> all_targets();

}  // namespace fl::fuzz
