// MYLAPS ASCII exchange from the device side: Pong/Ping, Passing and Marker messages with
// several passings each, stray CR/LF/NUL. Two readers: one mapping location 10KM to the
// finish, one with a single timing point (any location).
#include "fuzz/targets/device_stream.hpp"
#include "fuzz/targets/line_oracle.hpp"
#include "ingest/mylaps.hpp"
#include "ingest/read_builder.hpp"

namespace fl::fuzz {

Outcome fuzz_mylaps(Bytes data) {
    const auto& race = device_race();
    const ingest::ReadBuilder mapped(race.config, race.reader("mylaps"));
    const ingest::ReadBuilder start(race.config, race.reader("mylaps-start"));
    const std::vector<ParserVariant> variants{
        {"mylaps with locations", &mapped.reader(),
         [&] { return std::make_unique<ingest::MylapsParser>(mapped); }},
        {"mylaps single point", &start.reader(),
         [&] { return std::make_unique<ingest::MylapsParser>(start, "Test"); }},
    };
    // A passing's raw text is "<location>@<record>", both taken from one message.
    const StreamRules rules{ingest::LineSplitter::Ends::dollar, ingest::max_mylaps_message_bytes,
                            "$", ingest::max_mylaps_message_bytes};
    return fuzz_device_stream(as_text(data.data(), data.size()), rules, variants, race);
}

}  // namespace fl::fuzz
