#pragma once
// The driver shared by the device protocol targets: the input is what a device sent; every
// parser variant is fed it whole, byte by byte and in random chunks, and must produce the same
// records, replies and problems whichever way it was cut (a real property of a line protocol:
// TCP promises bytes, not segments), and every output must respect the invariants a parser
// promises the service (bounded raw text, consistent flags, replies that cannot smuggle a
// second command, log text free of control bytes).
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "fuzz/targets/race_setup.hpp"
#include "fuzz/targets/targets.hpp"
#include "ingest/device_protocol.hpp"
#include "ingest/line_splitter.hpp"

namespace fl::fuzz {

struct ParserVariant {
    std::string_view label;              // for messages: "chronotrack single location"
    const timing::ReaderConfig* reader;  // the reader every read must name
    std::function<std::unique_ptr<ingest::DeviceProtocol>()> make;
};

struct StreamRules {
    ingest::LineSplitter::Ends ends;
    std::size_t max_bytes;           // the parser's bound on one line/message
    std::string_view reply_end;      // what every reply and ack ends with ("\r\n", "$")
    std::size_t max_raw;             // longest raw text a read may keep
};

Outcome fuzz_device_stream(std::string_view bytes, const StreamRules& rules,
                           const std::vector<ParserVariant>& variants, const RaceSetup& race);

}  // namespace fl::fuzz
