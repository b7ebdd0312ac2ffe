#pragma once
// The end of every demo, with or without a window: what each simulated device delivered
// against what the race file stores, the final top 10, and the results written to the folder.
#include <cstdio>

#include "tools/demo/session.hpp"

namespace fl::demo {

// Call once the service has stopped. Stops the devices, writes results.csv, results.html and
// awards.txt from the race file, and prints the summary to `out`. Throws demo::Error, after
// writing everything, when a device failed or (for a race that was played out) the race file
// does not hold exactly the reads a device delivered.
void wrap_up(Session& session, bool played_out, double seconds, std::FILE* out);

}  // namespace fl::demo
