#include "ingest/standings_message.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ingest/json_fields.hpp"

namespace fl::ingest {

using nlohmann::json;

namespace {

constexpr std::size_t max_bib = 32;
constexpr std::size_t max_time_text = 32;
constexpr auto any = std::numeric_limits<std::int64_t>::min();

template <class T>
Decoded<T> failed(std::string error) {
    return {std::nullopt, std::move(error)};
}

json or_null(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

json finisher_json(const ListedFinisher& f) {
    return json{{"bib", f.bib},
                {"name", f.name},
                {"category", f.category},
                {"place", or_null(f.place)},
                {"gender_place", or_null(f.gender_place)},
                {"category_place", or_null(f.category_place)},
                {"time", f.time},
                {"time_us", or_null(f.time_us)},
                {"gun_time", f.gun_time},
                {"net_time", f.net_time},
                {"pace_per_km_us", or_null(f.pace_per_km_us)},
                {"finish_us", or_null(f.finish_us)},
                {"known_us", or_null(f.known_us)}};
}

// An integer that may be null or absent.
bool maybe_integer(JsonFields& f, std::string_view key, std::optional<std::int64_t>& out, std::int64_t min) {
    const auto* v = f.find(key);
    if (!v || v->is_null()) return true;
    std::int64_t n = 0;
    if (!f.integer(key, n, min)) return false;
    out = n;
    return true;
}

bool read_finisher(const json& o, std::string where, std::string& error, ListedFinisher& out) {
    if (!o.is_object()) {
        error = where + ": expected a finisher object";
        return false;
    }
    JsonFields f{o, std::move(where), error};
    return f.text("bib", out.bib, max_bib, true) && f.text("name", out.name, max_standings_text, false) &&
           f.text("category", out.category, max_standings_text, false) && maybe_integer(f, "place", out.place, 1) &&
           maybe_integer(f, "gender_place", out.gender_place, 1) &&
           maybe_integer(f, "category_place", out.category_place, 1) &&
           f.text("time", out.time, max_time_text, false) && maybe_integer(f, "time_us", out.time_us, 0) &&
           f.text("gun_time", out.gun_time, max_time_text, false) &&
           f.text("net_time", out.net_time, max_time_text, false) &&
           maybe_integer(f, "pace_per_km_us", out.pace_per_km_us, 0) &&
           maybe_integer(f, "finish_us", out.finish_us, any) && maybe_integer(f, "known_us", out.known_us, any);
}

bool read_list(JsonFields& f, std::string_view key, std::vector<ListedFinisher>& out) {
    const auto* list = f.find(key);
    if (!list) return true;
    if (!list->is_array() || list->size() > max_listed_finishers)
        return f.fail(key, fmt::format("an array of at most {} finishers", max_listed_finishers));
    for (std::size_t i = 0; i < list->size(); ++i) {
        ListedFinisher l;
        if (!read_finisher((*list)[i], fmt::format("{}.{}[{}]", f.where, key, i), f.error, l)) return false;
        out.push_back(std::move(l));
    }
    return true;
}

bool read_event(const json& o, std::string where, std::string& error, StandingsEvent& e) {
    if (!o.is_object()) {
        error = where + ": expected an event object";
        return false;
    }
    JsonFields f{o, std::move(where), error};
    if (!f.text("name", e.name, max_standings_text, true) || !maybe_integer(f, "gun_us", e.gun_us, any)) return false;
    if (const auto* d = f.find("distance_m")) {
        if (!d->is_number() || d->get<double>() < 0 || d->get<double>() > 1e7)
            return f.fail("distance_m", "a distance in metres");
        e.distance_m = d->get<double>();
    }
    if (const auto* g = f.find("gun_recorded")) {
        if (!g->is_boolean()) return f.fail("gun_recorded", "true or false");
        e.gun_recorded = g->get<bool>();
    }
    if (const auto* c = f.find("counts")) {
        if (!c->is_object()) return f.fail("counts", "an object of counts");
        JsonFields n{*c, f.where + ".counts", error};
        auto& k = e.counts;
        if (!n.integer("entered", k.entered, 0, false) || !n.integer("started", k.started, 0, false) ||
            !n.integer("finished", k.finished, 0, false) || !n.integer("on_course", k.on_course, 0, false) ||
            !n.integer("dnf", k.dnf, 0, false) || !n.integer("dq", k.dq, 0, false) ||
            !n.integer("dns", k.dns, 0, false))
            return false;
    }
    return read_list(f, "top", e.top) && read_list(f, "latest", e.latest);
}

}  // namespace

std::string encode(const StandingsMessage& m) {
    json events = json::array();
    for (const auto& e : m.events) {
        const auto& k = e.counts;
        json top = json::array(), latest = json::array();
        for (const auto& f : e.top) top.push_back(finisher_json(f));
        for (const auto& f : e.latest) latest.push_back(finisher_json(f));
        // 10000, not 10000.0: a whole number of metres is written as one.
        const bool whole = e.distance_m == std::floor(e.distance_m) && e.distance_m < 1e15;
        events.push_back(json{{"name", e.name},
                              {"distance_m", whole ? json(static_cast<std::int64_t>(e.distance_m)) : json(e.distance_m)},
                              {"gun_us", or_null(e.gun_us)},
                              {"gun_recorded", e.gun_recorded},
                              {"counts",
                               {{"entered", k.entered},
                                {"started", k.started},
                                {"finished", k.finished},
                                {"on_course", k.on_course},
                                {"dnf", k.dnf},
                                {"dq", k.dq},
                                {"dns", k.dns}}},
                              {"top", std::move(top)},
                              {"latest", std::move(latest)}});
    }
    json j{{"race", m.race},         {"date", m.date},       {"timezone", m.timezone},
           {"display", m.display},   {"version", m.version}, {"published_us", m.published_us},
           {"events", std::move(events)}};
    // Participant text that is not UTF-8 is replaced, never a throw.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Decoded<StandingsMessage> decode_standings(std::string_view payload) {
    std::string error;
    const auto j = parse_json_object(payload, max_standings_payload, R"({"race": "...", "events": [...]})", error);
    if (!j) return failed<StandingsMessage>(error);
    StandingsMessage m;
    JsonFields top{*j, "", error};
    if (!top.text("race", m.race, max_standings_text, true) || !top.text("date", m.date, 10, false) ||
        !top.text("timezone", m.timezone, 64, false) || !top.text("display", m.display, 8, false) ||
        !top.integer("version", m.version, 0) || !top.integer("published_us", m.published_us, any, false))
        return failed<StandingsMessage>(error);
    if (m.display != "seconds" && m.display != "tenths") {
        top.fail("display", "\"seconds\" or \"tenths\"");
        return failed<StandingsMessage>(error);
    }
    const auto* events = top.find("events");
    if (!events || !events->is_array() || events->size() > max_standings_events)
        return failed<StandingsMessage>(
            fmt::format("events: expected an array of at most {} events", max_standings_events));
    for (std::size_t i = 0; i < events->size(); ++i) {
        StandingsEvent e;
        if (!read_event((*events)[i], fmt::format("events[{}]", i), error, e)) return failed<StandingsMessage>(error);
        m.events.push_back(std::move(e));
    }
    return {std::move(m), {}};
}

std::string encode_finisher_change(std::int64_t version, std::string_view change, std::string_view object_json) {
    // The object is already JSON (/live's finisher object, or the bib as a string).
    return fmt::format(R"({{"version":{},"change":"{}",{}:{}}})", version, change,
                       change == "removed" ? R"("bib")" : R"("finisher")", object_json);
}

Decoded<FinisherChange> decode_finisher_change(std::string_view payload) {
    std::string error;
    const auto j = parse_json_object(payload, max_standings_payload / 64, R"({"version": 7, "change": "new", ...})",
                                     error);
    if (!j) return failed<FinisherChange>(error);
    FinisherChange c;
    JsonFields top{*j, "", error};
    if (!top.integer("version", c.version, 0) || !top.text("change", c.change, 16, true))
        return failed<FinisherChange>(error);
    if (c.change == "removed") {
        if (!top.text("bib", c.bib, max_bib, true)) return failed<FinisherChange>(error);
        return {std::move(c), {}};
    }
    if (c.change != "new" && c.change != "corrected") {
        top.fail("change", "\"new\", \"corrected\" or \"removed\"");
        return failed<FinisherChange>(error);
    }
    const auto* o = top.find("finisher");
    if (!o || !o->is_object()) return failed<FinisherChange>("finisher: expected a finisher object");
    JsonFields f{*o, "finisher", error};
    if (!f.text("bib", c.bib, max_bib, true) || !f.text("name", c.name, max_standings_text, false) ||
        !f.text("event", c.event, max_standings_text, false) ||
        !f.text("category", c.category, max_standings_text, false) || !maybe_integer(f, "place", c.place, 1) ||
        !maybe_integer(f, "gender_place", c.gender_place, 1) ||
        !maybe_integer(f, "category_place", c.category_place, 1) ||
        !f.text("gun_time", c.gun_time, max_time_text, false) || !f.text("net_time", c.net_time, max_time_text, false))
        return failed<FinisherChange>(error);
    return {std::move(c), {}};
}

}  // namespace fl::ingest
