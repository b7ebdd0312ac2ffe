// The relay's JSON messages (README "Timing across a course"): the issue's own example
// decoded, our encoding byte for byte, and every kind of bad message refused with a reason.
#include <gtest/gtest.h>

#include <string>

#include "ingest/relay_message.hpp"

using namespace fl::ingest;

namespace {

// The message of issue 15, as written there.
constexpr std::string_view issue_example =
    R"({"site": "km10", "reads": [{"seq": 17, "reader": "km10-mat", "point": "10k", "chip": "CT0001", "time_us": 1714806301123456, "raw": "…"}]})";

}  // namespace

TEST(RelayMessage, DecodesTheIssueExample) {
    const auto d = decode_reads(issue_example);
    ASSERT_TRUE(d.value) << d.error;
    EXPECT_EQ(d.value->site, "km10");
    ASSERT_EQ(d.value->reads.size(), 1u);
    const auto& r = d.value->reads[0];
    EXPECT_EQ(r.seq, 17);
    EXPECT_EQ(r.reader, "km10-mat");
    EXPECT_EQ(r.point, "10k");
    EXPECT_EQ(r.chip, "CT0001");
    EXPECT_EQ(r.time_us, 1714806301123456);
    EXPECT_EQ(r.raw, "\xE2\x80\xA6");  // "…" in UTF-8
    EXPECT_EQ(r.kind, "tag");
}

TEST(RelayMessage, EncodesCompactJsonWithKindOnlyWhenNotATag) {
    ReadsMessage m{"km5", {}};
    m.reads.push_back({1, "km5-mat", "5k", "CT0042", 1714806301000000, "AA@x@1", "tag"});
    m.reads.push_back({2, "km5-mat", "", "GUN", std::nullopt, "bad \"time\"", "gun"});
    EXPECT_EQ(encode(m),
              R"({"reads":[{"chip":"CT0042","point":"5k","raw":"AA@x@1","reader":"km5-mat","seq":1,"time_us":1714806301000000},)"
              R"({"chip":"GUN","kind":"gun","point":"","raw":"bad \"time\"","reader":"km5-mat","seq":2,"time_us":null}],"site":"km5"})");
    // And back.
    const auto d = decode_reads(encode(m));
    ASSERT_TRUE(d.value) << d.error;
    ASSERT_EQ(d.value->reads.size(), 2u);
    EXPECT_FALSE(d.value->reads[1].time_us);
    EXPECT_EQ(d.value->reads[1].kind, "gun");
    EXPECT_EQ(d.value->reads[1].raw, "bad \"time\"");
}

TEST(RelayMessage, RawBytesThatAreNotUtf8AreReplacedNotThrown) {
    ReadsMessage m{"km5", {{1, "r", "5k", "C1", 1, std::string("ok\xff", 3), "tag"}}};
    const auto d = decode_reads(encode(m));
    ASSERT_TRUE(d.value) << d.error;
    EXPECT_EQ(d.value->reads[0].raw, "ok\xEF\xBF\xBD");  // U+FFFD
}

TEST(RelayMessage, HeartbeatAndResendRoundTrip) {
    SiteHeartbeat h{"km10", 120, 118, 100, 1714806301000000, {{"km10-mat", true, 1714806300000000, 120}}};
    EXPECT_EQ(encode(h),
              R"({"acked_seq":118,"clock_us":1714806301000000,"confirmed_seq":100,"last_seq":120,)"
              R"("readers":[{"connected":true,"last_read_us":1714806300000000,"name":"km10-mat","reads_today":120}],"site":"km10"})");
    const auto hb = decode_heartbeat(encode(h));
    ASSERT_TRUE(hb.value) << hb.error;
    EXPECT_EQ(hb.value->last_seq, 120);
    EXPECT_EQ(hb.value->readers.at(0).name, "km10-mat");
    EXPECT_TRUE(hb.value->readers.at(0).connected);

    ResendRequest r{100, {{103, 105}, {110, 120}}, 7};
    EXPECT_EQ(encode(r), R"({"confirmed":100,"missing":[[103,105],[110,120]],"request":7})");
    const auto rr = decode_resend(encode(r));
    ASSERT_TRUE(rr.value) << rr.error;
    EXPECT_EQ(rr.value->missing, r.missing);
}

TEST(RelayMessage, TopicsAndTheSiteTheyName) {
    EXPECT_EQ(reads_topic("relay-half-20261202", "km10"), "finishline/relay-half-20261202/reads/km10");
    EXPECT_EQ(site_topic("r-1", "km10"), "finishline/r-1/sites/km10");
    EXPECT_EQ(resend_topic("r-1", "km10"), "finishline/r-1/resend/km10");
    EXPECT_EQ(standings_topic("r-1"), "finishline/r-1/standings");
    EXPECT_EQ(finishers_topic("r-1"), "finishline/r-1/finishers");
    EXPECT_EQ(topic_site("finishline/r-1/reads/km10", "r-1", "reads"), "km10");
    EXPECT_FALSE(topic_site("finishline/r-2/reads/km10", "r-1", "reads"));  // another race
    EXPECT_FALSE(topic_site("finishline/r-1/sites/km10", "r-1", "reads"));
    EXPECT_FALSE(topic_site("finishline/r-1/reads/km10/x", "r-1", "reads"));
    EXPECT_FALSE(topic_site("finishline/r-1/reads/", "r-1", "reads"));
}

// Each bad message is refused whole, saying where and what was expected.
TEST(RelayMessage, BadMessagesAreRefusedWithTheReason) {
    const auto error = [](std::string_view payload) {
        const auto d = decode_reads(payload);
        return d.value ? std::string("(accepted)") : d.error;
    };
    EXPECT_EQ(error("not json"), "not JSON (expected an object such as {\"site\": \"km10\", ...})");
    EXPECT_EQ(error("[1,2]"), "expected a JSON object");
    EXPECT_EQ(error(R"({"reads":[]})"), "site: expected a string");
    EXPECT_EQ(error(R"({"site":"km 10","reads":[]})"), "site: expected a site name of letters, digits, '-' or '_'");
    EXPECT_EQ(error(R"({"site":"km10"})"), "reads: expected an array of reads");
    EXPECT_EQ(error(R"({"site":"km10","reads":[7]})"), "reads[0]: expected an object");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"reader":"r","chip":"c"}]})"), "reads[0].seq: expected a whole number");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":0,"reader":"r","chip":"c"}]})"),
              "reads[0].seq: expected a whole number of at least 1");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":1.5,"reader":"r","chip":"c"}]})"),
              "reads[0].seq: expected a whole number");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":18446744073709551615,"reader":"r","chip":"c"}]})"),
              "reads[0].seq: expected a whole number of at least 1");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":1,"reader":"r","chip":"c\u0001"}]})"),
              "reads[0].chip: expected text without control characters");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":1,"reader":"r","chip":"c","kind":"lap"}]})"),
              "reads[0].kind: expected \"tag\", \"gun\" or \"marker\"");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":1,"reader":"r","chip":"c","time_us":"noon"}]})"),
              "reads[0].time_us: expected a whole number");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":1,"reader":"r","chip":")" + std::string(65, 'c') + R"("}]})"),
              "reads[0].chip: expected at most 64 bytes, got 65");
    // Bounds: 1,000 reads a message, nesting, size.
    std::string many = R"({"site":"km10","reads":[)";
    for (int i = 1; i <= 1001; ++i) many += (i > 1 ? "," : "") + std::string(R"({"seq":)") + std::to_string(i) + R"(,"reader":"r","chip":"c"})";
    many += "]}";
    EXPECT_EQ(error(many), "reads: 1001 reads, more than the 1000 a message may carry");
    EXPECT_EQ(error(std::string(100000, '[')), "nested deeper than 6 levels");
    EXPECT_EQ(error(R"({"site":"km10","reads":[{"seq":1,"reader":"r","chip":"[[[[[[[[[[[[[[[["}]})"), "(accepted)");
    EXPECT_EQ(error(std::string(max_relay_payload + 1, ' ')),
              "4194305 bytes, more than the 4194304 a message may have");
}

TEST(RelayMessage, BadResendRequestsAreRefused) {
    const auto error = [](std::string_view payload) {
        const auto d = decode_resend(payload);
        return d.value ? std::string("(accepted)") : d.error;
    };
    EXPECT_EQ(error(R"({"confirmed":5,"missing":[[9,7]]})"), "missing: [9, 7] is not a range of seqs from 1");
    EXPECT_EQ(error(R"({"confirmed":5,"missing":[[0,7]]})"), "missing: [0, 7] is not a range of seqs from 1");
    EXPECT_EQ(error(R"({"confirmed":5,"missing":[7]})"), "missing: expected [from, to] pairs of whole numbers");
    EXPECT_EQ(error(R"({"missing":[]})"), "confirmed: expected a whole number");
    EXPECT_EQ(error(R"({"confirmed":5})"), "(accepted)");
}
