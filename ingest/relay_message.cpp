#include "ingest/relay_message.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ingest/json_fields.hpp"

namespace fl::ingest {

using nlohmann::json;

namespace {

// Parses a JSON object, or says why not.
std::optional<json> parse_object(std::string_view payload, std::string& error) {
    return parse_json_object(payload, max_relay_payload, R"({"site": "km10", ...})", error);
}

using Fields = JsonFields;

bool site_name_ok(std::string_view s) {
    return !s.empty() && s.size() <= max_relay_name && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool site_field(Fields& f, std::string& site) {
    if (!f.text("site", site, max_relay_name, true)) return false;
    if (!site_name_ok(site)) return f.fail("site", "a site name of letters, digits, '-' or '_'");
    return true;
}

template <class T>
Decoded<T> failed(std::string error) {
    return {std::nullopt, std::move(error)};
}

}  // namespace

std::string encode(const ReadsMessage& m) {
    json reads = json::array();
    for (const auto& r : m.reads) {
        json o{{"seq", r.seq}, {"reader", r.reader}, {"point", r.point}, {"chip", r.chip}};
        o["time_us"] = r.time_us ? json(*r.time_us) : json(nullptr);
        o["raw"] = r.raw;
        if (r.kind != "tag") o["kind"] = r.kind;
        reads.push_back(std::move(o));
    }
    // Bytes that are not UTF-8 (a raw record from a device) are replaced, never a throw.
    return json{{"site", m.site}, {"reads", std::move(reads)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode(const SiteHeartbeat& h) {
    json readers = json::array();
    for (const auto& r : h.readers) {
        json o{{"name", r.name}, {"connected", r.connected}, {"reads_today", r.reads_today}};
        o["last_read_us"] = r.last_read_us ? json(*r.last_read_us) : json(nullptr);
        readers.push_back(std::move(o));
    }
    return json{{"site", h.site},          {"last_seq", h.last_seq}, {"acked_seq", h.acked_seq},
                {"confirmed_seq", h.confirmed_seq}, {"clock_us", h.clock_us}, {"readers", std::move(readers)}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string encode(const ResendRequest& r) {
    json missing = json::array();
    for (const auto& [from, to] : r.missing) missing.push_back(json::array({from, to}));
    return json{{"confirmed", r.confirmed}, {"missing", std::move(missing)}, {"request", r.request}}.dump();
}

Decoded<ReadsMessage> decode_reads(std::string_view payload) {
    std::string error;
    const auto j = parse_object(payload, error);
    if (!j) return failed<ReadsMessage>(error);
    ReadsMessage m;
    Fields top{*j, "", error};
    if (!site_field(top, m.site)) return failed<ReadsMessage>(error);
    const auto* reads = top.find("reads");
    if (!reads || !reads->is_array()) return failed<ReadsMessage>("reads: expected an array of reads");
    if (reads->size() > max_reads_per_message)
        return failed<ReadsMessage>(fmt::format("reads: {} reads, more than the {} a message may carry",
                                                reads->size(), max_reads_per_message));
    m.reads.reserve(reads->size());
    for (std::size_t i = 0; i < reads->size(); ++i) {
        const auto& o = (*reads)[i];
        if (!o.is_object()) return failed<ReadsMessage>(fmt::format("reads[{}]: expected an object", i));
        Fields f{o, fmt::format("reads[{}]", i), error};
        RelayedRead r;
        if (!f.integer("seq", r.seq, 1) || !f.text("reader", r.reader, max_relay_name, true) ||
            !f.text("point", r.point, max_relay_name, false) || !f.text("chip", r.chip, max_relay_chip, true) ||
            !f.text("raw", r.raw, max_relay_raw, false, true) || !f.text("kind", r.kind, 8, false))
            return failed<ReadsMessage>(error);
        if (r.kind != "tag" && r.kind != "gun" && r.kind != "marker") {
            f.fail("kind", "\"tag\", \"gun\" or \"marker\"");
            return failed<ReadsMessage>(error);
        }
        if (const auto* t = f.find("time_us"); t && !t->is_null()) {
            std::int64_t us = 0;
            if (!f.integer("time_us", us, std::numeric_limits<std::int64_t>::min())) return failed<ReadsMessage>(error);
            r.time_us = us;
        }
        m.reads.push_back(std::move(r));
    }
    return {std::move(m), {}};
}

Decoded<SiteHeartbeat> decode_heartbeat(std::string_view payload) {
    std::string error;
    const auto j = parse_object(payload, error);
    if (!j) return failed<SiteHeartbeat>(error);
    SiteHeartbeat h;
    Fields top{*j, "", error};
    if (!site_field(top, h.site) || !top.integer("last_seq", h.last_seq, 0) ||
        !top.integer("acked_seq", h.acked_seq, 0, false) || !top.integer("confirmed_seq", h.confirmed_seq, 0, false) ||
        !top.integer("clock_us", h.clock_us, 0))
        return failed<SiteHeartbeat>(error);
    if (const auto* readers = top.find("readers")) {
        if (!readers->is_array() || readers->size() > 256)
            return failed<SiteHeartbeat>("readers: expected an array of at most 256 readers");
        for (std::size_t i = 0; i < readers->size(); ++i) {
            const auto& o = (*readers)[i];
            if (!o.is_object()) return failed<SiteHeartbeat>(fmt::format("readers[{}]: expected an object", i));
            Fields f{o, fmt::format("readers[{}]", i), error};
            HeartbeatReader r;
            if (!f.text("name", r.name, max_relay_name, true) || !f.integer("reads_today", r.reads_today, 0, false))
                return failed<SiteHeartbeat>(error);
            if (const auto* c = f.find("connected")) {
                if (!c->is_boolean()) {
                    f.fail("connected", "true or false");
                    return failed<SiteHeartbeat>(error);
                }
                r.connected = c->get<bool>();
            }
            if (const auto* t = f.find("last_read_us"); t && !t->is_null()) {
                std::int64_t us = 0;
                if (!f.integer("last_read_us", us, 0)) return failed<SiteHeartbeat>(error);
                r.last_read_us = us;
            }
            h.readers.push_back(std::move(r));
        }
    }
    return {std::move(h), {}};
}

Decoded<ResendRequest> decode_resend(std::string_view payload) {
    std::string error;
    const auto j = parse_object(payload, error);
    if (!j) return failed<ResendRequest>(error);
    ResendRequest r;
    Fields top{*j, "", error};
    if (!top.integer("confirmed", r.confirmed, 0) || !top.integer("request", r.request, 0, false))
        return failed<ResendRequest>(error);
    if (const auto* missing = top.find("missing")) {
        if (!missing->is_array() || missing->size() > max_missing_ranges)
            return failed<ResendRequest>(
                fmt::format("missing: expected an array of at most {} [from, to] ranges", max_missing_ranges));
        for (const auto& range : *missing) {
            if (!range.is_array() || range.size() != 2 || !range[0].is_number_integer() ||
                !range[1].is_number_integer())
                return failed<ResendRequest>("missing: expected [from, to] pairs of whole numbers");
            const auto from = range[0].get<std::int64_t>(), to = range[1].get<std::int64_t>();
            if (from < 1 || to < from)
                return failed<ResendRequest>(fmt::format("missing: [{}, {}] is not a range of seqs from 1", from, to));
            r.missing.emplace_back(from, to);
        }
    }
    return {std::move(r), {}};
}

std::string reads_topic(std::string_view race_id, std::string_view site) {
    return fmt::format("finishline/{}/reads/{}", race_id, site);
}
std::string site_topic(std::string_view race_id, std::string_view site) {
    return fmt::format("finishline/{}/sites/{}", race_id, site);
}
std::string resend_topic(std::string_view race_id, std::string_view site) {
    return fmt::format("finishline/{}/resend/{}", race_id, site);
}
std::string standings_topic(std::string_view race_id) { return fmt::format("finishline/{}/standings", race_id); }
std::string finishers_topic(std::string_view race_id) { return fmt::format("finishline/{}/finishers", race_id); }

std::optional<std::string> topic_site(std::string_view topic, std::string_view race_id, std::string_view kind) {
    const auto prefix = fmt::format("finishline/{}/{}/", race_id, kind);
    if (!topic.starts_with(prefix)) return std::nullopt;
    const auto site = topic.substr(prefix.size());
    if (!site_name_ok(site)) return std::nullopt;
    return std::string(site);
}

}  // namespace fl::ingest
