// The relay across a course (issue 15) in one process: a real mosquitto broker started on a
// free port, the site's service (`finishline relay`'s Service) and the finish's, a MYLAPS mat
// at the site over loopback TCP, and a test publisher standing in for "another tool" that
// publishes reads by the README's contract. Crashes and outages of processes are in
// tests/crash/relay_faults_test.cpp.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "ingest/mqtt_client.hpp"
#include "ingest/relay_message.hpp"
#include "ingest/service.hpp"
#include "ingest/status_query.hpp"
#include "results/exports.hpp"
#include "results/replay.hpp"
#include "tests/ingest/mqtt_subscriber.hpp"
#include "tests/ingest/relay_course.hpp"
#include "timing/race_id.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono;

namespace {

// Short pacing so that a gap is asked for in well under a second.
ingest::ServiceOptions quick(bool site, std::shared_ptr<std::string> log = nullptr,
                             std::shared_ptr<std::mutex> mutex = nullptr) {
    ingest::ServiceOptions o;
    o.relay_site = site;
    o.relay.heartbeat = milliseconds{300};
    o.central.check = milliseconds{50};
    o.central.gap_quiet = milliseconds{300};
    o.central.ask_again = milliseconds{500};
    o.central.confirm_every = milliseconds{100};
    if (log)
        o.log_sink = [log, mutex](std::string_view line) {
            std::lock_guard lock(*mutex);
            *log += std::string(line) + "\n";
        };
    return o;
}

std::uint16_t mat_port(const ingest::Service& site) { return site.reader_endpoint("km5-mat").value().port; }

// The finish subscribes when it has connected: a message published before that is not
// delivered to it (its session is new). A probe heartbeat, sent until the finish lists the
// probe site, says the subscription is in place.
void wait_until_subscribed(const ingest::Service& finish, MqttSubscriber& tool) {
    const auto id = timing::race_id(finish.config());
    const ingest::SiteHeartbeat probe{"probe", 0, 0, 0, 1, {}};
    ASSERT_TRUE(wait_for([&] {
        tool.publish(ingest::site_topic(id, "probe"), ingest::encode(probe));
        for (int i = 0; i < 10; ++i) {
            for (const auto& s : finish.site_status())
                if (s.name == "probe") return true;
            std::this_thread::sleep_for(milliseconds{20});
        }
        return false;
    }));
}

// The finish alone on a broker, and a tool of the test's publishing to it (subscribed first).
struct FinishAndTool {
    TempDir dir;
    MosquittoBroker broker{dir.file("broker")};
    CourseFiles files = make_course(dir, broker.address());
    std::shared_ptr<std::string> text = std::make_shared<std::string>();
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    ingest::Service finish{files.finish, quick(false, text, mutex)};
    std::string id = timing::race_id(finish.config());
    std::optional<MqttSubscriber> tool;  // publishes as another tool would

    FinishAndTool() {
        finish.start();
        tool.emplace(broker.address(), std::vector<std::string>{});
        EXPECT_TRUE(tool->wait_connected());
        wait_until_subscribed(finish, *tool);
    }
    ~FinishAndTool() {
        finish.stop();
        finish.wait();
    }
    std::string logged() const {
        std::lock_guard lock(*mutex);
        return *text;
    }
};

std::string reads_of(std::initializer_list<std::int64_t> seqs, std::string site = "km5") {
    ingest::ReadsMessage m{std::move(site), {}};
    for (const auto s : seqs)
        m.reads.push_back({s, "tool-mat", "5k", fmt::format("CT{:04}", s), 1397302800000000 + s * 1000000,
                           fmt::format("tool read {}", s), "tag"});
    return ingest::encode(m);
}

std::string results_csv_of(const std::string& race) {
    timing::RaceFile f(race, timing::RaceFile::Access::read_only);
    return results::to_csv(*results::load_engine(f).snapshot());
}

}  // namespace

// Every read the mat was acknowledged for is in the finish's race file once, under the
// site's seq (its read id), with the site's raw text, at the 5 km point; the finish's live
// results equal a full re-score of its file; STATUS lists the site.
TEST(Relay, SiteReadsReachTheFinishOnceUnderTheirSeq) {
    TempDir dir;
    MosquittoBroker broker(dir.file("broker"));
    const auto files = make_course(dir, broker.address());
    ingest::Service finish(files.finish, quick(false));
    finish.start();
    ingest::Service site(files.site, quick(true));
    site.start();
    FiveKmMat mat;
    ASSERT_TRUE(mat.send(mat_port(site), 60));
    ASSERT_TRUE(wait_for([&] { return relayed(files.finish).reads >= mat.acknowledged(); }));

    const auto at_site = site_reads(files.site);
    const auto got = relayed(files.finish);
    ASSERT_EQ(at_site.size(), 180u);
    EXPECT_EQ(got.reads, 180u);
    for (const auto& [seq, raw] : at_site) EXPECT_EQ(got.by_seq.at(seq), raw) << seq;
    for (const auto& raw : mat.acknowledged_raws()) EXPECT_EQ(got.raws.at(raw), 1) << raw;
    {
        timing::RaceFile f(files.finish, timing::RaceFile::Access::read_only);
        const auto five_k = f.config().find_point("5k")->id;
        for (const auto& r : f.reads()) {
            EXPECT_EQ(r.timing_point_id, five_k);
            EXPECT_EQ(r.location, "km5-mat");  // the site's reader name
        }
    }
    // Live standings (incremental) equal a full re-score of the finish's file.
    EXPECT_TRUE(wait_for([&] { return results::to_csv(*finish.standings()) == results_csv_of(files.finish); }));
    // The split is in the results: runner 1's first passing at 07:25:00.000, gun 07:00:00.
    const auto json = results::to_json(*finish.standings());
    EXPECT_NE(json.find("\"5k\""), std::string::npos);

    // STATUS at the finish: the site, heard from, nothing behind.
    ASSERT_TRUE(wait_for([&] {
        for (const auto& line : ingest::query_status(files.finish))
            if (line.starts_with("SITE km5 connected=1") && line.find(" last_seq=180 held=180 behind=0 ") != std::string::npos)
                return true;
        return false;
    })) << fmt::format("{}", fmt::join(ingest::query_status(files.finish), "\n"));
    site.stop();
    site.wait();
    finish.stop();
    finish.wait();
    // The site noted what the finish confirmed.
    timing::RaceFile f(files.site, timing::RaceFile::Access::read_only);
    auto st = f.db().prepare("SELECT acked_seq, confirmed_seq FROM relay_progress WHERE site = 'km5'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.column_int64(0), 180);
    EXPECT_EQ(st.column_int64(1), 180);
}

// A tool publishing by the README's contract: a message delivered twice and reads out of
// order are stored once each; a gap and a missing tail (the heartbeat says 8) are asked for
// on resend/km5 with exactly the missing seqs, until they come.
TEST(Relay, DuplicatesOutOfOrderAndGapsFromAnotherTool) {
    FinishAndTool c;
    auto& tool = *c.tool;
    const auto& id = c.id;
    MqttSubscriber answers(c.broker.address(), {ingest::resend_topic(id, "km5")});

    tool.publish(ingest::reads_topic(id, "km5"), reads_of({1, 2, 3}));
    tool.publish(ingest::reads_topic(id, "km5"), reads_of({1, 2, 3}));  // delivered twice
    tool.publish(ingest::reads_topic(id, "km5"), reads_of({7, 6}));     // 4 and 5 lost, out of order
    ingest::SiteHeartbeat hb{"km5", 8, 8, 0, 1397302800000000, {}};
    tool.publish(ingest::site_topic(id, "km5"), ingest::encode(hb), true);

    // The finish asks for 4-5 and 8, holding 1-3.
    std::optional<ingest::ResendRequest> asked;
    ASSERT_TRUE(wait_for([&] {
        for (const auto& m : answers.on(ingest::resend_topic(id, "km5"))) {
            auto d = ingest::decode_resend(m.payload);
            if (d.value && !d.value->missing.empty()) asked = d.value;
        }
        return asked.has_value();
    }));
    EXPECT_EQ(asked->confirmed, 3);
    EXPECT_EQ(asked->missing, (std::vector<ingest::SeqRange>{{4, 5}, {8, 8}}));

    tool.publish(ingest::reads_topic(id, "km5"), reads_of({8, 5, 4, 6}));
    ASSERT_TRUE(wait_for([&] {
        for (const auto& m : answers.on(ingest::resend_topic(id, "km5"))) {
            auto d = ingest::decode_resend(m.payload);
            if (d.value && d.value->confirmed == 8 && d.value->missing.empty()) return true;
        }
        return false;
    }));
    const auto got = relayed(c.files.finish);
    EXPECT_EQ(got.reads, 8u);
    for (std::int64_t s = 1; s <= 8; ++s) EXPECT_EQ(got.by_seq.at(s), fmt::format("tool read {}", s));
    EXPECT_EQ(got.raws.size(), 8u);
}

// Bad messages on the site's topics are refused with a line in the log saying why and what
// to follow; the finish takes the next good message.
TEST(Relay, BadMessagesAreRefusedAndTheFinishKeepsTaking) {
    FinishAndTool c;
    auto& tool = *c.tool;
    const auto& id = c.id;
    tool.publish(ingest::reads_topic(id, "km5"), "{\"site\":\"km5\",\"reads\":[{\"seq\":\"one\"}]}");
    tool.publish(ingest::reads_topic(id, "km5"), reads_of({1}, "km9"));  // names another site
    tool.publish(ingest::reads_topic(id, "km5"), std::string(200000, '['));
    tool.publish(ingest::site_topic(id, "km5"), "garbage");
    tool.publish(ingest::reads_topic(id, "km5"), reads_of({1, 2}));
    ASSERT_TRUE(wait_for([&] { return relayed(c.files.finish).reads == 2; }));
    const auto text = c.logged();
    EXPECT_NE(text.find("relay: site km5: a message on its reads topic was refused: reads[0].seq: expected a whole "
                         "number (a tool publishing there must follow README 'Timing across a course')"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("a message on the reads topic of site km5 names site \"km9\": refused"), std::string::npos);
    EXPECT_NE(text.find("refused: nested deeper than 6 levels"), std::string::npos);
    EXPECT_NE(text.find("site km5: a heartbeat was refused: not JSON"), std::string::npos);
}

// A hosted broker: TLS with the broker's CA named in tls_ca, and a user with a password. The
// reads go through; a wrong password is refused by the broker and said so in the log, with
// what to check.
TEST(Relay, ThroughABrokerWithTlsAndAPassword) {
    TempDir dir;
    BrokerSecurity security;
    MosquittoBroker broker(dir.file("broker"), false, security);
    const auto address = fmt::format("localhost:{}", broker.port());
    const auto files = make_course(dir, address, false,
                                   fmt::format("username = \"{}\"\npassword = \"{}\"\ntls_ca = \"{}\"", security.user,
                                               security.password, broker.ca_file()));
    ingest::Service finish(files.finish, quick(false));
    finish.start();
    ingest::Service site(files.site, quick(true));
    site.start();
    FiveKmMat mat;
    ASSERT_TRUE(mat.send(mat_port(site), 10));
    ASSERT_TRUE(wait_for([&] { return relayed(files.finish).reads == 30; }));
    site.stop();
    site.wait();
    finish.stop();
    finish.wait();

    TempDir other;
    const auto wrong = make_course(other, address, false,
                                   fmt::format("username = \"{}\"\npassword = \"guess\"\ntls_ca = \"{}\"",
                                               security.user, broker.ca_file()));
    auto text = std::make_shared<std::string>();
    auto mutex = std::make_shared<std::mutex>();
    ingest::Service refused(wrong.finish, quick(false, text, mutex));
    refused.start();
    EXPECT_TRUE(wait_for([&] {
        std::lock_guard lock(*mutex);
        return text->find(fmt::format("relay: broker {} refused the connection: Connection Refused: not authorised.: "
                                      "check username and password under [mqtt] in the race config",
                                      address)) != std::string::npos;
    })) << *text;
}

// What the finish cannot trust in a relayed read is stored and flagged, as a local read would
// be (README "Ingest service"): no time, a time days away from the race, a point the race
// does not have. The console's list names the site's relay reader.
TEST(Relay, ReadsTheFinishCannotTrustAreStoredFlagged) {
    FinishAndTool c;
    auto& tool = *c.tool;
    const auto& id = c.id;
    auto& finish = c.finish;
    ingest::ReadsMessage m{"km5", {}};
    // 2014-04-12 07:30 in Toronto is 11:30 UTC = 1397302200 s; a week later is impossible.
    m.reads.push_back({1, "km5-mat", "5k", "CT0001", std::nullopt, "no time", "tag"});
    m.reads.push_back({2, "km5-mat", "5k", "CT0002", (1397302200LL + 7 * 86400) * 1000000, "next week", "tag"});
    m.reads.push_back({3, "km5-mat", "halfway", "CT0003", 1397302200LL * 1000000, "unknown point", "tag"});
    m.reads.push_back({4, "km5-mat", "5k", "CT0004", 1397302200LL * 1000000, "good", "tag"});
    tool.publish(ingest::reads_topic(id, "km5"), ingest::encode(m));
    ASSERT_TRUE(wait_for([&] {
        const auto s = finish.standings();
        return s->flagged_reads && s->flagged_reads->size() == 3;
    }));
    const auto s = finish.standings();
    std::map<std::string, std::string> reason_by_chip;
    for (const auto& f : *s->flagged_reads) {
        reason_by_chip[f.chip] = f.reason;
        EXPECT_EQ(f.reader, "relay:km5");
    }
    EXPECT_EQ(reason_by_chip, (std::map<std::string, std::string>{
                                  {"CT0001", "bad time"}, {"CT0002", "impossible time"}, {"CT0003", "unknown location"}}));
}
