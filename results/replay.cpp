#include "results/replay.hpp"

namespace fl::results {

Engine load_engine(timing::RaceFile& file) {
    Engine engine(file.config(), file.participants());
    engine.name_readers(file.reader_names());
    for (const auto& s : file.clock_syncs()) engine.add_clock_sync(s);
    for (const auto& e : file.entries()) engine.add_entry(e);
    for (const auto& c : file.corrections()) engine.add_correction(c);
    for (const auto& r : file.refused()) engine.add_refused(r);
    file.scan_reads(0, [&](const timing::Read& r) { engine.add_read(r); }, false);
    engine.update();
    return engine;
}

}  // namespace fl::results
