#include "timing/config.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "timing/error.hpp"
#include "timing/text_encoding.hpp"
#include "timing/text_file.hpp"

namespace fl::timing {
namespace {

// Marshal tokens: anyone on the venue network can try them, so short ones are refused.
constexpr std::size_t min_token_length = 12;

// The web server's connection cap: phones of a big field plus the board; a million is past what
// one laptop's file descriptors allow anyway.
constexpr int max_web_connections = 1'000'000;

// A public_url goes into a QR code that phones open: an http(s) address with a host, in
// printable ASCII without spaces (what a URL is; a typo with a space would print a dead code).
constexpr std::size_t max_site_name = 32;

bool valid_site_name(std::string_view name) {
    if (name.empty() || name.size() > max_site_name) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_';
    });
}

bool plausible_url(std::string_view url) {
    std::string_view rest;
    if (url.starts_with("http://")) rest = url.substr(7);
    else if (url.starts_with("https://")) rest = url.substr(8);
    else return false;
    if (rest.empty() || rest.front() == '/' || rest.front() == ':') return false;
    return std::all_of(url.begin(), url.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// Reads one TOML table, remembering which keys were consumed so that anything left over
// (a typo) is reported with its line.
class Section {
public:
    // `path` names the table in messages ("events[2].waves[1]"); `header` is how it is written
    // in TOML ("events.waves"), for hints that tell the user what to type.
    Section(const toml::table& table, std::string path, std::string header, std::string_view file)
        : table_(table), path_(std::move(path)), header_(std::move(header)), file_(file) {}

    [[noreturn]] void fail(const toml::node* at, std::string_view key,
                           std::string_view what) const {
        const auto& src = at ? at->source() : table_.source();
        const std::string where = key.empty() ? path_ : qualified(key);
        throw Error(fmt::format("{}:{}: {}: {}", file_, src.begin.line, where, what));
    }

    const toml::node* node(std::string_view key) {
        seen_.insert(std::string(key));
        return table_.get(key);
    }

    std::optional<std::string> opt_string(std::string_view key) {
        const auto* n = node(key);
        if (!n) return std::nullopt;
        if (!n->is_string()) fail(n, key, "expected a quoted string");
        return n->as_string()->get();
    }
    std::string string(std::string_view key, std::string_view example) {
        auto v = opt_string(key);
        if (!v) fail(nullptr, key, fmt::format("missing; expected e.g. {} = {}", key, example));
        if (v->empty()) fail(node(key), key, "must not be empty");
        return *v;
    }
    std::optional<double> opt_number(std::string_view key, double min) {
        const auto* n = node(key);
        if (!n) return std::nullopt;
        std::optional<double> v;
        if (n->is_integer()) v = static_cast<double>(n->as_integer()->get());
        if (n->is_floating_point()) v = n->as_floating_point()->get();
        // TOML allows nan and inf; neither is a distance.
        if (!v || !std::isfinite(*v)) fail(n, key, "expected a number");
        if (*v < min) fail(n, key, fmt::format("expected a number >= {}, got {}", min, *v));
        return v;
    }
    std::optional<int> opt_int(std::string_view key, int min, int max) {
        const auto* n = node(key);
        if (!n) return std::nullopt;
        if (!n->is_integer()) fail(n, key, "expected a whole number");
        const auto v = n->as_integer()->get();
        if (v < min || v > max)
            fail(n, key, fmt::format("expected a whole number from {} to {}, got {}", min, max, v));
        return static_cast<int>(v);
    }
    std::optional<bool> opt_bool(std::string_view key) {
        const auto* n = node(key);
        if (!n) return std::nullopt;
        if (!n->is_boolean()) fail(n, key, "expected true or false");
        return n->as_boolean()->get();
    }
    // A time of day or a length of time, written as TOML writes a time (start = 07:00:00) or
    // the same in quotes (start = "07:00:00"; a clock offset may be negative only so).
    std::optional<Duration> opt_duration(std::string_view key, bool time_of_day) {
        const auto* n = node(key);
        if (!n) return std::nullopt;
        const auto expected = time_of_day ? "a local time HH:MM:SS[.fff], e.g. 07:00:00"
                                          : "a duration H:MM:SS[.fff], e.g. 00:05:00";
        if (const auto* t = n->as_time()) {
            const auto v = t->get();
            if (v.second > 59) fail(n, key, fmt::format("expected {}: no leap seconds", expected));
            if (v.nanosecond % 1000 != 0)
                fail(n, key, fmt::format("expected {}: at most 6 decimals of a second", expected));
            return std::chrono::hours{v.hour} + std::chrono::minutes{v.minute} +
                   std::chrono::seconds{v.second} + std::chrono::microseconds{v.nanosecond / 1000};
        }
        if (n->is_date() || n->is_date_time())
            fail(n, key, fmt::format("expected {}, not a date", expected));
        if (!n->is_string()) fail(n, key, fmt::format("expected {}", expected));
        const auto& text = n->as_string()->get();
        auto d = time_of_day ? parse_time_of_day(text) : parse_duration(text);
        if (!d) {
            fail(n, key,
                 fmt::format("expected {}, got \"{}\"",
                             time_of_day ? "a local time \"HH:MM:SS[.fff]\""
                                         : "a duration \"H:MM:SS[.fff]\"",
                             text));
        }
        return d;
    }
    // A calendar date: date = 2014-04-12 as TOML writes it, or "2014-04-12".
    std::optional<date::year_month_day> opt_date(std::string_view key) {
        const auto* n = node(key);
        if (!n) return std::nullopt;
        if (const auto* d = n->as_date()) {
            const auto v = d->get();
            const date::year_month_day ymd{date::year{v.year}, date::month{v.month}, date::day{v.day}};
            if (!ymd.ok()) fail(n, key, "expected a date that exists, e.g. 2014-04-12");
            return ymd;
        }
        if (n->is_date_time() || n->is_time())
            fail(n, key, "expected a date YYYY-MM-DD without a time of day, e.g. 2014-04-12");
        if (!n->is_string()) fail(n, key, "expected a date YYYY-MM-DD, e.g. 2014-04-12");
        const auto& text = n->as_string()->get();
        auto d = parse_date(text);
        if (!d) fail(n, key, fmt::format("expected \"YYYY-MM-DD\", got \"{}\"", text));
        return d;
    }
    // A length of time that cannot run backwards (everything but a clock offset).
    std::optional<Duration> opt_length(std::string_view key) {
        auto d = opt_duration(key, false);
        if (d && *d < Duration{0}) fail(node(key), key, "must not be negative");
        return d;
    }
    template <class E>
    std::optional<E> opt_enum(std::string_view key,
                              std::initializer_list<std::pair<std::string_view, E>> choices) {
        auto text = opt_string(key);
        if (!text) return std::nullopt;
        for (const auto& [name, value] : choices)
            if (*text == name) return value;
        std::string expected;
        for (const auto& [name, value] : choices)
            expected += fmt::format("{}\"{}\"", expected.empty() ? "" : " or ", name);
        fail(node(key), key, fmt::format("expected {}, got \"{}\"", expected, *text));
    }
    std::optional<Endpoint> opt_endpoint(std::string_view key) {
        auto text = opt_string(key);
        if (!text) return std::nullopt;
        auto ep = parse_endpoint(*text);
        if (!ep) {
            fail(node(key), key,
                 fmt::format("expected \"host:port\" such as \"127.0.0.1:61611\", got \"{}\"",
                             *text));
        }
        return ep;
    }
    const toml::array* opt_array(std::string_view key) {
        const auto* n = node(key);
        if (!n) return nullptr;
        if (!n->is_array()) fail(n, key, "expected an array [ ... ]");
        return n->as_array();
    }
    std::vector<std::string> string_list(std::string_view key) {
        std::vector<std::string> out;
        if (const auto* arr = opt_array(key)) {
            for (const auto& item : *arr) {
                if (!item.is_string()) fail(&item, key, "expected an array of strings");
                out.push_back(item.as_string()->get());
            }
        }
        return out;
    }
    // [[name]] arrays of tables; a single [name] table is a mistake worth naming.
    std::vector<Section> tables(std::string_view key) {
        std::vector<Section> out;
        const auto* n = node(key);
        if (!n) return out;
        const auto* arr = n->as_array();
        if (!arr || !arr->is_array_of_tables())
            fail(n, key, fmt::format("expected one or more [[{}]] tables", header(key)));
        int i = 0;
        for (const auto& item : *arr)
            out.emplace_back(*item.as_table(), fmt::format("{}[{}]", qualified(key), ++i),
                             header(key), file_);
        return out;
    }
    std::optional<Section> table(std::string_view key) {
        const auto* n = node(key);
        if (!n) return std::nullopt;
        if (!n->is_table()) fail(n, key, fmt::format("expected a [{}] table", header(key)));
        return Section(*n->as_table(), qualified(key), header(key), file_);
    }

    // Every key of the table must have been read: anything else is a typo.
    void reject_unknown() const {
        for (const auto& [key, value] : table_) {
            if (!seen_.count(std::string(key.str())))
                fail(&value, key.str(), "unknown key (check the spelling; see README, Race config)");
        }
    }
    const toml::table& raw() const { return table_; }
    std::string qualified(std::string_view key) const {
        return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
    }
    std::string header(std::string_view key) const {
        return header_.empty() ? std::string(key) : fmt::format("{}.{}", header_, key);
    }

private:
    const toml::table& table_;
    std::string path_;
    std::string header_;
    std::string_view file_;
    std::set<std::string> seen_;
};

// type = "laps" and the keys only a lap race has (README "Laps and fixed-time races").
void read_lap_rules(Section& s, EventConfig& e) {
    e.type = s.opt_enum<EventType>("type", {{"run", EventType::run}, {"laps", EventType::laps},
                                            {"backyard", EventType::backyard}})
                 .value_or(e.type);
    const bool laps = e.type == EventType::laps;
    const bool backyard = e.type == EventType::backyard;
    for (const char* key : {"laps", "time_limit", "lapped_continue"})
        if (!laps && s.node(key))
            s.fail(s.node(key), key, "only a lap race has it: add type = \"laps\" to the event");
    if (!e.counts_laps() && s.node("min_lap_time"))
        s.fail(s.node("min_lap_time"), "min_lap_time", "only a lap race or a backyard ultra has it: add type = \"laps\" or \"backyard\"");
    if (!backyard && s.node("interval"))
        s.fail(s.node("interval"), "interval", "only a backyard ultra has it: add type = \"backyard\" to the event");
    if (backyard) {
        if (auto i = s.opt_length("interval")) e.interval = *i;
        if (auto m = s.opt_length("min_lap_time")) e.min_lap_time = *m;
        if (e.interval <= e.min_lap_time)
            s.fail(s.node("interval"), "interval",
                   fmt::format("must be longer than min_lap_time ({}): a loop starts every interval, e.g. interval = \"01:00:00\"",
                               format_result_time(e.min_lap_time)));
        return;
    }
    if (!laps) return;
    e.laps = s.opt_int("laps", 1, 100000);
    e.time_limit = s.opt_length("time_limit");
    if (e.time_limit && e.time_limit->count() <= 0)
        s.fail(s.node("time_limit"), "time_limit", "must be longer than zero, e.g. time_limit = \"06:00:00\"");
    if (!e.laps && !e.time_limit)
        s.fail(nullptr, "laps",
               "a lap race ends at a number of laps or a time limit: give laps = 10 or "
               "time_limit = \"06:00:00\" (or both)");
    if (auto m = s.opt_length("min_lap_time")) e.min_lap_time = *m;
    e.lapped_continue = s.opt_bool("lapped_continue").value_or(false);
}

// A lap race counts laps at its lap points, and at its finish points (a loop's finish line is
// where laps are counted when no point is named "lap").
bool has_lap_line(const RaceConfig& cfg, const EventConfig& e) {
    return std::any_of(cfg.timing_points.begin(), cfg.timing_points.end(), [&](const TimingPointConfig& p) {
        const bool listed = e.timing_points.empty() ||
                            std::find(e.timing_points.begin(), e.timing_points.end(), p.name) != e.timing_points.end();
        return listed && (p.role == PointRole::lap || p.role == PointRole::finish);
    });
}

EventConfig read_event(Section& s) {
    EventConfig e;
    e.name = s.string("name", "\"5K\"");
    // A lap race or backyard ultra may leave the lap's length out (a track of unknown length: no pace).
    const auto type = s.node("type") ? s.node("type")->value_or(std::string_view{}) : std::string_view{};
    const bool loops = type == "laps" || type == "backyard";
    e.distance_m = s.opt_number("distance_m", loops ? 0 : 1).value_or(0);
    if (e.distance_m <= 0 && !loops) s.fail(nullptr, "distance_m", "missing; expected e.g. distance_m = 5000");
    auto start = s.opt_duration("start", true);
    if (!start) s.fail(nullptr, "start", "missing; expected the scheduled gun, e.g. start = 07:00:00");
    e.start = *start;
    e.rank_by = s.opt_enum<RankBy>("rank_by", {{"gun", RankBy::gun}, {"net", RankBy::net}})
                    .value_or(RankBy::gun);
    e.min_time = s.opt_length("min_time").value_or(Duration{0});
    if (auto w = s.opt_length("start_window")) e.start_window = *w;
    read_lap_rules(s, e);
    e.cutoff = s.opt_length("cutoff");
    e.timing_points = s.string_list("timing_points");
    std::set<std::string> names;
    for (auto& ws : s.tables("waves")) {
        WaveConfig w;
        w.name = ws.string("name", "\"A\"");
        w.offset = ws.opt_length("offset").value_or(Duration{0});
        if (!names.insert(w.name).second)
            ws.fail(ws.node("name"), "name", fmt::format("wave \"{}\" is defined twice", w.name));
        ws.reject_unknown();
        e.waves.push_back(std::move(w));
    }
    s.reject_unknown();
    return e;
}

TimingPointConfig read_point(Section& s) {
    TimingPointConfig p;
    p.name = s.string("name", "\"finish\"");
    auto role = s.opt_enum<PointRole>(
        "role", {{"start", PointRole::start}, {"split", PointRole::split}, {"finish", PointRole::finish},
                 {"lap", PointRole::lap}});
    if (!role)
        s.fail(nullptr, "role", "missing; expected role = \"start\", \"split\", \"finish\" or \"lap\"");
    p.role = *role;
    p.distance_m = s.opt_number("distance_m", 0);
    if (p.role == PointRole::split && !p.distance_m)
        s.fail(nullptr, "distance_m", "a split needs its distance, e.g. distance_m = 2500");
    if (auto w = s.opt_length("dedup_window")) p.dedup_window = *w;
    s.reject_unknown();
    return p;
}

TeamConfig read_team(Section& s, const RaceConfig& race) {
    TeamConfig t;
    if (auto event = s.opt_string("event")) {
        if (!race.find_event(*event)) {
            std::string known;
            for (const auto& e : race.events) known += fmt::format("{}\"{}\"", known.empty() ? "" : ", ", e.name);
            s.fail(s.node("event"), "event", fmt::format("no [[events]] named \"{}\" (the events are {})", *event, known));
        }
        t.event = *event;
    } else if (race.events.size() == 1) {
        t.event = race.events.front().name;
    } else {
        s.fail(nullptr, "event", fmt::format("missing: the race has {} events; name the one scored, e.g. event = \"{}\"",
                                             race.events.size(), race.events.front().name));
    }
    t.name = s.opt_string("name").value_or(t.event + " teams");
    if (t.name.empty()) s.fail(s.node("name"), "name", "must not be empty");
    t.scoring = s.opt_enum<TeamScoring>("scoring", {{"places", TeamScoring::places},
                                                    {"time", TeamScoring::time},
                                                    {"nth", TeamScoring::nth}})
                    .value_or(t.scoring);
    t.size = s.opt_int("size", 1, 1000).value_or(t.size);
    t.displacers = s.opt_int("displacers", 0, 1000);
    if (t.displacers && t.scoring != TeamScoring::places)
        s.fail(s.node("displacers"), "displacers", "only places scoring has displacers (scoring = \"places\")");
    t.min_women = s.opt_int("min_women", 0, 1000).value_or(0);
    t.min_men = s.opt_int("min_men", 0, 1000).value_or(0);
    if (t.min_women + t.min_men > t.size)
        s.fail(s.node(t.min_men > 0 ? "min_men" : "min_women"), t.min_men > 0 ? "min_men" : "min_women",
               fmt::format("min_women + min_men is {}, more than the {} scorers of size", t.min_women + t.min_men, t.size));
    s.reject_unknown();
    return t;
}

ReaderConfig read_reader(Section& s, const RaceConfig& race) {
    ReaderConfig r;
    r.name = s.string("name", "\"finish-mat\"");
    const auto protocol = s.string("protocol", "\"chronotrack\"");
    if (const auto p = parse_protocol(protocol)) {
        r.protocol = *p;
    } else {
        s.fail(s.node("protocol"), "protocol",
               fmt::format("expected {}, got \"{}\"", protocol_choices("\""), protocol));
    }
    r.listen = s.opt_endpoint("listen");
    r.connect = s.opt_endpoint("connect");
    if (r.listen.has_value() == r.connect.has_value()) {
        s.fail(nullptr, "listen",
               "give exactly one of listen = \"host:port\" (the device connects to us) or "
               "connect = \"host:port\" (we connect to the device)");
    }
    if (!device_connects(r.protocol) && !r.connect)
        s.fail(s.node("listen"), "listen", "a RACE RESULT decoder is a server: use connect = \"host:3601\"");
    if (device_connects(r.protocol) && !r.listen)
        s.fail(s.node("connect"), "connect",
               fmt::format("{} devices connect to us: use listen = \"127.0.0.1:port\"", r.protocol));
    r.timing_point = s.opt_string("timing_point").value_or("");
    if (auto loc = s.table("locations")) {
        for (const auto& [key, value] : loc->raw()) {
            if (!value.is_string()) loc->fail(&value, key.str(), "expected a timing point name");
            r.locations[std::string(key.str())] = value.as_string()->get();
            loc->node(key.str());
        }
    }
    if (r.timing_point.empty() && r.locations.empty() && r.protocol != Protocol::bibscan) {
        s.fail(nullptr, "timing_point",
               "missing; expected timing_point = \"finish\" or a locations = { ... } table");
    }
    auto check_point = [&](const std::string& name, std::string_view key) {
        if (!race.find_point(name))
            s.fail(s.node(key), key, fmt::format("no [[timing_points]] named \"{}\"", name));
    };
    if (!r.timing_point.empty()) check_point(r.timing_point, "timing_point");
    for (const auto& [loc, point] : r.locations) check_point(point, "locations");
    r.clock_offset = s.opt_duration("clock_offset", false);
    r.allow = s.string_list("allow");
    r.max_connections = s.opt_int("max_connections", 1, 1000).value_or(r.max_connections);
    if (auto t = s.opt_length("idle_timeout")) r.idle_timeout = *t;
    if (auto t = s.opt_length("poll_interval")) r.poll_interval = *t;
    s.reject_unknown();
    return r;
}

}  // namespace

std::string Endpoint::to_string() const { return fmt::format("{}:{}", host, port); }

std::optional<Endpoint> parse_endpoint(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    auto host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);  // [::1]:4001
    const auto port_text = text.substr(colon + 1);
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || p != port_text.data() + port_text.size() || port > 65535)
        return std::nullopt;
    return Endpoint{std::string(host), static_cast<std::uint16_t>(port)};
}

std::string http_url(const Endpoint& at) {
    const bool v6 = at.host.find(':') != std::string::npos;
    return fmt::format("http://{}{}{}:{}/", v6 ? "[" : "", at.host, v6 ? "]" : "", at.port);
}

std::string_view to_string(RankBy r) { return r == RankBy::gun ? "gun" : "net"; }
std::string_view to_string(EventType t) {
    switch (t) {
    case EventType::laps: return "laps";
    case EventType::backyard: return "backyard";
    case EventType::run: break;
    }
    return "run";
}
std::string_view to_string(TeamScoring s) {
    switch (s) {
        case TeamScoring::places: return "places";
        case TeamScoring::time: return "time";
        case TeamScoring::nth: return "nth";
    }
    return "?";
}
std::string_view to_string(PointRole r) {
    switch (r) {
        case PointRole::start: return "start";
        case PointRole::split: return "split";
        case PointRole::finish: return "finish";
        case PointRole::lap: return "lap";
    }
    return "?";
}

const EventConfig* RaceConfig::find_event(std::string_view n) const {
    auto it = std::find_if(events.begin(), events.end(), [&](const auto& e) { return e.name == n; });
    return it == events.end() ? nullptr : &*it;
}
const TimingPointConfig* RaceConfig::find_point(std::string_view n) const {
    auto it = std::find_if(timing_points.begin(), timing_points.end(),
                           [&](const auto& p) { return p.name == n; });
    return it == timing_points.end() ? nullptr : &*it;
}
const ReaderConfig* RaceConfig::find_reader(std::string_view n) const {
    auto it = std::find_if(readers.begin(), readers.end(), [&](const auto& r) { return r.name == n; });
    return it == readers.end() ? nullptr : &*it;
}
Duration RaceConfig::first_gun() const {
    Duration first = std::chrono::hours{24};
    for (const auto& e : events) first = std::min(first, e.start);
    return events.empty() ? Duration{0} : first;
}
RaceCalendar RaceConfig::calendar() const {
    return RaceCalendar(date, find_zone(timezone), first_gun());
}

RaceConfig parse_config(std::string_view text, std::string_view source) {
    // Names in the config (race, events, waves, readers) go into the race file and every export.
    if (const auto why = utf8_problem(text, source); !why.empty())
        throw Error(fmt::format("{}: save the race config as UTF-8 and try again", why));
    toml::table doc;
    try {
        doc = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw Error(fmt::format("{}:{}: not valid TOML: {}", source, e.source().begin.line,
                                e.description()));
    }
    Section root(doc, "", "", source);
    RaceConfig cfg;

    auto race = root.table("race");
    if (!race) root.fail(nullptr, "race", "missing [race] table with name, date and timezone");
    cfg.name = race->string("name", "\"PyCon 5K Fun Run\"");
    auto d = race->opt_date("date");
    if (!d) race->fail(nullptr, "date", "missing; expected e.g. date = 2014-04-12");
    cfg.date = *d;
    cfg.timezone = race->string("timezone", "\"America/Toronto\"");
    try {
        find_zone(cfg.timezone);
    } catch (const Error& e) {
        race->fail(race->node("timezone"), "timezone", e.what());
    }
    race->reject_unknown();

    // Timing points first: readers and events refer to them by name.
    std::set<std::string> names;
    for (auto& s : root.tables("timing_points")) {
        auto p = read_point(s);
        if (!names.insert(p.name).second)
            s.fail(s.node("name"), "name", fmt::format("timing point \"{}\" is defined twice", p.name));
        cfg.timing_points.push_back(std::move(p));
    }

    names.clear();
    for (auto& s : root.tables("events")) {
        auto e = read_event(s);
        if (!names.insert(e.name).second)
            s.fail(s.node("name"), "name", fmt::format("event \"{}\" is defined twice", e.name));
        for (const auto& tp : e.timing_points)
            if (!cfg.find_point(tp))
                s.fail(s.node("timing_points"), "timing_points",
                       fmt::format("no [[timing_points]] named \"{}\"", tp));
        if (e.counts_laps() && !has_lap_line(cfg, e))
            s.fail(s.node("type"), "type",
                   fmt::format("a {} needs a timing point where laps are counted: add [[timing_points]] with "
                               "role = \"lap\" (or \"finish\") and list it in the event's timing_points",
                               e.type == EventType::laps ? "lap race" : "backyard ultra"));
        cfg.events.push_back(std::move(e));
    }
    if (cfg.events.empty()) root.fail(nullptr, "events", "at least one [[events]] table is needed");

    if (auto cat = root.table("categories")) {
        auto& c = cfg.categories;
        c.age_on = cat->opt_enum<AgeOn>("age_on", {{"race_day", AgeOn::race_day},
                                                   {"year_end", AgeOn::year_end}})
                       .value_or(c.age_on);
        if (const auto* arr = cat->opt_array("age_groups")) {
            c.age_groups.clear();
            for (const auto& item : *arr) {
                if (!item.is_integer())
                    cat->fail(&item, "age_groups", "expected whole-number lower bounds, e.g. [0, 15, 20]");
                // Checked as int64: a huge value must not wrap into a plausible age.
                const auto v = item.as_integer()->get();
                if (v < 0 || v > 120 || (!c.age_groups.empty() && v <= c.age_groups.back()))
                    cat->fail(&item, "age_groups", "expected ascending ages from 0 to 120");
                c.age_groups.push_back(static_cast<int>(v));
            }
        }
        c.award_depth = cat->opt_int("award_depth", 0, 100).value_or(c.award_depth);
        c.overall_excluded_from_groups =
            cat->opt_int("overall_excluded_from_groups", 0, 100).value_or(c.overall_excluded_from_groups);
        cat->reject_unknown();
    }

    names.clear();
    for (auto& s : root.tables("teams")) {
        auto t = read_team(s, cfg);
        if (!names.insert(t.name).second)
            s.fail(s.node("name"), "name",
                   fmt::format("two [[teams]] tables are named \"{}\": give each its own name = \"...\"", t.name));
        cfg.teams.push_back(std::move(t));
    }

    names.clear();
    for (auto& s : root.tables("readers")) {
        auto r = read_reader(s, cfg);
        if (!names.insert(r.name).second)
            s.fail(s.node("name"), "name", fmt::format("reader \"{}\" is defined twice", r.name));
        cfg.readers.push_back(std::move(r));
    }

    if (auto m = root.table("marshal")) {
        if (auto ep = m->opt_endpoint("listen")) cfg.marshal.listen = *ep;
        cfg.marshal.token = m->opt_string("token");
        if (cfg.marshal.token) {
            // Anyone on the venue network can try tokens: a short one is guessed, and one with
            // whitespace cannot be typed after AUTH as a single word.
            const auto& t = *cfg.marshal.token;
            if (t.empty())
                m->fail(m->node("token"), "token", "must not be empty (remove it to allow any client)");
            if (t.find_first_of(" \t\r\n\v\f") != std::string::npos)
                m->fail(m->node("token"), "token",
                        "contains whitespace: use letters, digits and dashes only, e.g. "
                        "\"pine-otter-lamp-42\"");
            if (t.size() < min_token_length)
                m->fail(m->node("token"), "token",
                        fmt::format("is {} character(s) long: use at least {}, e.g. four words "
                                    "joined by dashes (\"pine-otter-lamp-42\")",
                                    t.size(), min_token_length));
        }
        cfg.marshal.max_connections =
            m->opt_int("max_connections", 1, 1000).value_or(cfg.marshal.max_connections);
        m->reject_unknown();
    }

    if (auto w = root.table("web")) {
        WebConfig web;
        auto listen = w->opt_endpoint("listen");
        // No default: the section exists to be reached from phones, so where it listens is the
        // timer's choice (loopback, the usual default, would serve nobody).
        if (!listen) w->fail(nullptr, "listen", "missing; expected e.g. listen = \"0.0.0.0:8080\"");
        web.listen = *listen;
        if (auto url = w->opt_string("public_url")) {
            if (!plausible_url(*url))
                w->fail(w->node("public_url"), "public_url",
                        fmt::format("expected the address phones open, starting http:// or "
                                    "https://, e.g. \"http://192.168.1.10:8080/\", got \"{}\"",
                                    *url));
            web.public_url = *url;
            web.public_url_given = true;
        } else {
            web.public_url = http_url(web.listen);
        }
        web.max_connections =
            w->opt_int("max_connections", 1, max_web_connections).value_or(web.max_connections);
        w->reject_unknown();
        cfg.web = std::move(web);
    }

    if (auto s = root.table("site")) {
        SiteConfig site;
        site.name = s->string("name", "\"km10\"");
        if (!valid_site_name(site.name))
            s->fail(s->node("name"), "name",
                    fmt::format("expected 1 to {} letters, digits, '-' or '_' (it names MQTT "
                                "topics), e.g. \"km10\", got \"{}\"",
                                max_site_name, site.name));
        s->reject_unknown();
        cfg.site = std::move(site);
    }

    if (auto m = root.table("mqtt")) {
        MqttConfig mqtt;
        auto broker = m->opt_endpoint("broker");
        if (!broker) m->fail(nullptr, "broker", "missing; expected e.g. broker = \"127.0.0.1:1883\"");
        mqtt.broker = *broker;
        mqtt.username = m->opt_string("username");
        mqtt.password = m->opt_string("password");
        if (mqtt.password && !mqtt.username)
            m->fail(m->node("password"), "password", "given without username: add username = \"...\"");
        mqtt.tls_ca = m->opt_string("tls_ca");
        if (mqtt.tls_ca && mqtt.tls_ca->empty())
            m->fail(m->node("tls_ca"), "tls_ca", "is empty: name the broker's CA certificate (PEM) file");
        m->reject_unknown();
        cfg.mqtt = std::move(mqtt);
    }
    if (cfg.site && !cfg.mqtt)
        root.fail(nullptr, "site",
                  "a [site] relays its reads through a broker: add [mqtt] with broker = \"host:port\"");

    if (auto r = root.table("results")) {
        cfg.results.display = r->opt_enum<Resolution>("display", {{"seconds", Resolution::seconds},
                                                                  {"tenths", Resolution::tenths}})
                                  .value_or(cfg.results.display);
        cfg.results.age_grade_table = r->opt_string("age_grade_table");
        cfg.results.age_grade_edition =
            r->opt_int("age_grade_edition", 1900, 2100).value_or(cfg.results.age_grade_edition);
        r->reject_unknown();
    }
    root.reject_unknown();
    return cfg;
}

RaceConfig load_config_file(const std::string& path) {
    const auto text = read_text_file(path);
    if (!text) throw Error(fmt::format("cannot read config '{}': check the path", path));
    return parse_config(*text, path);
}

}  // namespace fl::timing
