// The bib scanner emulator against a service written here from protocols.md section 8.
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "tests/sim/fixtures.hpp"
#include "tests/sim/peer.hpp"
#include "tools/sim/simulator.hpp"

namespace fl::sim {
namespace {

using namespace std::chrono_literals;

TEST(BibScan, SendsEachFinishersBibOnceWithVaryingLineEnds) {
    PlanOptions po;
    po.missed = 0;
    const auto plan = test::example_plan(60, po);
    test::Listener service;
    DeviceOptions o;
    o.protocol = Protocol::bibscan;
    o.name = "scanner";
    o.endpoint = {"127.0.0.1", service.port()};
    Simulator sim(plan, timing::Clock(plan->begin - 1s, 2000), {o});
    sim.start();
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    const auto bytes = peer.read_to_end();
    peer.close();

    int crlf = 0, cr = 0, lf = 0;
    std::multiset<std::string> bibs;
    std::string bib;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            ++crlf;
            ++i;
        } else if (c == '\r') {
            ++cr;
        } else if (c == '\n') {
            ++lf;
        } else {
            ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(c))) << "bare bibs only";
            bib += c;
            continue;
        }
        bibs.insert(std::exchange(bib, {}));
    }
    EXPECT_TRUE(bib.empty()) << "every bib ends with a line end";
    std::multiset<std::string> finishers;
    for (const auto& r : plan->runners)
        if (r.finish) finishers.insert(r.bib);
    EXPECT_EQ(bibs, finishers);
    EXPECT_GT(crlf, 0);
    EXPECT_GT(cr, 0);
    EXPECT_GT(lf, 0);
    ASSERT_TRUE(sim.wait_for(20s));
    const auto p = sim.progress().at(0);
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.sent, static_cast<std::int64_t>(finishers.size()));
}

TEST(BibScan, AStampingScannerSendsBibAndTime) {
    PlanOptions po;
    po.missed = 0;
    const auto plan = test::example_plan(20, po);
    test::Listener service;
    DeviceOptions o;
    o.protocol = Protocol::bibscan;
    o.endpoint = {"127.0.0.1", service.port()};
    o.scan_times = true;
    o.scan_delay_max = Duration{0};
    Simulator sim(plan, timing::Clock(plan->begin - 1s, 2000), {o});
    sim.start();
    auto peer = service.accept();
    ASSERT_TRUE(peer.valid());
    std::set<std::string> lines;
    const std::regex line(R"((\d+) (\d\d:\d\d:\d\d\.\d\d\d))");
    // CR, LF and CRLF all end a line.
    std::string text;
    const auto bytes = peer.read_to_end();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;
        text += bytes[i] == '\r' ? '\n' : bytes[i];
    }
    for (const auto& part : test::split(text, '\n')) {
        if (part.empty()) continue;
        EXPECT_TRUE(std::regex_match(part, line)) << part;
        lines.insert(part);
    }
    std::set<std::string> expected;
    for (const auto& r : plan->runners)
        if (r.finish) expected.insert(r.bib + " " + test::local_clock(*plan, *r.finish, 3));
    EXPECT_EQ(lines, expected);
}

}  // namespace
}  // namespace fl::sim
