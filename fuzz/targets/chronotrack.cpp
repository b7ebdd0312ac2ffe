// ChronoTrack CTP01 from the device side: handshakes, tag reads in '~' and older ',' form,
// markers, acks and errors, times in every format. Two parsers: a single-location reader with
// nothing stored yet, and a multi-location reader resuming from stored sequences.
#include "fuzz/targets/device_stream.hpp"
#include "fuzz/targets/line_oracle.hpp"
#include "ingest/chronotrack.hpp"
#include "ingest/read_builder.hpp"

namespace fl::fuzz {

Outcome fuzz_chronotrack(Bytes data) {
    const auto& race = device_race();
    const ingest::ReadBuilder single(race.config, race.reader("ct"));
    const ingest::ReadBuilder multi(race.config, race.reader("ct-multi"));
    const std::vector<ParserVariant> variants{
        {"chronotrack single location", &single.reader(),
         [&] { return std::make_unique<ingest::ChronoTrackParser>(single, std::map<std::string, std::int64_t>{}); }},
        {"chronotrack multi location, resuming", &multi.reader(),
         [&] {
             return std::make_unique<ingest::ChronoTrackParser>(
                 multi, std::map<std::string, std::int64_t>{{"start", 5}, {"finish", 7}});
         }},
    };
    const StreamRules rules{ingest::LineSplitter::Ends::cr_or_lf, ingest::max_line_bytes, "\r\n",
                            ingest::max_line_bytes};
    return fuzz_device_stream(as_text(data.data(), data.size()), rules, variants, race);
}

}  // namespace fl::fuzz
