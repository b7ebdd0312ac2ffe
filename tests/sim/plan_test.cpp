#include <algorithm>
#include <bit>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tools/sim/error.hpp"
#include "tools/sim/plan.hpp"
#include "tools/sim/record_stream.hpp"

namespace fl::sim {
namespace {

using namespace std::chrono_literals;
using std::chrono::minutes;
using std::chrono::seconds;

std::vector<timing::Participant> people_for(const timing::RaceConfig& cfg, int n, std::uint64_t seed = 1) {
    RosterOptions ro;
    ro.count = n;
    ro.seed = seed;
    return generate_participants(cfg, ro);
}

void expect_same(const Plan& a, const Plan& b) {
    ASSERT_EQ(a.crossings.size(), b.crossings.size());
    for (std::size_t i = 0; i < a.crossings.size(); ++i) {
        const auto &x = a.crossings[i], &y = b.crossings[i];
        ASSERT_EQ(std::tie(x.time, x.runner, x.point, x.span_ms, x.read_mask, x.seed),
                  std::tie(y.time, y.runner, y.point, y.span_ms, y.read_mask, y.seed))
            << i;
    }
    ASSERT_EQ(a.runners.size(), b.runners.size());
    for (std::size_t i = 0; i < a.runners.size(); ++i) {
        EXPECT_EQ(a.runners[i].start, b.runners[i].start);
        EXPECT_EQ(a.runners[i].finish, b.runners[i].finish);
    }
    EXPECT_EQ(a.chips, b.chips);
}

TEST(Plan, SameSeedSamePlanAndSameReads) {
    const auto cfg = test::example_config();
    const auto people = people_for(cfg, 400);
    const auto a = build_plan(cfg, people, {}), b = build_plan(cfg, people, {});
    expect_same(a, b);
    std::vector<Read> ra, rb;
    for (const auto& c : a.crossings) a.expand(c, ra);
    for (const auto& c : b.crossings) b.expand(c, rb);
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i)
        ASSERT_TRUE(ra[i].time == rb[i].time && ra[i].chip == rb[i].chip && ra[i].rssi == rb[i].rssi) << i;
    PlanOptions other;
    other.seed = 2;
    EXPECT_NE(build_plan(cfg, people, other).runners[0].finish, a.runners[0].finish);
}

TEST(Plan, FiveKTimesAreFifteenToSixtyMinutesCentredAroundHalfAnHour) {
    const auto cfg = test::example_config();
    const auto plan = build_plan(cfg, people_for(cfg, 3000), {});
    std::vector<Duration> nets;
    for (const auto& r : plan.runners) {
        if (r.outcome != Outcome::finished) continue;
        ASSERT_TRUE(r.finish);
        const auto net = *r.net();
        ASSERT_GE(net, minutes(15) - 10ms) << r.bib;
        ASSERT_LE(net, minutes(60) + 10ms) << r.bib;
        nets.push_back(net);
    }
    std::sort(nets.begin(), nets.end());
    const auto median = nets[nets.size() / 2];
    EXPECT_GT(median, minutes(25));
    EXPECT_LT(median, minutes(40));
    EXPECT_LT(nets[nets.size() / 20], minutes(25));       // a fast front
    EXPECT_GT(nets[nets.size() * 19 / 20], minutes(42));  // walkers at the back
}

TEST(Plan, RunnersCrossTheStartSecondsToMinutesAfterTheirWavesGun) {
    const auto cfg = test::example_config();
    const auto plan = build_plan(cfg, people_for(cfg, 1000), {});
    EXPECT_EQ(plan.wave_gun(0, 1) - plan.wave_gun(0, 0), minutes(5));
    Duration longest{0};
    for (const auto& r : plan.runners) {
        const auto delay = r.start - plan.wave_gun(r.event, r.wave);
        ASSERT_GE(delay, seconds(2)) << r.bib;
        longest = std::max(longest, delay);
    }
    EXPECT_GT(longest, minutes(1));   // the back of a 500-runner wave
    EXPECT_LT(longest, minutes(3));
}

TEST(Plan, EachRunnersCrossingsFollowTheCourseInTimeOrder) {
    const auto cfg = test::ten_k_config();
    const auto plan = build_plan(cfg, people_for(cfg, 800), {});
    std::map<std::uint32_t, std::vector<const Crossing*>> by_runner;
    for (const auto& c : plan.crossings)
        if (c.runner != no_runner) by_runner[c.runner].push_back(&c);
    const std::map<std::uint16_t, double> distance{{0, 0}, {1, 5000}, {2, 10000}};
    int complete = 0;
    for (auto& [runner, cs] : by_runner) {
        std::sort(cs.begin(), cs.end(), [&](auto a, auto b) { return distance.at(a->point) < distance.at(b->point); });
        for (std::size_t k = 1; k < cs.size(); ++k) ASSERT_LT(cs[k - 1]->time, cs[k]->time) << plan.runners[runner].bib;
        ASSERT_EQ(cs.front()->point, 0) << "every starter crosses the start mat first";
        EXPECT_EQ(cs.front()->time, plan.runners[runner].start);
        if (cs.size() == 3) {
            ++complete;
            EXPECT_EQ(cs.back()->time, *plan.runners[runner].finish);
        }
    }
    EXPECT_GT(complete, 700);
}

TEST(Plan, NoShowsHaveNoCrossingsAndDropoutsNoFinish) {
    const auto cfg = test::ten_k_config();
    PlanOptions o;
    o.dns = 0.05;
    o.dnf = 0.05;
    o.stray = 0;
    const auto plan = build_plan(cfg, people_for(cfg, 4000), o);
    std::map<std::uint32_t, std::set<std::uint16_t>> points;
    for (const auto& c : plan.crossings) points[c.runner].insert(c.point);
    int dns = 0, dnf = 0;
    for (std::uint32_t i = 0; i < plan.runners.size(); ++i) {
        const auto& r = plan.runners[i];
        if (r.outcome == Outcome::dns) {
            ++dns;
            EXPECT_FALSE(points.count(i)) << r.bib;
        } else if (r.outcome == Outcome::dnf) {
            ++dnf;
            EXPECT_FALSE(r.finish);
            EXPECT_FALSE(points[i].count(2)) << r.bib;
            EXPECT_TRUE(points[i].count(0)) << r.bib;
        } else {
            EXPECT_EQ(points[i].size(), 3u) << r.bib;
        }
    }
    EXPECT_NEAR(dns / 4000.0, 0.05, 0.015);
    EXPECT_NEAR(dnf / 4000.0, 0.05, 0.015);
}

TEST(Plan, EachCrossingGivesFiveToFiftyReadsPerChipAroundOnePeak) {
    const auto cfg = test::example_config();
    const auto plan = build_plan(cfg, people_for(cfg, 600), {});
    std::vector<Read> reads;
    std::map<int, int> sizes;
    for (const auto& c : plan.crossings) {
        reads.clear();
        plan.expand(c, reads);
        ASSERT_EQ(static_cast<int>(reads.size()), plan.read_count(c));
        std::map<std::uint32_t, std::vector<Read>> per_chip;
        for (const auto& r : reads) per_chip[r.chip].push_back(r);
        ASSERT_EQ(per_chip.size(), static_cast<std::size_t>(std::popcount(c.read_mask)));
        for (const auto& [chip, rs] : per_chip) {
            ASSERT_GE(rs.size(), 5u);
            ASSERT_LE(rs.size(), 50u);
            ++sizes[static_cast<int>(rs.size())];
            ASSERT_EQ(std::count_if(rs.begin(), rs.end(), [](const Read& r) { return r.peak; }), 1);
            const auto peak = *std::find_if(rs.begin(), rs.end(), [](const Read& r) { return r.peak; });
            std::set<Instant> times;
            for (const auto& r : rs) EXPECT_TRUE(times.insert(r.time).second) << "one read a millisecond per chip";
            for (const auto& r : rs) {
                ASSERT_GE(r.rssi, -70);
                ASSERT_LE(r.rssi, -50);
                ASSERT_LE(r.rssi, peak.rssi);
                ASSERT_GE(r.hits, 1);
                ASSERT_GE(r.antenna, 1);
                ASSERT_LE(r.antenna, 4);
                ASSERT_GE(r.time, c.window_start());
                ASSERT_LE(r.time, c.window_end());
            }
            // Scoring takes the last start read and the first finish read: the crossing time.
            const auto first = std::min_element(rs.begin(), rs.end(), [](auto& a, auto& b) { return a.time < b.time; })->time;
            const auto last = std::max_element(rs.begin(), rs.end(), [](auto& a, auto& b) { return a.time < b.time; })->time;
            EXPECT_EQ(c.leads_up ? last : first, c.time);
            ASSERT_LT(c.window_end() - c.window_start(), cfg.timing_points[c.point].dedup_window);
        }
    }
    EXPECT_GT(sizes.size(), 30u) << "read counts spread over the range";
}

TEST(Plan, PeakOnlyGivesOneReadPerChipAtTheCrossingTime) {
    const auto plan = test::example_plan(100);
    std::vector<Read> reads;
    for (const auto& c : plan->crossings) {
        reads.clear();
        plan->expand(c, reads, true);
        ASSERT_EQ(static_cast<int>(reads.size()), std::popcount(c.read_mask));
        for (const auto& r : reads) {
            EXPECT_EQ(r.time, c.time);
            EXPECT_GT(r.hits, 5);
        }
    }
}

TEST(Plan, AboutHalfAPercentOfChipCrossingsAreMissed) {
    const auto cfg = test::example_config();
    const auto plan = build_plan(cfg, people_for(cfg, 30000, 11), {});
    long chips = 0, missed = 0;
    for (const auto& c : plan.crossings) {
        if (c.runner == no_runner) continue;
        for (int i = 0; i < c.chip_count; ++i) {
            ++chips;
            missed += !(c.read_mask & (1u << i));
        }
    }
    ASSERT_GT(chips, 70000);
    // 0.5 % of ~77,000 is ~390 with a standard deviation of ~20.
    EXPECT_NEAR(static_cast<double>(missed) / static_cast<double>(chips), 0.005, 0.0012);
}

TEST(Plan, StrayTagsAreUnknownChipsAtAboutTheRequestedRate) {
    const auto cfg = test::example_config();
    const auto people = people_for(cfg, 2000);
    const auto plan = build_plan(cfg, people, {});
    std::set<std::string> known;
    for (const auto& p : people) known.insert(p.chips.begin(), p.chips.end());
    long runner_crossings = 0, strays = 0;
    for (const auto& c : plan.crossings) {
        if (c.runner != no_runner) {
            ++runner_crossings;
            continue;
        }
        ++strays;
        EXPECT_TRUE(plan.is_stray(c.chips[0]));
        EXPECT_FALSE(known.count(plan.chips[c.chips[0]])) << plan.chips[c.chips[0]];
        EXPECT_GE(c.time, plan.begin);
        EXPECT_LE(c.time, plan.end);
    }
    EXPECT_NEAR(static_cast<double>(strays), 0.01 * static_cast<double>(runner_crossings), 1);
}

TEST(Plan, ExactlyOneGunMarkerAtTheStartMatForTheEvent) {
    const auto plan = test::example_plan(10);
    ASSERT_EQ(plan->guns.size(), 1u);
    EXPECT_EQ(plan->guns[0].point, *plan->point_index("start"));
    EXPECT_EQ(plan->guns[0].time, plan->event_guns[0]);
    EXPECT_EQ(plan->config.calendar().local_time(plan->guns[0].time), "07:00:00.000");
}

TEST(Plan, GunDelayMovesTheActualGunAndEveryoneWithIt) {
    PlanOptions o;
    o.gun_delay_max = seconds(90);
    const auto plan = test::example_plan(50, o);
    const auto scheduled = plan->config.calendar().at_local(std::chrono::hours(7));
    EXPECT_GE(plan->event_guns[0], scheduled);
    EXPECT_LE(plan->event_guns[0], scheduled + seconds(90));
    for (const auto& r : plan->runners) EXPECT_GT(r.start, plan->wave_gun(r.event, r.wave));
}

TEST(Plan, BadParticipantsAndOptionsAreExplained) {
    const auto cfg = test::example_config();
    auto people = people_for(cfg, 3);
    people[1].wave = "Z";
    EXPECT_THROW(build_plan(cfg, people, {}), Error);
    people = people_for(cfg, 3);
    people[2].chips = people[0].chips;
    try {
        build_plan(cfg, people, {});
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("chip"), std::string::npos) << e.what();
    }
    PlanOptions o;
    o.reads_min = 10;
    o.reads_max = 5;
    EXPECT_THROW(build_plan(cfg, people_for(cfg, 3), o), Error);
}

TEST(RecordStream, MergesPointsInTimeOrderNumberedFromOne) {
    auto plan = test::example_plan(300);
    StreamOptions so;
    so.new_locations = true;
    RecordStream stream(plan, so);
    std::int64_t expected = 0;
    std::vector<Read> scratch;
    for (const auto& c : plan->crossings) expected += plan->read_count(c);
    expected += static_cast<std::int64_t>(plan->guns.size()) + 2;  // + a new-location marker per point
    EXPECT_EQ(stream.total(), expected);
    std::int64_t n = 0;
    Instant last{};
    std::set<std::uint16_t> announced;
    std::vector<Record> records;
    while (const auto* r = stream.peek()) {
        ++n;
        ASSERT_EQ(r->seq, n);
        ASSERT_GE(r->read.time, last);
        last = r->read.time;
        if (r->kind == RecordKind::new_location) {
            EXPECT_TRUE(announced.insert(r->read.point).second);
        } else {
            ASSERT_TRUE(announced.count(r->read.point)) << "marker before the point's first record";
        }
        records.push_back(*r);
        stream.pop();
    }
    EXPECT_EQ(n, expected);
    EXPECT_EQ(records[1].kind, RecordKind::gun);

    // Seeking back replays the same records under the same numbers.
    stream.seek(1000);
    for (std::int64_t s = 1000; s < 1100; ++s) {
        const auto* r = stream.peek();
        ASSERT_EQ(r->seq, s);
        EXPECT_EQ(r->read.time, records[static_cast<std::size_t>(s - 1)].read.time);
        EXPECT_EQ(r->read.chip, records[static_cast<std::size_t>(s - 1)].read.chip);
        stream.pop();
    }
}

TEST(RecordStream, CoversOnlyItsPoints) {
    auto plan = test::example_plan(100);
    StreamOptions so;
    so.points = {*plan->point_index("finish")};
    RecordStream stream(plan, so);
    std::int64_t n = 0;
    while (const auto* r = stream.peek()) {
        ASSERT_EQ(r->read.point, so.points[0]);
        ASSERT_EQ(r->kind, RecordKind::tag);  // the gun is at the start mat
        ++n;
        stream.pop();
    }
    EXPECT_EQ(n, stream.total());
    EXPECT_GT(n, 100 * 5 / 2);
}

}  // namespace
}  // namespace fl::sim

namespace fl::sim {
namespace {

TEST(Plan, TruthListsEveryRunnerWithStatusAndNetTime) {
    const auto plan = test::example_plan(200);
    const auto lines = test::split(truth_csv(*plan), '\n');
    ASSERT_EQ(lines.size(), 202u);  // header, 200 runners, the empty piece after the last line end
    EXPECT_EQ(lines[0], "bib,event,wave,status,start,finish,net_time,missed");
    for (std::size_t i = 0; i < plan->runners.size(); ++i) {
        const auto& r = plan->runners[i];
        const auto f = test::split(lines[i + 1], ',');
        ASSERT_EQ(f.size(), 8u) << lines[i + 1];
        EXPECT_EQ(f[0], r.bib);
        EXPECT_EQ(f[3], r.outcome == Outcome::finished ? "FIN" : r.outcome == Outcome::dnf ? "DNF" : "DNS");
        if (r.finish) {
            EXPECT_EQ(f[5], test::local_clock(*plan, *r.finish, 3));
            EXPECT_EQ(timing::parse_duration(f[6]), r.net());
        }
    }
}

}  // namespace
}  // namespace fl::sim
