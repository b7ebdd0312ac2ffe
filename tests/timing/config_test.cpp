// The race config: the issue's example is accepted as written, and every error names the
// file, the line and the key, and says what was expected.
#include "timing/config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"
#include <date/tz.h>

#include "timing/error.hpp"

namespace fl::timing {
namespace {

using namespace std::chrono_literals;

// Copied verbatim from issue 2: these keys must be accepted exactly as written.
constexpr std::string_view issue_example = R"toml([race]
name = "PyCon 5K Fun Run"
date = "2014-04-12"
timezone = "America/Toronto"

[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"        # scheduled gun; the actual gun is recorded later and wins
rank_by = "gun"           # "gun" or "net"
min_time = "00:10:00"     # earlier finish reads are ignored
  [[events.waves]]        # optional; without waves the event has one start
  name = "A"
  offset = "00:00:00"

[categories]
age_on = "race_day"       # or "year_end"
age_groups = [0, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80]  # lower bounds
award_depth = 3
overall_excluded_from_groups = 3   # top-N overall take no age-group award; 0 = may double up

[[timing_points]]
name = "start"            # role: start | split | finish
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000

[[readers]]
name = "finish-mat"
protocol = "chronotrack"  # chronotrack | raceresult | mylaps | bibscan (more later)
listen = "127.0.0.1:61611" # or connect = "host:port" for devices that are servers
timing_point = "finish"   # or a table mapping device location names to timing points:
# locations = { start = "start", finish = "finish" }

[marshal]
listen = "127.0.0.1:4001"
# token = "pine-otter-lamp-42"  # when set, marshal clients must AUTH (12+ characters, no spaces)
)toml";

// A minimal valid config; tests append to it or replace parts of it.
constexpr std::string_view race_table = R"toml([race]
name = "R"
date = "2014-04-12"
timezone = "America/Toronto"
)toml";
constexpr std::string_view points = R"toml([[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
)toml";
constexpr std::string_view event = R"toml([[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
)toml";

std::string valid_with(std::string_view extra) {
    return fmt::format("{}{}{}{}", race_table, points, event, extra);
}

// The 1-based line of the n-th line holding `needle`.
int line_of(std::string_view text, std::string_view needle, int nth = 1) {
    std::size_t pos = 0;
    for (int i = 0; i < nth; ++i) {
        pos = text.find(needle, i == 0 ? 0 : pos + 1);
        if (pos == std::string_view::npos) {
            ADD_FAILURE() << "test bug: '" << needle << "' not in the config";
            return -1;
        }
    }
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

std::string error_of(std::string_view text) {
    try {
        parse_config(text, "race.toml");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error: the config was accepted)";
}

// The message starts "race.toml:LINE: KEY: " and says `what`.
::testing::AssertionResult rejected(std::string_view text, int line, std::string_view key,
                                    std::string_view what) {
    const auto msg = error_of(text);
    const auto prefix = fmt::format("race.toml:{}: {}: ", line, key);
    if (!msg.starts_with(prefix))
        return ::testing::AssertionFailure() << "expected prefix \"" << prefix << "\" in\n  " << msg;
    if (msg.find(what) == std::string::npos)
        return ::testing::AssertionFailure() << "expected \"" << what << "\" in\n  " << msg;
    return ::testing::AssertionSuccess() << msg;
}

// --- accepted configs ----------------------------------------------------------------------

TEST(Config, IssueExampleIsAcceptedAsWritten) {
    const auto cfg = parse_config(issue_example, "race.toml");
    EXPECT_EQ(cfg.name, "PyCon 5K Fun Run");
    EXPECT_EQ(cfg.date, date::year{2014} / 4 / 12);
    EXPECT_EQ(cfg.timezone, "America/Toronto");

    ASSERT_EQ(cfg.events.size(), 1u);
    const auto& e = cfg.events[0];
    EXPECT_EQ(e.name, "5K");
    EXPECT_EQ(e.distance_m, 5000);
    EXPECT_EQ(e.start, 7h);
    EXPECT_EQ(e.rank_by, RankBy::gun);
    EXPECT_EQ(e.min_time, 10min);
    ASSERT_EQ(e.waves.size(), 1u);
    EXPECT_EQ(e.waves[0].name, "A");
    EXPECT_EQ(e.waves[0].offset, Duration{0});
    EXPECT_EQ(e.id, 0);

    EXPECT_EQ(cfg.categories.age_on, AgeOn::race_day);
    EXPECT_EQ(cfg.categories.age_groups,
              (std::vector<int>{0, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80}));
    EXPECT_EQ(cfg.categories.award_depth, 3);
    EXPECT_EQ(cfg.categories.overall_excluded_from_groups, 3);

    ASSERT_EQ(cfg.timing_points.size(), 2u);
    EXPECT_EQ(cfg.timing_points[0].name, "start");
    EXPECT_EQ(cfg.timing_points[0].role, PointRole::start);
    EXPECT_EQ(cfg.timing_points[0].distance_m, std::nullopt);
    EXPECT_EQ(cfg.timing_points[1].name, "finish");
    EXPECT_EQ(cfg.timing_points[1].role, PointRole::finish);
    EXPECT_EQ(cfg.timing_points[1].distance_m, 5000.0);

    ASSERT_EQ(cfg.readers.size(), 1u);
    const auto& r = cfg.readers[0];
    EXPECT_EQ(r.name, "finish-mat");
    EXPECT_EQ(r.protocol, Protocol::chronotrack);
    ASSERT_TRUE(r.listen);
    EXPECT_EQ(r.listen->host, "127.0.0.1");
    EXPECT_EQ(r.listen->port, 61611);
    EXPECT_FALSE(r.connect);
    EXPECT_EQ(r.timing_point, "finish");
    EXPECT_TRUE(r.locations.empty());

    EXPECT_EQ(cfg.marshal.listen.to_string(), "127.0.0.1:4001");
    EXPECT_EQ(cfg.marshal.token, std::nullopt);
}

TEST(Config, ExampleFileLoads) {
    const auto cfg = load_config_file(FL_SOURCE_DIR "/examples/race.toml");
    ASSERT_EQ(cfg.events.size(), 1u);
    ASSERT_EQ(cfg.events[0].waves.size(), 2u);
    EXPECT_EQ(cfg.events[0].waves[1].offset, 5min);
    EXPECT_EQ(cfg.readers.size(), 2u);
    EXPECT_NE(cfg.find_reader("start-mat"), nullptr);
    EXPECT_EQ(cfg.find_reader("start-mat")->timing_point, "start");
}

// Issue 20: dates, times of day and durations as any TOML user writes them.
constexpr std::string_view native_times = R"toml([race]
name = "Native"
date = 2014-04-12
timezone = "America/Toronto"
[[events]]
name = "Fun Run"
distance_m = 5000
start = 07:00:00
min_time = 00:10:00
start_window = 00:45:00
cutoff = 01:30:00.5
  [[events.waves]]
  name = "A"
  offset = 00:00:00
  [[events.waves]]
  name = "B"
  offset = 00:05:00
[[timing_points]]
name = "finish"
role = "finish"
dedup_window = 00:00:10
[[readers]]
name = "mat"
protocol = "chronotrack"
listen = "127.0.0.1:61611"
timing_point = "finish"
clock_offset = 00:00:01.250
idle_timeout = 00:02:00
poll_interval = 00:00:00.25
)toml";

TEST(Config, NativeTomlDatesTimesAndDurationsAreAccepted) {
    const auto cfg = parse_config(native_times, "race.toml");
    EXPECT_EQ(cfg.date, date::year{2014} / 4 / 12);
    const auto& e = cfg.events[0];
    EXPECT_EQ(e.start, 7h);
    EXPECT_EQ(e.min_time, 10min);
    EXPECT_EQ(e.start_window, 45min);
    EXPECT_EQ(e.cutoff, 1h + 30min + 500ms);
    EXPECT_EQ(e.waves[0].offset, Duration{0});
    EXPECT_EQ(e.waves[1].offset, 5min);
    EXPECT_EQ(cfg.timing_points[0].dedup_window, 10s);
    const auto& r = cfg.readers[0];
    EXPECT_EQ(r.clock_offset, 1250ms);
    EXPECT_EQ(r.idle_timeout, 2min);
    EXPECT_EQ(r.poll_interval, 250ms);
    EXPECT_EQ(cfg.first_gun(), 7h);
}

TEST(Config, NativeAndQuotedFormsMeanTheSame) {
    // Every native value above written in quotes instead gives the same config.
    std::string quoted(native_times);
    for (const auto* v : {"2014-04-12", "07:00:00", "00:10:00", "00:45:00", "01:30:00.5", "00:00:00",
                          "00:05:00", "00:00:10", "00:00:01.250", "00:02:00", "00:00:00.25"}) {
        const auto at = quoted.find(fmt::format("= {}\n", v));
        ASSERT_NE(at, std::string::npos) << v;
        quoted.replace(at, 2 + std::string_view(v).size(), fmt::format("= \"{}\"", v));
    }
    ASSERT_EQ(quoted.find("= 0"), std::string::npos) << quoted;
    const auto a = parse_config(native_times, "race.toml");
    const auto b = parse_config(quoted, "race.toml");
    EXPECT_EQ(a.date, b.date);
    EXPECT_EQ(a.events[0].start, b.events[0].start);
    EXPECT_EQ(a.events[0].min_time, b.events[0].min_time);
    EXPECT_EQ(a.events[0].start_window, b.events[0].start_window);
    EXPECT_EQ(a.events[0].cutoff, b.events[0].cutoff);
    EXPECT_EQ(a.events[0].waves[1].offset, b.events[0].waves[1].offset);
    EXPECT_EQ(a.timing_points[0].dedup_window, b.timing_points[0].dedup_window);
    EXPECT_EQ(a.readers[0].clock_offset, b.readers[0].clock_offset);
    EXPECT_EQ(a.readers[0].idle_timeout, b.readers[0].idle_timeout);
    EXPECT_EQ(a.readers[0].poll_interval, b.readers[0].poll_interval);
}

TEST(Config, ExampleFileUsesNativeDatesAndTimes) {
    const auto text = test::slurp(FL_SOURCE_DIR "/examples/race.toml");
    EXPECT_NE(text.find("date = 2014-04-12\n"), std::string::npos);
    EXPECT_NE(text.find("start = 07:00:00 "), std::string::npos);
    const auto cfg = parse_config(text, "examples/race.toml");
    EXPECT_EQ(cfg.date, date::year{2014} / 4 / 12);
    EXPECT_EQ(cfg.events[0].start, 7h);
    EXPECT_EQ(cfg.events[0].min_time, 10min);
}

TEST(Config, OptionalSectionsTakeDefaults) {
    const auto cfg = parse_config(valid_with(""), "race.toml");
    EXPECT_EQ(cfg.events[0].rank_by, RankBy::gun);
    EXPECT_EQ(cfg.events[0].min_time, Duration{0});
    EXPECT_EQ(cfg.events[0].start_window, 30min);
    EXPECT_EQ(cfg.events[0].cutoff, std::nullopt);
    EXPECT_TRUE(cfg.events[0].waves.empty());
    EXPECT_EQ(cfg.categories.age_groups.front(), 0);
    EXPECT_EQ(cfg.categories.award_depth, 3);
    EXPECT_TRUE(cfg.readers.empty());
    EXPECT_EQ(cfg.marshal.listen.to_string(), "127.0.0.1:4001");
    EXPECT_FALSE(cfg.web.has_value());  // no [web]: no web server
    EXPECT_EQ(cfg.results.display, Resolution::seconds);
}

TEST(Config, EveryOptionalKeyIsRead) {
    const auto cfg = parse_config(valid_with(R"toml(rank_by = "net"
min_time = "0:12:00"
start_window = "0:45:00"
cutoff = "1:30:00"
timing_points = ["start", "finish"]
[[events.waves]]
name = "A"
[[events.waves]]
name = "B"
offset = "0:05:00"
[[timing_points]]
name = "half"
role = "split"
distance_m = 2500
dedup_window = "0:00:10"
[[readers]]
name = "decoder"
protocol = "raceresult"
connect = "192.168.1.50:3601"
locations = { start = "start", finish = "finish" }
clock_offset = "-0:00:01.5"
allow = ["192.168.1.50"]
max_connections = 2
idle_timeout = "0:02:00"
poll_interval = "0:00:01"
[[readers]]
name = "scanner"
protocol = "bibscan"
listen = "0.0.0.0:5000"
[categories]
age_on = "year_end"
age_groups = [0, 40, 50]
award_depth = 5
overall_excluded_from_groups = 0
[marshal]
listen = "[::1]:4002"
token = "secret-token-42"
max_connections = 4
[results]
display = "tenths"
age_grade_table = "factors.csv"
age_grade_edition = 2015
)toml"),
                                  "race.toml");
    const auto& e = cfg.events[0];
    EXPECT_EQ(e.rank_by, RankBy::net);
    EXPECT_EQ(e.min_time, 12min);
    EXPECT_EQ(e.start_window, 45min);
    EXPECT_EQ(e.cutoff, 90min);
    EXPECT_EQ(e.timing_points, (std::vector<std::string>{"start", "finish"}));
    ASSERT_EQ(e.waves.size(), 2u);
    EXPECT_EQ(e.waves[0].offset, Duration{0});
    EXPECT_EQ(e.waves[1].offset, 5min);
    ASSERT_NE(cfg.find_point("half"), nullptr);
    EXPECT_EQ(cfg.find_point("half")->role, PointRole::split);
    EXPECT_EQ(cfg.find_point("half")->dedup_window, 10s);
    const auto* r = cfg.find_reader("decoder");
    ASSERT_NE(r, nullptr);
    ASSERT_TRUE(r->connect);
    EXPECT_EQ(r->connect->to_string(), "192.168.1.50:3601");
    EXPECT_EQ(r->locations.at("finish"), "finish");
    EXPECT_EQ(r->clock_offset, -1500ms);
    EXPECT_EQ(r->allow, std::vector<std::string>{"192.168.1.50"});
    EXPECT_EQ(r->max_connections, 2);
    EXPECT_EQ(r->idle_timeout, 2min);
    EXPECT_EQ(r->poll_interval, 1s);
    ASSERT_NE(cfg.find_reader("scanner"), nullptr);
    EXPECT_EQ(cfg.find_reader("scanner")->timing_point, "");
    EXPECT_EQ(cfg.categories.age_on, AgeOn::year_end);
    EXPECT_EQ(cfg.categories.age_groups, (std::vector<int>{0, 40, 50}));
    EXPECT_EQ(cfg.categories.award_depth, 5);
    EXPECT_EQ(cfg.categories.overall_excluded_from_groups, 0);
    EXPECT_EQ(cfg.marshal.listen.host, "::1");
    EXPECT_EQ(cfg.marshal.listen.port, 4002);
    EXPECT_EQ(cfg.marshal.token, "secret-token-42");
    EXPECT_EQ(cfg.results.display, Resolution::tenths);
    EXPECT_EQ(cfg.results.age_grade_table, "factors.csv");
    EXPECT_EQ(cfg.results.age_grade_edition, 2015);
}

TEST(Config, FirstGunIsTheEarliestEventStart) {
    const auto cfg = parse_config(valid_with(R"toml([[events]]
name = "10K"
distance_m = 10000
start = "06:30:00"
)toml"),
                                  "race.toml");
    EXPECT_EQ(cfg.first_gun(), 6h + 30min);
    EXPECT_EQ(cfg.calendar().zone()->name(), "America/Toronto");
    EXPECT_EQ(cfg.calendar().race_date(), date::year{2014} / 4 / 12);
}

TEST(Config, ParseEndpoint) {
    EXPECT_EQ(parse_endpoint("127.0.0.1:61611")->to_string(), "127.0.0.1:61611");
    EXPECT_EQ(parse_endpoint("decoder.local:3601")->host, "decoder.local");
    EXPECT_EQ(parse_endpoint("[::1]:4001")->host, "::1");
    EXPECT_EQ(parse_endpoint("localhost"), std::nullopt);
    EXPECT_EQ(parse_endpoint(":4001"), std::nullopt);
    EXPECT_EQ(parse_endpoint("127.0.0.1:"), std::nullopt);
    EXPECT_EQ(parse_endpoint("127.0.0.1:70000"), std::nullopt);
    EXPECT_EQ(parse_endpoint("127.0.0.1:40x"), std::nullopt);
    EXPECT_EQ(parse_endpoint("127.0.0.1:-1"), std::nullopt);
}

// --- syntax and the [race] table -----------------------------------------------------------

TEST(ConfigErrors, InvalidTomlNamesFileAndLine) {
    const std::string text = "[race]\nname = \"R\"\ndate = \"2014-04-12\ntimezone = \"UTC\"\n";
    const auto msg = error_of(text);
    EXPECT_TRUE(msg.starts_with("race.toml:3: not valid TOML: ")) << msg;
}

TEST(ConfigErrors, KeyGivenTwiceIsInvalidToml) {
    const std::string text = "[race]\nname = \"R\"\nname = \"S\"\n";
    const auto msg = error_of(text);
    EXPECT_TRUE(msg.starts_with("race.toml:3: not valid TOML: ")) << msg;
}

TEST(ConfigErrors, MissingRaceTable) {
    const auto text = fmt::format("{}{}", points, event);
    EXPECT_TRUE(rejected(text, 1, "race", "missing [race] table with name, date and timezone"));
}

TEST(ConfigErrors, RaceIsNotATable) {
    const auto text = fmt::format("race = \"PyCon\"\n{}{}", points, event);
    EXPECT_TRUE(rejected(text, 1, "race", "expected a [race] table"));
}

TEST(ConfigErrors, MissingRaceName) {
    const auto text = valid_with("").replace(valid_with("").find("name = \"R\"\n"), 11, "");
    EXPECT_TRUE(rejected(text, 1, "race.name", "missing; expected e.g. name = \"PyCon 5K Fun Run\""));
}

TEST(ConfigErrors, EmptyRaceName) {
    auto text = valid_with("");
    text.replace(text.find("name = \"R\""), 10, "name = \"\"");
    EXPECT_TRUE(rejected(text, 2, "race.name", "must not be empty"));
}

TEST(ConfigErrors, RaceNameWrongType) {
    auto text = valid_with("");
    text.replace(text.find("name = \"R\""), 10, "name = 5");
    EXPECT_TRUE(rejected(text, 2, "race.name", "expected a quoted string"));
}

TEST(ConfigErrors, MissingDate) {
    auto text = valid_with("");
    text.replace(text.find("date = \"2014-04-12\"\n"), 20, "");
    EXPECT_TRUE(rejected(text, 1, "race.date", "missing; expected e.g. date = 2014-04-12"));
}

TEST(ConfigErrors, BadDate) {
    auto text = valid_with("");
    text.replace(text.find("2014-04-12"), 10, "2014-02-30");
    EXPECT_TRUE(rejected(text, 3, "race.date", "expected \"YYYY-MM-DD\", got \"2014-02-30\""));
}

TEST(ConfigErrors, DateWithATimeOfDayOrATimeForADate) {
    for (const auto* value : {"2014-04-12T07:00:00", "2014-04-12 07:00:00-04:00", "07:00:00"}) {
        auto text = valid_with("");
        text.replace(text.find("\"2014-04-12\""), 12, value);
        EXPECT_TRUE(rejected(text, 3, "race.date",
                             "expected a date YYYY-MM-DD without a time of day, e.g. 2014-04-12"));
    }
    auto text = valid_with("");
    text.replace(text.find("\"2014-04-12\""), 12, "20140412");
    EXPECT_TRUE(rejected(text, 3, "race.date", "expected a date YYYY-MM-DD, e.g. 2014-04-12"));
}

TEST(ConfigErrors, ImpossibleNativeDatesAndTimesNameTheLine) {
    // TOML itself refuses these; the message still names the file and line.
    const std::pair<std::string, std::string> cases[] = {
        {"\"2014-04-12\"", "2014-02-30"},
        {"\"07:00:00\"", "25:00:00"},
        {"\"07:00:00\"", "07:61:00"},
    };
    for (const auto& [quoted, native] : cases) {
        auto text = valid_with("");
        text.replace(text.find(quoted), quoted.size(), native);
        const auto msg = error_of(text);
        EXPECT_TRUE(msg.starts_with(fmt::format("race.toml:{}: not valid TOML", line_of(text, native))))
            << msg;
    }
}

TEST(ConfigErrors, UnknownTimezone) {
    auto text = valid_with("");
    text.replace(text.find("America/Toronto"), 15, "Mars/Olympus_Mons");
    EXPECT_TRUE(rejected(text, 4, "race.timezone", "unknown time zone 'Mars/Olympus_Mons'"));
}

TEST(ConfigErrors, MissingTimezone) {
    auto text = valid_with("");
    text.replace(text.find("timezone = \"America/Toronto\"\n"), 29, "");
    EXPECT_TRUE(rejected(text, 1, "race.timezone", "missing; expected e.g. timezone ="));
}

TEST(ConfigErrors, UnknownKeyInRace) {
    auto text = valid_with("");
    text.replace(text.find("[race]\n") + 7, 0, "nmae = \"typo\"\n");
    EXPECT_TRUE(rejected(text, 2, "race.nmae", "unknown key"));
}

TEST(ConfigErrors, UnknownTopLevelKey) {
    const auto text = valid_with("colour = \"red\"\n");
    // A bare key after [[events]] belongs to that event, so put it before any table.
    const auto top = fmt::format("colour = \"red\"\n{}", valid_with(""));
    EXPECT_TRUE(rejected(top, 1, "colour", "unknown key (check the spelling"));
    EXPECT_TRUE(rejected(text, line_of(text, "colour"), "events[1].colour", "unknown key"));
}

TEST(ConfigErrors, UnknownTopLevelTable) {
    const auto text = valid_with("[reader]\nname = \"finish-mat\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[reader]"), "reader", "unknown key"));
}

// --- [[events]] and waves --------------------------------------------------------------------

TEST(ConfigErrors, NoEvents) {
    const auto text = fmt::format("{}{}", race_table, points);
    EXPECT_TRUE(rejected(text, 1, "events", "at least one [[events]] table is needed"));
}

TEST(ConfigErrors, EventsWrittenAsASingleTable) {
    const auto text = fmt::format("{}{}[events]\nname = \"5K\"\n", race_table, points);
    EXPECT_TRUE(rejected(text, line_of(text, "[events]"), "events",
                         "expected one or more [[events]] tables"));
}

TEST(ConfigErrors, EventWithoutName) {
    auto text = valid_with("");
    text.replace(text.find("name = \"5K\"\n"), 12, "");
    EXPECT_TRUE(rejected(text, line_of(text, "[[events]]"), "events[1].name", "missing; expected e.g. name = \"5K\""));
}

TEST(ConfigErrors, EventWithoutDistance) {
    auto text = valid_with("");
    text.replace(text.find("distance_m = 5000\n"), 18, "");
    EXPECT_TRUE(rejected(text, line_of(text, "[[events]]"), "events[1].distance_m",
                         "missing; expected e.g. distance_m = 5000"));
}

TEST(ConfigErrors, EventDistanceWrongType) {
    auto text = valid_with("");
    text.replace(text.find("distance_m = 5000"), 17, "distance_m = \"5 km\"");
    EXPECT_TRUE(rejected(text, line_of(text, "distance_m"), "events[1].distance_m", "expected a number"));
}

TEST(ConfigErrors, EventDistanceZero) {
    auto text = valid_with("");
    text.replace(text.find("distance_m = 5000"), 17, "distance_m = 0");
    EXPECT_TRUE(rejected(text, line_of(text, "distance_m"), "events[1].distance_m",
                         "expected a number >= 1, got 0"));
}

TEST(ConfigErrors, EventDistanceNotFinite) {
    for (const char* value : {"nan", "inf", "+inf"}) {
        auto text = valid_with("");
        text.replace(text.find("distance_m = 5000"), 17, fmt::format("distance_m = {}", value));
        EXPECT_TRUE(rejected(text, line_of(text, "distance_m"), "events[1].distance_m", "expected a number"))
            << value;
    }
}

TEST(ConfigErrors, EventWithoutStart) {
    auto text = valid_with("");
    text.replace(text.find("start = \"07:00:00\"\n"), 19, "");
    EXPECT_TRUE(rejected(text, line_of(text, "[[events]]"), "events[1].start",
                         "missing; expected the scheduled gun, e.g. start = 07:00:00"));
}

TEST(ConfigErrors, EventStartNotATimeOfDay) {
    auto text = valid_with("");
    text.replace(text.find("07:00:00"), 8, "25:00:00");
    EXPECT_TRUE(rejected(text, line_of(text, "start ="), "events[1].start",
                         "expected a local time \"HH:MM:SS[.fff]\", got \"25:00:00\""));
}

TEST(ConfigErrors, EventStartWrongType) {
    auto text = valid_with("");
    text.replace(text.find("\"07:00:00\""), 10, "700");
    EXPECT_TRUE(rejected(text, line_of(text, "start ="), "events[1].start",
                         "expected a local time HH:MM:SS[.fff], e.g. 07:00:00"));
}

TEST(ConfigErrors, DateWhereATimeOrDurationBelongs) {
    auto text = valid_with("min_time = 2014-04-12\n");
    EXPECT_TRUE(rejected(text, line_of(text, "min_time"), "events[1].min_time",
                         "expected a duration H:MM:SS[.fff], e.g. 00:05:00, not a date"));
    text = valid_with("");
    text.replace(text.find("\"07:00:00\""), 10, "2014-04-12T07:00:00");
    EXPECT_TRUE(rejected(text, line_of(text, "start ="), "events[1].start",
                         "expected a local time HH:MM:SS[.fff], e.g. 07:00:00, not a date"));
}

TEST(ConfigErrors, BadRankBy) {
    const auto text = valid_with("rank_by = \"chip\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "rank_by"), "events[1].rank_by",
                         "expected \"gun\" or \"net\", got \"chip\""));
}

TEST(ConfigErrors, MalformedMinTime) {
    const auto text = valid_with("min_time = \"10 minutes\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "min_time"), "events[1].min_time",
                         "expected a duration \"H:MM:SS[.fff]\", got \"10 minutes\""));
}

TEST(ConfigErrors, NegativeMinTime) {
    const auto text = valid_with("min_time = \"-0:10:00\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "min_time"), "events[1].min_time", "must not be negative"));
}

TEST(ConfigErrors, NegativeLengthsOfTimeAreRejected) {
    const std::string reader =
        "[[readers]]\nname = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\n"
        "timing_point = \"finish\"\n";
    const std::pair<std::string, std::string> cases[] = {
        {"start_window = \"-0:30:00\"\n", "events[1].start_window"},
        {"cutoff = \"-1:00:00\"\n", "events[1].cutoff"},
        {"[[timing_points]]\nname = \"mat\"\nrole = \"finish\"\ndedup_window = \"-0:00:05\"\n",
         "timing_points[3].dedup_window"},
        {reader + "idle_timeout = \"-0:01:00\"\n", "readers[1].idle_timeout"},
        {reader + "poll_interval = \"-0:00:01\"\n", "readers[1].poll_interval"},
    };
    for (const auto& [extra, key] : cases) {
        const auto text = valid_with(extra);
        EXPECT_TRUE(rejected(text, line_of(text, "\"-"), key, "must not be negative"));
    }
}

TEST(ConfigErrors, NegativeClockOffsetIsAllowed) {
    const auto cfg = parse_config(
        valid_with("[[readers]]\nname = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\n"
                   "timing_point = \"finish\"\nclock_offset = \"-0:00:02\"\n"),
        "race.toml");
    EXPECT_EQ(cfg.readers[0].clock_offset, -2s);
}

TEST(ConfigErrors, MalformedCutoff) {
    const auto text = valid_with("cutoff = \"1h30\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "cutoff"), "events[1].cutoff", "expected a duration"));
}

TEST(ConfigErrors, MalformedStartWindow) {
    const auto text = valid_with("start_window = 30\n");
    EXPECT_TRUE(rejected(text, line_of(text, "start_window"), "events[1].start_window",
                         "expected a duration H:MM:SS[.fff], e.g. 00:05:00"));
}

TEST(ConfigErrors, EventTimingPointsNotAnArray) {
    const auto text = valid_with("timing_points = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "timing_points = "), "events[1].timing_points",
                         "expected an array [ ... ]"));
}

TEST(ConfigErrors, EventTimingPointsNotStrings) {
    const auto text = valid_with("timing_points = [\"start\",\n  2]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "  2]"), "events[1].timing_points",
                         "expected an array of strings"));
}

TEST(ConfigErrors, EventNamesUnknownTimingPoint) {
    const auto text = valid_with("timing_points = [\"start\", \"finsh\"]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "timing_points = "), "events[1].timing_points",
                         "no [[timing_points]] named \"finsh\""));
}

TEST(ConfigErrors, UnknownKeyInEvent) {
    const auto text = valid_with("rankby = \"net\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "rankby"), "events[1].rankby", "unknown key"));
}

TEST(ConfigErrors, DuplicateEventName) {
    const auto text = valid_with(event);
    EXPECT_TRUE(rejected(text, line_of(text, "name = \"5K\"", 2), "events[2].name",
                         "event \"5K\" is defined twice"));
}

TEST(ConfigErrors, WaveWithoutName) {
    const auto text = valid_with("[[events.waves]]\noffset = \"0:05:00\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[events.waves]]"), "events[1].waves[1].name",
                         "missing; expected e.g. name = \"A\""));
}

TEST(ConfigErrors, WaveOffsetMalformed) {
    const auto text = valid_with("[[events.waves]]\nname = \"A\"\noffset = \"5 min\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "offset"), "events[1].waves[1].offset",
                         "expected a duration \"H:MM:SS[.fff]\", got \"5 min\""));
}

TEST(ConfigErrors, WaveOffsetNegative) {
    const auto text = valid_with("[[events.waves]]\nname = \"A\"\noffset = \"-0:05:00\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "offset"), "events[1].waves[1].offset", "must not be negative"));
}

TEST(ConfigErrors, DuplicateWaveName) {
    const auto text = valid_with("[[events.waves]]\nname = \"A\"\n[[events.waves]]\nname = \"A\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "name = \"A\"", 2), "events[1].waves[2].name",
                         "wave \"A\" is defined twice"));
}

TEST(ConfigErrors, UnknownKeyInWave) {
    const auto text = valid_with("[[events.waves]]\nname = \"A\"\nofset = \"0:05:00\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "ofset"), "events[1].waves[1].ofset", "unknown key"));
}

TEST(ConfigErrors, WavesWrittenAsASingleTable) {
    const auto text = valid_with("[events.waves]\nname = \"A\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[events.waves]"), "events[1].waves",
                         "expected one or more [[events.waves]] tables"));
}

// --- [[timing_points]] ---------------------------------------------------------------------

TEST(ConfigErrors, TimingPointWithoutName) {
    const auto text = valid_with("[[timing_points]]\nrole = \"split\"\ndistance_m = 2500\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[timing_points]]", 3), "timing_points[3].name",
                         "missing; expected e.g. name = \"finish\""));
}

TEST(ConfigErrors, TimingPointWithoutRole) {
    const auto text = valid_with("[[timing_points]]\nname = \"half\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[timing_points]]", 3), "timing_points[3].role",
                         "missing; expected role = \"start\", \"split\", \"finish\" or \"lap\""));
}

TEST(ConfigErrors, TimingPointBadRole) {
    const auto text = valid_with("[[timing_points]]\nname = \"half\"\nrole = \"middle\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "middle"), "timing_points[3].role",
                         "expected \"start\" or \"split\" or \"finish\" or \"lap\", got \"middle\""));
}

TEST(ConfigErrors, SplitWithoutDistance) {
    const auto text = valid_with("[[timing_points]]\nname = \"half\"\nrole = \"split\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[timing_points]]", 3), "timing_points[3].distance_m",
                         "a split needs its distance"));
}

TEST(ConfigErrors, TimingPointNegativeDistance) {
    const auto text =
        valid_with("[[timing_points]]\nname = \"half\"\nrole = \"split\"\ndistance_m = -2500\n");
    EXPECT_TRUE(rejected(text, line_of(text, "-2500"), "timing_points[3].distance_m",
                         "expected a number >= 0, got -2500"));
}

TEST(ConfigErrors, TimingPointBadDedupWindow) {
    const auto text = valid_with("[[timing_points]]\nname = \"mat\"\nrole = \"finish\"\ndedup_window = \"5s\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "dedup_window"), "timing_points[3].dedup_window",
                         "expected a duration"));
}

TEST(ConfigErrors, UnknownKeyInTimingPoint) {
    const auto text = valid_with("[[timing_points]]\nname = \"mat\"\nrole = \"finish\"\ndistance = 5000\n");
    EXPECT_TRUE(rejected(text, line_of(text, "distance ="), "timing_points[3].distance", "unknown key"));
}

TEST(ConfigErrors, DuplicateTimingPointName) {
    const auto text = valid_with("[[timing_points]]\nname = \"finish\"\nrole = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "name = \"finish\"", 2), "timing_points[3].name",
                         "timing point \"finish\" is defined twice"));
}

TEST(ConfigErrors, TimingPointsWrittenAsASingleTable) {
    const auto text = fmt::format("{}[timing_points]\nname = \"finish\"\nrole = \"finish\"\n{}",
                                  race_table, event);
    EXPECT_TRUE(rejected(text, line_of(text, "[timing_points]"), "timing_points",
                         "expected one or more [[timing_points]] tables"));
}

// --- [[readers]] ---------------------------------------------------------------------------

std::string with_reader(std::string_view body) {
    return valid_with(fmt::format("[[readers]]\n{}", body));
}

TEST(ConfigErrors, ReaderWithoutName) {
    const auto text = with_reader("protocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[readers]]"), "readers[1].name",
                         "missing; expected e.g. name = \"finish-mat\""));
}

TEST(ConfigErrors, ReaderWithoutProtocol) {
    const auto text = with_reader("name = \"mat\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[readers]]"), "readers[1].protocol",
                         "missing; expected e.g. protocol = \"chronotrack\""));
}

TEST(ConfigErrors, ReaderUnknownProtocol) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrak\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "chronotrak"), "readers[1].protocol",
                         "expected \"chronotrack\", \"raceresult\", \"mylaps\" or \"bibscan\", got \"chronotrak\""));
}

TEST(ConfigErrors, ReaderWithListenAndConnect) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\n"
        "connect = \"10.0.0.5:61611\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[readers]]"), "readers[1].listen",
                         "give exactly one of listen = \"host:port\""));
}

TEST(ConfigErrors, ReaderWithNeitherListenNorConnect) {
    const auto text = with_reader("name = \"mat\"\nprotocol = \"chronotrack\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[readers]]"), "readers[1].listen",
                         "give exactly one of listen = \"host:port\" (the device connects to us) or "
                         "connect = \"host:port\" (we connect to the device)"));
}

TEST(ConfigErrors, RaceResultWithListen) {
    const auto text = with_reader(
        "name = \"decoder\"\nprotocol = \"raceresult\"\nlisten = \"127.0.0.1:3601\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "listen"), "readers[1].listen",
                         "a RACE RESULT decoder is a server: use connect = \"host:3601\""));
}

TEST(ConfigErrors, ChronoTrackWithConnect) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nconnect = \"10.0.0.5:61611\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "connect"), "readers[1].connect",
                         "chronotrack devices connect to us: use listen = \"127.0.0.1:port\""));
}

TEST(ConfigErrors, ReaderEndpointWithoutPort) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"localhost\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "listen"), "readers[1].listen",
                         "expected \"host:port\" such as \"127.0.0.1:61611\", got \"localhost\""));
}

TEST(ConfigErrors, ReaderEndpointPortOutOfRange) {
    const auto text = with_reader(
        "name = \"decoder\"\nprotocol = \"raceresult\"\nconnect = \"10.0.0.5:99999\"\ntiming_point = \"finish\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "connect"), "readers[1].connect",
                         "expected \"host:port\" such as \"127.0.0.1:61611\", got \"10.0.0.5:99999\""));
}

TEST(ConfigErrors, ReaderWithoutTimingPoint) {
    const auto text = with_reader("name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[readers]]"), "readers[1].timing_point",
                         "missing; expected timing_point = \"finish\" or a locations = { ... } table"));
}

TEST(ConfigErrors, ReaderNamesUnknownTimingPoint) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finsh\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "finsh"), "readers[1].timing_point",
                         "no [[timing_points]] named \"finsh\""));
}

TEST(ConfigErrors, ReaderLocationsNameUnknownPoint) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\n"
        "locations = { start = \"start\", finish = \"finsh\" }\n");
    EXPECT_TRUE(rejected(text, line_of(text, "locations"), "readers[1].locations",
                         "no [[timing_points]] named \"finsh\""));
}

TEST(ConfigErrors, ReaderLocationsNotATable) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\nlocations = [\"finish\"]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "locations"), "readers[1].locations",
                         "expected a [readers.locations] table"));
}

TEST(ConfigErrors, ReaderLocationValueNotAString) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\n"
        "[readers.locations]\nstart = \"start\"\nfinish = 2\n");
    EXPECT_TRUE(rejected(text, line_of(text, "finish = 2"), "readers[1].locations.finish",
                         "expected a timing point name"));
}

TEST(ConfigErrors, ReaderBadClockOffset) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n"
        "clock_offset = \"1.5\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "clock_offset"), "readers[1].clock_offset",
                         "expected a duration \"H:MM:SS[.fff]\", got \"1.5\""));
}

TEST(ConfigErrors, ReaderAllowNotStrings) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n"
        "allow = [127]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "allow"), "readers[1].allow", "expected an array of strings"));
}

TEST(ConfigErrors, ReaderMaxConnectionsOutOfRange) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n"
        "max_connections = 0\n");
    EXPECT_TRUE(rejected(text, line_of(text, "max_connections"), "readers[1].max_connections",
                         "expected a whole number from 1 to 1000, got 0"));
}

TEST(ConfigErrors, ReaderMaxConnectionsWrongType) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n"
        "max_connections = \"4\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "max_connections"), "readers[1].max_connections",
                         "expected a whole number"));
}

TEST(ConfigErrors, UnknownKeyInReader) {
    const auto text = with_reader(
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n"
        "timingpoint = \"start\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "timingpoint"), "readers[1].timingpoint", "unknown key"));
}

TEST(ConfigErrors, DuplicateReaderName) {
    const std::string_view body =
        "name = \"mat\"\nprotocol = \"chronotrack\"\nlisten = \"127.0.0.1:61611\"\ntiming_point = \"finish\"\n";
    const auto text = fmt::format("{}[[readers]]\n{}", with_reader(body), body);
    EXPECT_TRUE(rejected(text, line_of(text, "name = \"mat\"", 2), "readers[2].name",
                         "reader \"mat\" is defined twice"));
}

TEST(ConfigErrors, BibScanNeedsNoTimingPoint) {
    const auto cfg = parse_config(with_reader("name = \"scanner\"\nprotocol = \"bibscan\"\nlisten = \"127.0.0.1:5000\"\n"),
                                  "race.toml");
    ASSERT_EQ(cfg.readers.size(), 1u);
    EXPECT_EQ(cfg.readers[0].timing_point, "");
}

// --- [categories] --------------------------------------------------------------------------

TEST(ConfigErrors, CategoriesNotATable) {
    const auto text = fmt::format("categories = 3\n{}", valid_with(""));
    EXPECT_TRUE(rejected(text, 1, "categories", "expected a [categories] table"));
}

TEST(ConfigErrors, BadAgeOn) {
    const auto text = valid_with("[categories]\nage_on = \"birthday\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_on"), "categories.age_on",
                         "expected \"race_day\" or \"year_end\", got \"birthday\""));
}

TEST(ConfigErrors, AgeGroupsNotAnArray) {
    const auto text = valid_with("[categories]\nage_groups = 20\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_groups"), "categories.age_groups", "expected an array"));
}

TEST(ConfigErrors, AgeGroupsNotWholeNumbers) {
    const auto text = valid_with("[categories]\nage_groups = [0, 20.5]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_groups"), "categories.age_groups",
                         "expected whole-number lower bounds, e.g. [0, 15, 20]"));
}

TEST(ConfigErrors, DescendingAgeGroups) {
    const auto text = valid_with("[categories]\nage_groups = [\n  0,\n  40,\n  30,\n]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "30,"), "categories.age_groups",
                         "expected ascending ages from 0 to 120"));
}

TEST(ConfigErrors, RepeatedAgeGroup) {
    const auto text = valid_with("[categories]\nage_groups = [0, 40, 40]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_groups"), "categories.age_groups",
                         "expected ascending ages from 0 to 120"));
}

TEST(ConfigErrors, AgeGroupOutOfRange) {
    const auto text = valid_with("[categories]\nage_groups = [0, 121]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_groups"), "categories.age_groups",
                         "expected ascending ages from 0 to 120"));
}

TEST(ConfigErrors, AgeGroupTooLargeForAnInt) {
    // 2^32 + 20 must not wrap around to a plausible 20.
    const auto text = valid_with("[categories]\nage_groups = [0, 4294967316]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_groups"), "categories.age_groups",
                         "expected ascending ages from 0 to 120"));
}

TEST(ConfigErrors, AwardDepthWrongType) {
    const auto text = valid_with("[categories]\naward_depth = \"3\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "award_depth"), "categories.award_depth", "expected a whole number"));
}

TEST(ConfigErrors, AwardDepthOutOfRange) {
    const auto text = valid_with("[categories]\naward_depth = 101\n");
    EXPECT_TRUE(rejected(text, line_of(text, "award_depth"), "categories.award_depth",
                         "expected a whole number from 0 to 100, got 101"));
}

TEST(ConfigErrors, NegativeOverallExcluded) {
    const auto text = valid_with("[categories]\noverall_excluded_from_groups = -1\n");
    EXPECT_TRUE(rejected(text, line_of(text, "overall_excluded"), "categories.overall_excluded_from_groups",
                         "expected a whole number from 0 to 100, got -1"));
}

TEST(ConfigErrors, UnknownKeyInCategories) {
    const auto text = valid_with("[categories]\naward_dept = 3\n");
    EXPECT_TRUE(rejected(text, line_of(text, "award_dept"), "categories.award_dept", "unknown key"));
}

// --- [marshal] and [results] ---------------------------------------------------------------

TEST(ConfigErrors, MarshalBadListen) {
    const auto text = valid_with("[marshal]\nlisten = \"4001\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "listen"), "marshal.listen",
                         "expected \"host:port\" such as \"127.0.0.1:61611\", got \"4001\""));
}

TEST(ConfigErrors, MarshalEmptyToken) {
    const auto text = valid_with("[marshal]\ntoken = \"\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "token"), "marshal.token",
                         "must not be empty (remove it to allow any client)"));
}

TEST(ConfigErrors, MarshalTokenShorterThan12CharactersIsRefused) {
    const auto text = valid_with("[marshal]\ntoken = \"s3cret-1234\"\n");  // 11 characters
    EXPECT_TRUE(rejected(text, line_of(text, "token"), "marshal.token",
                         "is 11 character(s) long: use at least 12, e.g. four words joined by "
                         "dashes (\"pine-otter-lamp-42\")"));
    EXPECT_NO_THROW(parse_config(valid_with("[marshal]\ntoken = \"s3cret-12345\"\n"), "race.toml"));
}

TEST(ConfigErrors, MarshalTokenWithWhitespaceIsRefused) {
    const auto text = valid_with("[marshal]\ntoken = \"pine otter lamp 42\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "token"), "marshal.token",
                         "contains whitespace: use letters, digits and dashes only, e.g. "
                         "\"pine-otter-lamp-42\""));
}

TEST(ConfigErrors, MarshalTokenWrongType) {
    const auto text = valid_with("[marshal]\ntoken = 1234\n");
    EXPECT_TRUE(rejected(text, line_of(text, "token"), "marshal.token", "expected a quoted string"));
}

TEST(ConfigErrors, UnknownKeyInMarshal) {
    const auto text = valid_with("[marshal]\nport = 4001\n");
    EXPECT_TRUE(rejected(text, line_of(text, "port"), "marshal.port", "unknown key"));
}

// --- [web] ---------------------------------------------------------------------------------

TEST(Config, WebKeysAreRead) {
    const auto cfg = parse_config(valid_with(R"toml([web]
listen = "0.0.0.0:8080"
public_url = "http://192.168.1.10:8080/"
max_connections = 500
)toml"),
                                  "race.toml");
    ASSERT_TRUE(cfg.web);
    EXPECT_EQ(cfg.web->listen.host, "0.0.0.0");
    EXPECT_EQ(cfg.web->listen.port, 8080);
    EXPECT_EQ(cfg.web->public_url, "http://192.168.1.10:8080/");
    EXPECT_EQ(cfg.web->max_connections, 500);
}

TEST(Config, WebPublicUrlDefaultsToTheListenAddress) {
    auto web_of = [](std::string_view listen) {
        return parse_config(valid_with(fmt::format("[web]\nlisten = \"{}\"\n", listen)), "race.toml").web;
    };
    const auto lan = web_of("192.168.1.10:8080");
    ASSERT_TRUE(lan);
    EXPECT_EQ(lan->public_url, "http://192.168.1.10:8080/");
    EXPECT_EQ(lan->max_connections, 20000);
    // Every interface: the address is kept as written (the README says to set public_url).
    EXPECT_EQ(web_of("0.0.0.0:80")->public_url, "http://0.0.0.0:80/");
    // An IPv6 host goes in brackets in a URL (RFC 3986 3.2.2).
    EXPECT_EQ(web_of("[::]:8080")->public_url, "http://[::]:8080/");
    EXPECT_EQ(web_of("[fe80::1]:8080")->public_url, "http://[fe80::1]:8080/");
    EXPECT_EQ(web_of("results.local:8080")->public_url, "http://results.local:8080/");
}

TEST(Config, WebAcceptsHttpsPublicUrlAndTheConnectionBounds) {
    EXPECT_EQ(parse_config(valid_with("[web]\nlisten = \"0.0.0.0:8080\"\n"
                                      "public_url = \"https://results.example.org/race\"\n"),
                           "race.toml")
                  .web->public_url,
              "https://results.example.org/race");
    EXPECT_EQ(parse_config(valid_with("[web]\nlisten = \"0.0.0.0:8080\"\nmax_connections = 1\n"),
                           "race.toml")
                  .web->max_connections,
              1);
    EXPECT_EQ(parse_config(valid_with("[web]\nlisten = \"0.0.0.0:8080\"\nmax_connections = 1000000\n"),
                           "race.toml")
                  .web->max_connections,
              1000000);
}

TEST(ConfigErrors, WebWithoutListen) {
    const auto text = valid_with("[web]\nmax_connections = 100\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[web]"), "web.listen",
                         "missing; expected e.g. listen = \"0.0.0.0:8080\""));
}

TEST(ConfigErrors, WebBadListen) {
    const auto text = valid_with("[web]\nlisten = \"8080\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "listen"), "web.listen",
                         "expected \"host:port\" such as \"127.0.0.1:61611\", got \"8080\""));
}

TEST(ConfigErrors, WebPublicUrlWithoutScheme) {
    const auto text = valid_with("[web]\nlisten = \"0.0.0.0:8080\"\npublic_url = \"192.168.1.10:8080\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "public_url"), "web.public_url",
                         "expected the address phones open, starting http:// or https://, e.g. "
                         "\"http://192.168.1.10:8080/\", got \"192.168.1.10:8080\""));
}

TEST(ConfigErrors, WebPublicUrlWithoutHostOrWithASpace) {
    for (const auto* bad : {"http://", "https:///results", "http://:8080/", "http://venue lan:8080/",
                            "ftp://192.168.1.10/", ""}) {
        const auto text = valid_with(
            fmt::format("[web]\nlisten = \"0.0.0.0:8080\"\npublic_url = \"{}\"\n", bad));
        EXPECT_TRUE(rejected(text, line_of(text, "public_url"), "web.public_url",
                             fmt::format("starting http:// or https://, e.g. "
                                         "\"http://192.168.1.10:8080/\", got \"{}\"",
                                         bad)))
            << bad;
    }
}

TEST(ConfigErrors, WebPublicUrlWrongType) {
    const auto text = valid_with("[web]\nlisten = \"0.0.0.0:8080\"\npublic_url = 8080\n");
    EXPECT_TRUE(rejected(text, line_of(text, "public_url"), "web.public_url", "expected a quoted string"));
}

TEST(ConfigErrors, WebMaxConnectionsOutOfRange) {
    for (const auto* bad : {"0", "1000001", "-5"}) {
        const auto text = valid_with(
            fmt::format("[web]\nlisten = \"0.0.0.0:8080\"\nmax_connections = {}\n", bad));
        EXPECT_TRUE(rejected(text, line_of(text, "max_connections"), "web.max_connections",
                             fmt::format("expected a whole number from 1 to 1000000, got {}", bad)))
            << bad;
    }
    const auto text = valid_with("[web]\nlisten = \"0.0.0.0:8080\"\nmax_connections = \"lots\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "max_connections"), "web.max_connections",
                         "expected a whole number"));
}

TEST(ConfigErrors, UnknownKeyInWeb) {
    const auto text = valid_with("[web]\nlisten = \"0.0.0.0:8080\"\nport = 8080\n");
    EXPECT_TRUE(rejected(text, line_of(text, "port"), "web.port", "unknown key"));
}

TEST(ConfigErrors, WebWrittenAsAnArrayOfTables) {
    const auto text = valid_with("[[web]]\nlisten = \"0.0.0.0:8080\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[web]]"), "web", "expected a [web] table"));
}

TEST(ConfigErrors, BadResultsDisplay) {
    const auto text = valid_with("[results]\ndisplay = \"hundredths\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "display"), "results.display",
                         "expected \"seconds\" or \"tenths\", got \"hundredths\""));
}

TEST(ConfigErrors, AgeGradeEditionOutOfRange) {
    const auto text = valid_with("[results]\nage_grade_edition = 20\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_grade_edition"), "results.age_grade_edition",
                         "expected a whole number from 1900 to 2100, got 20"));
}

TEST(ConfigErrors, UnknownKeyInResults) {
    const auto text = valid_with("[results]\nage_grading = true\n");
    EXPECT_TRUE(rejected(text, line_of(text, "age_grading"), "results.age_grading", "unknown key"));
}

// --- files ---------------------------------------------------------------------------------

TEST(ConfigFile, MissingFileSaysCheckThePath) {
    test::TempDir dir;
    try {
        load_config_file(dir.file("nope.toml"));
        FAIL() << "expected timing::Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot read config '" + dir.file("nope.toml") + "'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ConfigFile, MessagesNameTheFilePath) {
    test::TempDir dir;
    const auto path = dir.write("race.toml", valid_with("rank_by = \"chip\"\n"));
    try {
        load_config_file(path);
        FAIL() << "expected timing::Error";
    } catch (const Error& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with(path + ":15: events[1].rank_by: ")) << e.what();
    }
}


// --- [site], [mqtt] (issue 15) -----------------------------------------------------------

TEST(Config, SiteAndMqttKeysAreRead) {
    const auto cfg = parse_config(valid_with(R"toml([site]
name = "km10"
[mqtt]
broker = "broker.example.org:8883"
username = "km10"
password = "s3cret-pass"
tls_ca = "/etc/ssl/certs/ISRG_Root_X1.pem"
)toml"),
                                  "race.toml");
    ASSERT_TRUE(cfg.site);
    EXPECT_EQ(cfg.site->name, "km10");
    ASSERT_TRUE(cfg.mqtt);
    EXPECT_EQ(cfg.mqtt->broker.host, "broker.example.org");
    EXPECT_EQ(cfg.mqtt->broker.port, 8883);
    EXPECT_EQ(cfg.mqtt->username, "km10");
    EXPECT_EQ(cfg.mqtt->password, "s3cret-pass");
    EXPECT_EQ(cfg.mqtt->tls_ca, "/etc/ssl/certs/ISRG_Root_X1.pem");
}

TEST(Config, MqttAloneIsTheFinishAndNeedsOnlyTheBroker) {
    const auto cfg = parse_config(valid_with("[mqtt]\nbroker = \"127.0.0.1:1883\"\n"), "race.toml");
    EXPECT_FALSE(cfg.site);
    ASSERT_TRUE(cfg.mqtt);
    EXPECT_FALSE(cfg.mqtt->username);
    EXPECT_FALSE(cfg.mqtt->password);
    EXPECT_FALSE(cfg.mqtt->tls_ca);
    EXPECT_FALSE(parse_config(valid_with(""), "race.toml").mqtt);  // no [mqtt]: no relay
}

TEST(ConfigErrors, SiteWithoutMqtt) {
    const auto msg = error_of(valid_with("[site]\nname = \"km10\"\n"));
    EXPECT_NE(msg.find("a [site] relays its reads through a broker: add [mqtt] with broker = \"host:port\""),
              std::string::npos)
        << msg;
}

TEST(ConfigErrors, SiteNameMustBeUsableInATopic) {
    for (const auto* bad : {"km 10", "km/10", "km+", "#"}) {
        const auto text = valid_with(fmt::format("[site]\nname = \"{}\"\n[mqtt]\nbroker = \"h:1883\"\n", bad));
        EXPECT_TRUE(rejected(text, line_of(text, "name = \"" + std::string(bad) + "\""), "site.name",
                             "expected 1 to 32 letters, digits, '-' or '_' (it names MQTT topics)"))
            << bad;
    }
    auto empty = valid_with("[site]\nname = \"\"\n[mqtt]\nbroker = \"h:1883\"\n");
    EXPECT_TRUE(rejected(empty, line_of(empty, "name = \"\""), "site.name", "must not be empty"));
    const auto long_name = std::string(33, 'k');
    const auto text = valid_with(fmt::format("[site]\nname = \"{}\"\n[mqtt]\nbroker = \"h:1883\"\n", long_name));
    EXPECT_TRUE(rejected(text, line_of(text, long_name), "site.name", "expected 1 to 32"));
}

TEST(ConfigErrors, MqttKeys) {
    auto text = valid_with("[mqtt]\nusername = \"u\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[mqtt]"), "mqtt.broker",
                         "missing; expected e.g. broker = \"127.0.0.1:1883\""));
    text = valid_with("[mqtt]\nbroker = \"1883\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "broker"), "mqtt.broker", "expected \"host:port\""));
    text = valid_with("[mqtt]\nbroker = \"h:1883\"\npassword = \"p\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "password"), "mqtt.password",
                         "given without username: add username = \"...\""));
    text = valid_with("[mqtt]\nbroker = \"h:1883\"\ntls_ca = \"\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "tls_ca"), "mqtt.tls_ca", "is empty"));
    text = valid_with("[mqtt]\nbroker = \"h:1883\"\nqos = 2\n");
    EXPECT_TRUE(rejected(text, line_of(text, "qos"), "mqtt.qos", "unknown key"));
    text = valid_with("[site]\nname = \"km10\"\nreaders = 2\n[mqtt]\nbroker = \"h:1883\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "readers = 2"), "site.readers", "unknown key"));
}

// --- [[teams]] (issue 17) -----------------------------------------------------------------

TEST(Config, TeamsTakeTheOnlyEventAndDefaults) {
    const auto cfg = parse_config(valid_with("[[teams]]\n[[teams]]\nname = \"Women\"\nscoring = \"time\"\nsize = 3\n"
                                             "min_women = 3\n[[teams]]\nname = \"XC\"\ndisplacers = 2\n"),
                                  "race.toml");
    ASSERT_EQ(cfg.teams.size(), 3u);
    EXPECT_EQ(cfg.teams[0].name, "5K teams");
    EXPECT_EQ(cfg.teams[0].event, "5K");
    EXPECT_EQ(cfg.teams[0].scoring, TeamScoring::places);
    EXPECT_EQ(cfg.teams[0].size, 5);
    EXPECT_FALSE(cfg.teams[0].displacers);
    EXPECT_EQ(cfg.teams[1].scoring, TeamScoring::time);
    EXPECT_EQ(cfg.teams[1].size, 3);
    EXPECT_EQ(cfg.teams[1].min_women, 3);
    EXPECT_EQ(cfg.teams[2].displacers, 2);
}

TEST(ConfigErrors, TeamKeys) {
    const std::string two_events = std::string(event) + "[[events]]\nname = \"10K\"\ndistance_m = 10000\nstart = \"08:00:00\"\n";
    auto text = fmt::format("{}{}{}[[teams]]\nsize = 3\n", race_table, points, two_events);
    EXPECT_TRUE(rejected(text, line_of(text, "[[teams]]"), "teams[1].event",
                         "missing: the race has 2 events; name the one scored, e.g. event = \"5K\""));
    text = valid_with("[[teams]]\nevent = \"5k\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "event = \"5k\""), "teams[1].event",
                         "no [[events]] named \"5k\" (the events are \"5K\")"));
    text = valid_with("[[teams]]\nscoring = \"points\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "scoring"), "teams[1].scoring",
                         "expected \"places\" or \"time\" or \"nth\", got \"points\""));
    text = valid_with("[[teams]]\nsize = 0\n");
    EXPECT_TRUE(rejected(text, line_of(text, "size"), "teams[1].size", "expected a whole number from 1 to 1000"));
    text = valid_with("[[teams]]\nscoring = \"time\"\ndisplacers = 2\n");
    EXPECT_TRUE(rejected(text, line_of(text, "displacers"), "teams[1].displacers",
                         "only places scoring has displacers"));
    text = valid_with("[[teams]]\nsize = 4\nmin_women = 3\nmin_men = 2\n");
    EXPECT_TRUE(rejected(text, line_of(text, "min_men"), "teams[1].min_men",
                         "min_women + min_men is 5, more than the 4 scorers of size"));
    text = valid_with("[[teams]]\n[[teams]]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "[[teams]]", 2), "teams[2].name",
                         "two [[teams]] tables are named \"5K teams\": give each its own name"));
    text = valid_with("[[teams]]\nminimum = 3\n");
    EXPECT_TRUE(rejected(text, line_of(text, "minimum"), "teams[1].minimum", "unknown key"));
}

// README "Laps and fixed-time races": type = "laps" and its keys.
std::string lap_event(std::string_view keys) {
    return fmt::format("{}{}[[events]]\nname = \"6h\"\ntype = \"laps\"\nstart = \"07:00:00\"\n{}", race_table, points, keys);
}

TEST(Config, ALapRaceTakesItsKeysAndDefaults) {
    auto cfg = parse_config(lap_event("time_limit = \"06:00:00\"\n"), "race.toml");
    const auto& e = cfg.events.at(0);
    EXPECT_EQ(e.type, EventType::laps);
    EXPECT_EQ(e.distance_m, 0);  // a lap's length may be left out
    EXPECT_FALSE(e.laps);
    EXPECT_EQ(e.time_limit, std::chrono::hours{6});
    EXPECT_EQ(e.min_lap_time, std::chrono::minutes{1});
    EXPECT_FALSE(e.lapped_continue);
    cfg = parse_config(lap_event("distance_m = 400\nlaps = 25\nmin_lap_time = \"00:00:50\"\nlapped_continue = true\n") +
                           "[[timing_points]]\nname = \"line\"\nrole = \"lap\"\n",
                       "race.toml");
    EXPECT_EQ(cfg.events.at(0).laps, 25);
    EXPECT_EQ(cfg.events.at(0).min_lap_time, std::chrono::seconds{50});
    EXPECT_TRUE(cfg.events.at(0).lapped_continue);
    EXPECT_EQ(cfg.timing_points.back().role, PointRole::lap);
    EXPECT_EQ(parse_config(valid_with(""), "race.toml").events.at(0).type, EventType::run);
    // A backyard ultra: 1-hour loops unless told otherwise.
    auto backyard = lap_event("");
    backyard.replace(backyard.find("\"laps\""), 6, "\"backyard\"");
    cfg = parse_config(backyard, "race.toml");
    EXPECT_EQ(cfg.events.at(0).type, EventType::backyard);
    EXPECT_EQ(cfg.events.at(0).interval, std::chrono::hours{1});
    EXPECT_EQ(parse_config(backyard + "interval = \"00:30:00\"\n", "race.toml").events.at(0).interval, std::chrono::minutes{30});
}

TEST(ConfigErrors, LapKeys) {
    auto text = lap_event("");
    EXPECT_TRUE(rejected(text, line_of(text, "name = \"6h\"") - 1, "events[1].laps",
                         "a lap race ends at a number of laps or a time limit: give laps = 10 or time_limit"));
    text = lap_event("laps = 0\n");
    EXPECT_TRUE(rejected(text, line_of(text, "laps = 0"), "events[1].laps", "expected a whole number from 1 to 100000"));
    text = valid_with("laps = 10\n");
    EXPECT_TRUE(rejected(text, line_of(text, "laps = 10"), "events[1].laps",
                         "only a lap race has it: add type = \"laps\" to the event"));
    text = valid_with("lapped_continue = true\n");
    EXPECT_TRUE(rejected(text, line_of(text, "lapped_continue"), "events[1].lapped_continue", "only a lap race has it"));
    text = lap_event("laps = 3\nlapped_continue = \"yes\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "lapped_continue"), "events[1].lapped_continue", "expected true or false"));
    text = lap_event("laps = 3\ntiming_points = [\"start\"]\n");
    EXPECT_TRUE(rejected(text, line_of(text, "type = "), "events[1].type",
                         "a lap race needs a timing point where laps are counted: add [[timing_points]] with role = \"lap\""));
    text = fmt::format("{}{}", valid_with(""), "[[events]]\nname = \"R2\"\ntype = \"relay\"\ndistance_m = 1\nstart = \"07:00:00\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "type = "), "events[2].type",
                         "expected \"run\" or \"laps\" or \"backyard\", got \"relay\""));
    text = valid_with("interval = \"01:00:00\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "interval"), "events[1].interval", "only a backyard ultra has it"));
    text = valid_with("min_lap_time = \"00:01:00\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "min_lap_time"), "events[1].min_lap_time",
                         "only a lap race or a backyard ultra has it"));
    text = lap_event("").replace(lap_event("").find("\"laps\""), 6, "\"backyard\"") + "interval = \"00:00:30\"\n";
    EXPECT_TRUE(rejected(text, line_of(text, "interval"), "events[1].interval", "must be longer than min_lap_time (0:01:00)"));
    text = lap_event("").replace(lap_event("").find("\"laps\""), 6, "\"backyard\"") + "laps = 3\n";
    EXPECT_TRUE(rejected(text, line_of(text, "laps = 3"), "events[1].laps", "only a lap race has it"));
    text = valid_with("[[timing_points]]\nname = \"x\"\nrole = \"loop\"\n");
    EXPECT_TRUE(rejected(text, line_of(text, "role = \"loop\""), "timing_points[3].role",
                         "expected \"start\" or \"split\" or \"finish\" or \"lap\", got \"loop\""));
}

}  // namespace
}  // namespace fl::timing
