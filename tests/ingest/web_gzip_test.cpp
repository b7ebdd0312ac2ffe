// gzip on the web server (issue 14: "gzip when accepted"), over real HTTP on loopback against
// a real Service. Every compressed body is decompressed by the system's `gzip -dc`, not by the
// zlib that compressed it, and compared with what the built `finishline results` prints.
#include <utility>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "ingest/gzip.hpp"
#include "ingest/web_gzip.hpp"
#include "tests/ingest/child_process.hpp"
#include "tests/ingest/http_client.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/support/run_finishline.hpp"

namespace fl::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Response = HttpResponse;
using Headers = HttpHeaders;


// `packed` decompressed by the system's gzip (which also checks the CRC-32 and length in the
// trailer); nullopt when gzip refuses it.
std::optional<std::string> gunzip(const std::string& packed) {
    TempDir dir;
    const auto in = dir.write("body.gz", packed);
    const auto r = run_command({"/bin/gzip", "-dc", in}, dir.path().string());
    if (r.exit_code != 0) {
        ADD_FAILURE() << "gzip -dc: " << r.err;
        return std::nullopt;
    }
    return r.out;
}

const std::string web_marshal = "listen = \"127.0.0.1:0\"\n[web]\nlisten = \"127.0.0.1:0\"\n";
const Headers accept_gzip{{"Accept-Encoding", "gzip, deflate, br"}};

class WebGzipTest : public ::testing::Test {
protected:
    WebGzipTest() : race("", web_marshal) {
        race.start();
        port = race.service().web_endpoint().value().port;
    }
    void marshal(const std::string& line) { marshal_line(race, line); }
    std::string cli_json() {
        const auto r = run_finishline(race.dir(), {"results", race.path(), "--format", "json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.out;
    }
    std::string version() { return std::to_string(race.service().standings()->version); }

    ServedRace race;
    std::uint16_t port = 0;
};

TEST_F(WebGzipTest, AcceptedGzipIsTheCliJsonCompressed) {
    marshal("2 07:19:59.010");
    marshal("1 07:21:13.400");
    const auto expected = cli_json();
    // Worth compressing (web_gzip_min = 1 KiB), or this test would prove nothing.
    ASSERT_GE(expected.size(), 1024u);
    HttpClient client(port);
    const auto r = client.get("/results.json", accept_gzip);
    EXPECT_EQ(r.result_int(), 200u);
    EXPECT_EQ(field(r, http::field::content_encoding), "gzip");
    EXPECT_EQ(field(r, http::field::vary), "Accept-Encoding");
    EXPECT_EQ(field(r, http::field::content_type), "application/json");
    // Other bytes than the plain answer's, the same standings version: a weak tag.
    EXPECT_EQ(field(r, http::field::etag), "W/\"" + version() + "\"");
    EXPECT_EQ(field(r, http::field::content_length), std::to_string(r.body().size()));
    EXPECT_LT(r.body().size(), expected.size() / 2);
    EXPECT_EQ(gunzip(r.body()), expected);
    // Asked again on the same connection (from the cache this time): the same bytes.
    const auto again = client.get("/results.json", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(again.body(), r.body());
    // A new finisher: a new version, compressed anew.
    marshal("3 07:30:00");
    const auto changed = client.get("/results.json", accept_gzip);
    EXPECT_EQ(field(changed, http::field::content_encoding), "gzip");
    EXPECT_EQ(field(changed, http::field::etag), "W/\"" + version() + "\"");
    const auto now = cli_json();
    EXPECT_NE(now, expected);
    EXPECT_EQ(gunzip(changed.body()), now);
}

TEST_F(WebGzipTest, WithoutGzipAcceptedTheAnswerIsPlainAndSaysItVaries) {
    marshal("1 07:21:13.400");
    const auto expected = cli_json();
    ASSERT_GE(expected.size(), 1024u);
    HttpClient client(port);
    for (const auto& headers : {Headers{}, Headers{{"Accept-Encoding", "gzip;q=0"}},
                                Headers{{"Accept-Encoding", "deflate, br"}},
                                Headers{{"Accept-Encoding", "identity"}}}) {
        const auto label = headers.empty() ? std::string("(none)") : headers[0].second;
        const auto r = client.get("/results.json", headers);
        EXPECT_EQ(r.result_int(), 200u) << label;
        EXPECT_FALSE(has(r, http::field::content_encoding)) << label;
        EXPECT_EQ(field(r, http::field::vary), "Accept-Encoding") << label;
        EXPECT_EQ(field(r, http::field::etag), "\"" + version() + "\"") << label;
        EXPECT_EQ(r.body(), expected) << label;
    }
}

TEST_F(WebGzipTest, IfNoneMatchIs304WithEitherTagAndGzip) {
    marshal("1 07:21:13.400");
    HttpClient client(port);
    const auto packed = client.get("/results.json", accept_gzip);
    const auto weak = field(packed, http::field::etag);
    const auto plain = field(client.get("/results.json"), http::field::etag);
    ASSERT_EQ(weak, "W/" + plain);
    for (const auto& tag : {weak, plain}) {
        const auto r = client.get("/results.json", {{"Accept-Encoding", "gzip"}, {"If-None-Match", tag}});
        EXPECT_EQ(r.result_int(), 304u) << tag;
        EXPECT_EQ(r.body(), "") << tag;
        EXPECT_FALSE(has(r, http::field::content_encoding)) << tag;
        EXPECT_EQ(field(r, http::field::vary), "Accept-Encoding") << tag;
    }
    marshal("2 07:19:59.010");
    const auto changed = client.get("/results.json", {{"Accept-Encoding", "gzip"}, {"If-None-Match", weak}});
    EXPECT_EQ(changed.result_int(), 200u);
    EXPECT_EQ(field(changed, http::field::content_encoding), "gzip");
    EXPECT_EQ(gunzip(changed.body()), cli_json());
}

TEST_F(WebGzipTest, HeadTellsTheCompressedLength) {
    marshal("1 07:21:13.400");
    HttpClient client(port);
    const auto get = client.get("/results.json", accept_gzip);
    const auto head = client.request(http::verb::head, "/results.json", accept_gzip);
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_EQ(field(head, http::field::content_encoding), "gzip");
    EXPECT_EQ(field(head, http::field::content_length), std::to_string(get.body().size()));
}

TEST_F(WebGzipTest, SmallAnswersGoPlain) {
    HttpClient client(port);
    // A refused method's text is far below 1 KiB: nothing to gain, nothing varies.
    const auto r = client.request(http::verb::delete_, "/results.json", accept_gzip);
    EXPECT_EQ(r.result_int(), 405u);
    EXPECT_FALSE(has(r, http::field::content_encoding));
    EXPECT_FALSE(has(r, http::field::vary));
    EXPECT_NE(r.body().find("not allowed"), std::string::npos);
}

// The compressor itself, against the system's gzip: empty, tiny, text, and bytes that do not
// compress (random), including a body larger than zlib's first output guess.
TEST(Gzip, WhatGzipDecompressesIsTheInput) {
    std::mt19937 rng(14);
    std::string noise(3 * 1024 * 1024, '\0');
    for (auto& c : noise) c = static_cast<char>(rng());
    std::string text;
    for (int i = 0; i < 20'000; ++i) text += fmt::format("{},Runner {},F,34,0:{:02}:{:02}\n", i, i, i % 60, i % 7);
    for (const std::string& input : {std::string(), std::string("x"), text, noise}) {
        const auto packed = ingest::gzip(input);
        ASSERT_GE(packed.size(), 18u);  // RFC 1952: a 10-byte header and an 8-byte trailer at least
        EXPECT_EQ(packed.substr(0, 3), std::string("\x1f\x8b\x08"));  // gzip magic, deflate
        const auto back = gunzip(packed);
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(back->size(), input.size());
        EXPECT_TRUE(*back == input);
    }
}

// Two bodies alike in length, entity tag and both ends (the cache's quick key): each still
// gets its own compressed form, checked by gzip.
TEST(WebGzipCache, BodiesAlikeAtTheEndsAreNotConfused) {
    const std::string ends(2000, 'a');
    std::string one = ends + "one" + ends, two = ends + "two" + ends;
    ingest::WebGzip gzip;
    for (int round = 0; round < 2; ++round) {
        for (const auto* body : {&one, &two}) {
            ingest::WebReply r;
            r.content_type = "text/csv; charset=utf-8";
            r.etag = "\"7\"";
            r.body = *body;
            gzip.encode(r, "gzip");
            EXPECT_EQ(r.content_encoding, "gzip");
            EXPECT_EQ(r.etag, "W/\"7\"");
            EXPECT_EQ(gunzip(std::string(r.content())), *body);
        }
    }
}

}  // namespace
}  // namespace fl::test
