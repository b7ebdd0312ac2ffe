// Bib scanners: bare codes ending CR, LF or CRLF, and "<bib> HH:MM:SS.fff" lines. Entries must
// carry a valid bib, a scan the time of receipt, a timed finish its idempotency key.
#include <algorithm>

#include "fuzz/targets/device_stream.hpp"
#include "fuzz/targets/line_oracle.hpp"
#include "fuzz/targets/violation.hpp"
#include "ingest/bibscan.hpp"
#include "ingest/parse_output.hpp"
#include "ingest/read_builder.hpp"

namespace fl::fuzz {

Outcome fuzz_bibscan(Bytes data) {
    const auto& race = device_race();
    const ingest::ReadBuilder scan(race.config, race.reader("scan"));
    const auto text = as_text(data.data(), data.size());
    const std::vector<ParserVariant> variants{
        {"bibscan", &scan.reader(), [&] { return std::make_unique<ingest::BibScanParser>(scan); }},
    };
    const StreamRules rules{ingest::LineSplitter::Ends::cr_or_lf, ingest::max_line_bytes, "\r\n",
                            ingest::max_line_bytes};
    const auto outcome = fuzz_device_stream(text, rules, variants, race);

    // Entry invariants (the shared driver checks reads; a scanner only makes entries).
    ingest::BibScanParser parser(scan);
    const auto out = parser.feed(text, race.now);
    for (const auto& e : out.entries) {
        require(ingest::valid_bib(e.bib), "entry with invalid bib \"{}\"", Shown{e.bib});
        require(e.source == scan.entry_source(), "entry source \"{}\"", e.source);
        require(!e.event_id && !e.wave_id, "a scanner entry names an event or wave");
        if (e.kind == timing::EntryKind::scan) {
            require(e.time == race.now && !e.device_seq,
                    "scan of {} not at the time of receipt or with a key", e.bib);
        } else {
            require(e.kind == timing::EntryKind::finish && e.device_seq && *e.device_seq >= 0,
                    "a timed bib line for {} is not a keyed finish", e.bib);
        }
    }
    require(out.reads.empty() && out.clock_syncs.empty() && out.replies.empty() && out.acks.empty(),
            "a bib scanner produced reads, clock syncs or replies");
    return outcome;
}

}  // namespace fl::fuzz
