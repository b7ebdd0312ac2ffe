// The MQTT messages a finish, a site and a remote board take from a broker (issue 15): anything
// published on their topics is untrusted. The first byte picks the decoder (reads, heartbeat,
// resend, standings, finisher), the rest is the payload. Every payload is either refused with
// a reason or decoded within the bounds the README gives; a decoded message encodes and
// decodes again to the same thing (what a site sends again is what the finish took).
#include "fuzz/targets/line_oracle.hpp"
#include "fuzz/targets/targets.hpp"
#include "fuzz/targets/violation.hpp"
#include "ingest/relay_message.hpp"
#include "ingest/standings_message.hpp"

namespace fl::fuzz {
namespace {

void check_reads(const ingest::ReadsMessage& m) {
    require(!m.site.empty() && m.site.size() <= ingest::max_relay_name, "site name of {} bytes", m.site.size());
    require(m.reads.size() <= ingest::max_reads_per_message, "{} reads in one message", m.reads.size());
    for (const auto& r : m.reads) {
        require(r.seq >= 1, "seq {}", r.seq);
        require(r.chip.size() <= ingest::max_relay_chip && r.reader.size() <= ingest::max_relay_name &&
                    r.point.size() <= ingest::max_relay_name && r.raw.size() <= ingest::max_relay_raw,
                "a field over its bound");
        require(r.kind == "tag" || r.kind == "gun" || r.kind == "marker", "kind {}", r.kind);
    }
    const auto again = ingest::decode_reads(ingest::encode(m));
    require(again.value.has_value(), "our own encoding refused: {}", again.error);
    require(again.value->reads.size() == m.reads.size() && again.value->site == m.site, "round trip changed the reads");
    for (std::size_t i = 0; i < m.reads.size(); ++i) {
        const auto &a = m.reads[i], &b = again.value->reads[i];
        require(a.seq == b.seq && a.chip == b.chip && a.reader == b.reader && a.point == b.point && a.raw == b.raw &&
                    a.time_us == b.time_us && a.kind == b.kind,
                "round trip changed read {}", a.seq);
    }
}

void check_resend(const ingest::ResendRequest& r) {
    require(r.missing.size() <= ingest::max_missing_ranges, "{} ranges", r.missing.size());
    for (const auto& [from, to] : r.missing) require(from >= 1 && from <= to, "range [{}, {}]", from, to);
    const auto again = ingest::decode_resend(ingest::encode(r));
    require(again.value && again.value->missing == r.missing && again.value->confirmed == r.confirmed,
            "round trip changed the request");
}

}  // namespace

Outcome fuzz_relay(Bytes data) {
    Outcome outcome;
    if (data.empty()) return outcome;
    const auto payload = as_text(data.data() + 1, data.size() - 1);
    bool ok = false;
    std::string error;
    switch (data[0] % 5) {
        case 0: {
            const auto d = ingest::decode_reads(payload);
            if ((ok = d.value.has_value())) check_reads(*d.value);
            error = d.error;
            break;
        }
        case 1: {
            const auto d = ingest::decode_heartbeat(payload);
            if ((ok = d.value.has_value()))
                require(ingest::decode_heartbeat(ingest::encode(*d.value)).value.has_value(), "heartbeat round trip");
            error = d.error;
            break;
        }
        case 2: {
            const auto d = ingest::decode_resend(payload);
            if ((ok = d.value.has_value())) check_resend(*d.value);
            error = d.error;
            break;
        }
        case 3: {
            const auto d = ingest::decode_standings(payload);
            if ((ok = d.value.has_value()))
                require(d.value->events.size() <= ingest::max_standings_events, "{} events", d.value->events.size());
            error = d.error;
            break;
        }
        default: {
            const auto d = ingest::decode_finisher_change(payload);
            ok = d.value.has_value();
            error = d.error;
            break;
        }
    }
    require(ok || !error.empty(), "refused without a reason");
    (ok ? outcome.records : outcome.refused) = 1;
    return outcome;
}

}  // namespace fl::fuzz
