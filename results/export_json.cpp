#include <fmt/format.h>

#include "results/age_grade.hpp"
#include "results/display.hpp"
#include "timing/text_encoding.hpp"
#include "results/exports.hpp"
#include "results/json_writer.hpp"

namespace fl::results {
namespace {

struct Out {
    JsonWriter& w;
    const Standings& s;

    void instant(std::string_view k, const std::optional<Instant>& t) {
        w.key(k);
        if (!t) {
            w.null();
            return;
        }
        w.begin_object()
            .field("us", timing::to_micros(*t))
            .field("local", show_clock(*t, s.timezone))
            .end_object();
    }
    void duration(std::string_view k, const std::optional<Duration>& d) {
        w.key(k);
        if (!d) {
            w.null();
            return;
        }
        w.begin_object().field("us", static_cast<std::int64_t>(d->count())).field("text", show_time(d, s.display)).end_object();
    }
    void pace(std::string_view k, const std::optional<Duration>& d) {
        w.key(k);
        if (d) w.value(show_pace(d));
        else w.null();
    }

    void runner(const Row& row, const EventStandings& e) {
        const auto& r = *row.runner;
        w.begin_object();
        w.field("place", row.place).field("gender_place", row.gender_place)
            .field("category_place", row.category_place).field("dead_heat", row.dead_heat);
        w.field("participant_id", r.participant_id).field("bib", r.bib).field("name", r.name);
        w.key("gender");
        if (r.gender) w.value(std::string(1, timing::to_char(*r.gender)));
        else w.null();
        w.field("age", r.age).field("category", r.category).field("category_explicit", r.category_explicit)
            .field("team", r.team).field("wave", r.wave).field("status", to_string(r.status))
            .field("dq_reason", r.dq_reason).field("declared_dnf", r.declared_dnf)
            .field("on_course", r.on_course);
        instant("gun", r.gun);
        instant("start", r.start_passing);
        instant("finish", r.finish);
        w.field("finish_source", to_string(r.finish_source));
        instant("finish_known", r.finish_known);
        duration("gun_time", r.gun_time);
        duration("net_time", r.net_time);
        pace("pace_per_km", r.pace_per_km);
        pace("pace_per_mile", r.pace_per_mile);
        w.field("manual_finish", r.manual_finish).field("over_cutoff", r.over_cutoff);
        w.key("splits").begin_array();
        for (std::size_t k = 0; k < r.splits.size(); ++k) {
            const auto& sp = r.splits[k];
            w.begin_object().field("point", k < e.splits.size() ? e.splits[k].name : std::string{});
            instant("at", sp.at);
            duration("elapsed", sp.elapsed);
            pace("pace_per_km", sp.pace_per_km);
            pace("pace_per_mile", sp.pace_per_mile);
            w.end_object();
        }
        w.end_array();
        if (e.counts_laps()) {  // only a lap race's rows carry laps: other events' JSON is unchanged
            w.field("laps", r.laps).field("laps_complete", r.laps_complete);
            w.key("lap_times").begin_array();
            for (const auto& lap : r.lap_times)
                w.begin_object().field("us", static_cast<std::int64_t>(lap.count())).field("text", show_time(lap, s.display)).end_object();
            w.end_array();
        }
        w.key("age_grade");
        if (r.age_grade) {
            const auto& g = *r.age_grade;
            w.begin_object().field("factor", g.factor).field("open_standard_s", g.open_standard_s)
                .field("age_standard_s", g.age_standard_s)
                .field("graded_time", format_graded_time(g.graded_time))
                .field("graded_time_us", static_cast<std::int64_t>(g.graded_time.count()))
                .field("percent", show_percent(r.age_grade)).end_object();
        } else {
            w.null();
        }
        w.end_object();
    }

    void event(const EventStandings& e, const ExportFilter& f) {
        w.begin_object();
        w.field("id", e.id).field("name", e.name).field("distance_m", e.distance_m)
            .field("rank_by", timing::to_string(e.rank_by));
        duration("cutoff", e.cutoff);
        if (e.counts_laps()) {
            w.field("type", timing::to_string(e.type)).field("laps", e.laps);
            duration("time_limit", e.time_limit);
            if (e.backyard()) duration("interval", e.interval);
        }
        w.key("waves").begin_array();
        for (const auto& wave : e.waves) {
            w.begin_object().field("name", wave.name);
            instant("gun", wave.gun);
            w.field("source", to_string(wave.source)).field("recorded", wave.recorded()).end_object();
        }
        w.end_array();
        w.key("splits").begin_array();
        for (const auto& sp : e.splits)
            w.begin_object().field("name", sp.name).field("distance_m", sp.distance_m).end_object();
        w.end_array();
        const auto& c = e.counts;
        w.key("counts").begin_object().field("entered", c.entered).field("started", c.started)
            .field("finished", c.finished).field("on_course", c.on_course).field("dnf", c.dnf)
            .field("dq", c.dq).field("dns", c.dns).end_object();
        w.key("categories").begin_array();
        for (const auto& cat : e.categories) w.value(cat);
        w.end_array();
        w.key("rows").begin_array();
        for (const auto& row : e.rows)
            if (row_selected(row, f)) runner(row, e);
        w.end_array();
        w.end_object();
    }

    void teams(const TeamStandings& t) {
        const auto& c = t.config;
        w.begin_object().field("name", c.name).field("event", c.event).field("scoring", timing::to_string(c.scoring))
            .field("size", c.size).field("displacers", c.displacers).field("min_women", c.min_women)
            .field("min_men", c.min_men);
        w.key("teams").begin_array();
        for (const auto& team : t.teams) {
            w.begin_object().field("place", team.place).field("tied", team.tied).field("team", team.team)
                .field("points", team.points);
            duration("time", team.time);
            w.field("short_of", team.short_of);
            w.key("members").begin_array();
            for (const auto& m : team.members) {
                const auto& r = *m.row->runner;
                w.begin_object().field("bib", r.bib).field("name", r.name).field("place", m.row->place)
                    .field("role", to_string(m.role)).field("points", m.points);
                duration("time", r.rank_time);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
};

}  // namespace

std::string to_json(const Standings& s, const ExportFilter& f, bool with_version) {
    const auto events = selected_events(s, f);
    JsonWriter w;
    Out out{w, s};
    w.begin_object();
    w.field("race", s.race).field("date", timing::format_date(s.date)).field("timezone", s.timezone);
    if (with_version) w.field("version", s.version);
    w.field("display", s.display == timing::Resolution::tenths ? "tenths" : "seconds")
        .field("age_grading", s.age_grading);
    w.key("events").begin_array();
    for (const auto* e : events) out.event(*e, f);
    w.end_array();
    w.key("teams").begin_array();
    for (const auto& t : selected_teams(s, f)) out.teams(t);
    w.end_array();

    w.key("unassigned_reads").begin_array();
    for (const auto& r : *s.unassigned_reads) {
        w.begin_object().field("read_id", r.read_id).field("chip", r.chip).field("timing_point", r.timing_point);
        out.instant("time", r.time);
        w.field("reader", r.reader).end_object();
    }
    w.end_array();
    w.key("flagged_reads").begin_array();
    for (const auto& r : *s.flagged_reads) {
        w.begin_object().field("read_id", r.read_id).field("chip", r.chip).field("reader", r.reader);
        w.key("device_time");
        if (r.device_time) w.value(static_cast<std::int64_t>(timing::to_micros(*r.device_time)));
        else w.null();
        w.field("receive_time", static_cast<std::int64_t>(timing::to_micros(r.receive_time)))
            .field("reason", r.reason).end_object();
    }
    w.end_array();
    w.key("unpaired_taps").begin_array();
    for (const auto& t : *s.unpaired_taps) {
        w.begin_object().field("entry_id", t.entry_id);
        out.instant("time", t.time);
        w.field("source", t.source).end_object();
    }
    w.end_array();
    w.key("unknown_bibs").begin_array();
    for (const auto& u : *s.unknown_bibs) {
        w.begin_object().field("entry_id", u.entry_id).field("kind", timing::to_string(u.kind)).field("bib", u.bib);
        out.instant("time", u.time);
        w.field("source", u.source).end_object();
    }
    w.end_array();
    w.key("conflicts").begin_array();
    for (const auto& c : *s.conflicts) {
        w.begin_object().field("bib", c.bib).field("event", c.event);
        out.instant("chip_finish", c.chip_finish);
        out.instant("manual_finish", c.manual_finish);
        w.field("winner", to_string(c.winner)).end_object();
    }
    w.end_array();
    w.key("latest_finishers").begin_array();
    for (const auto& l : *s.latest_finishers) {
        w.begin_object().field("bib", l.runner->bib).field("name", l.runner->name)
            .field("event", l.runner->event).field("place", l.place);
        out.duration("net_time", l.runner->net_time);
        out.instant("known", l.known);
        w.end_object();
    }
    w.end_array();
    const auto& refused = s.refused ? *s.refused : std::vector<RefusedRecord>{};
    w.key("refused_records").begin_array();
    for (const auto& r : refused) {
        w.begin_object().field("refused_id", r.refused_id).field("reader", r.reader);
        out.instant("received", r.received);
        w.field("raw", timing::escaped_bytes(r.raw)).field("reason", r.reason).end_object();
    }
    w.end_array();
    w.key("issues").begin_array();
    for (const auto& i : *s.issues) w.value(i.what);
    for (const auto& r : refused)
        w.value(fmt::format("refused record X{} from reader {} at {}: {}: \"{}\" (stored as "
                            "received: enter what it meant, e.g. a finish or an assign)",
                            r.refused_id, r.reader, show_clock(r.received, s.timezone), r.reason,
                            timing::escaped_bytes(r.raw)));
    w.end_array();
    w.end_object();
    auto text = w.take();
    text += '\n';
    return text;
}

}  // namespace fl::results
