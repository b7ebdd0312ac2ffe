#pragma once
// The one place results reads the race file: stream everything stored into an engine.
#include "results/engine.hpp"
#include "timing/race_file.hpp"

namespace fl::results {

// Participants, clock syncs, entries, corrections, refused records and reads (streamed, raw
// text skipped), then an update(). A service continues from engine.fed().
Engine load_engine(timing::RaceFile& file);

}  // namespace fl::results
