// RACE RESULT from the decoder side: answers to SETPROTOCOL, GETTIME and PASSINGS, fetched
// and pushed (#P;) passing records old and new. Two parsers: a first connection fetching 500
// at a time, and a reconnect resuming after passing 3 fetching 2 at a time (more refetches).
#include "fuzz/targets/device_stream.hpp"
#include "fuzz/targets/line_oracle.hpp"
#include "ingest/raceresult.hpp"
#include "ingest/read_builder.hpp"

namespace fl::fuzz {

Outcome fuzz_raceresult(Bytes data) {
    const auto& race = device_race();
    const ingest::ReadBuilder rr(race.config, race.reader("rr"));
    const std::vector<ParserVariant> variants{
        {"raceresult first connection", &rr.reader(),
         [&] { return std::make_unique<ingest::RaceResultParser>(rr, std::nullopt); }},
        {"raceresult resuming after 3, fetching 2", &rr.reader(),
         [&] { return std::make_unique<ingest::RaceResultParser>(rr, 3, 2); }},
    };
    const StreamRules rules{ingest::LineSplitter::Ends::crlf, ingest::max_line_bytes, "\r\n",
                            ingest::max_line_bytes};
    return fuzz_device_stream(as_text(data.data(), data.size()), rules, variants, race);
}

}  // namespace fl::fuzz
