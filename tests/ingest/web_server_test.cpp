// The web server over real HTTP on loopback: a real Service on a real race file ([web] on a
// free port), answers read by an HTTP client (Beast's) or, for the bad requests, raw bytes on a
// socket as a broken or hostile client would send them. The expected exports are what the
// built `finishline results` prints for the same race file.
#include <utility>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "ingest/http_fields.hpp"
#include "ingest/public_url.hpp"
#include "ingest/web_server.hpp"
#include "tests/ingest/child_process.hpp"
#include "tests/ingest/http_client.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/ingest/tcp_peer.hpp"
#include "tests/support/run_finishline.hpp"

namespace fl::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Response = HttpResponse;

const std::string web_marshal = "listen = \"127.0.0.1:0\"\n[web]\nlisten = \"127.0.0.1:0\"\n";

class WebServerTest : public ::testing::Test {
protected:
    explicit WebServerTest(const std::string& marshal_and_web = web_marshal)
        : race("", marshal_and_web) {
        race.start();
        port = race.service().web_endpoint().value().port;
    }

    void marshal(const std::string& line) { marshal_line(race, line); }
    std::string cli(const std::string& format) {
        const auto r = run_finishline(race.dir(), {"results", race.path(), "--format", format});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.out;
    }
    std::string etag_now() { return fmt::format("\"{}\"", race.service().standings()->version); }

    ServedRace race;
    std::uint16_t port = 0;
};

TEST_F(WebServerTest, ResultsCsvAndJsonAreWhatTheCliExports) {
    marshal("2 07:19:59.010");
    marshal("1 07:21:13.400");
    HttpClient client(port);
    const auto csv = client.get("/results.csv");
    EXPECT_EQ(csv.result_int(), 200u);
    EXPECT_EQ(field(csv, http::field::content_type), "text/csv; charset=utf-8");
    EXPECT_EQ(csv.body(), cli("csv"));
    // Hand-checked against the README's rules: gun 07:00:00, times rounded up.
    EXPECT_NE(csv.body().find("1,2,Bob Runner,M,41,M40-44,0:20:00,0:20:00,1,1,FIN\n"), std::string::npos)
        << csv.body();
    const auto json = client.get("/results.json");  // the same connection (keep-alive)
    EXPECT_EQ(json.result_int(), 200u);
    EXPECT_EQ(field(json, http::field::content_type), "application/json");
    EXPECT_EQ(json.body(), cli("json"));
    for (const auto* r : {&csv, &json}) {
        EXPECT_EQ(field(*r, http::field::etag), etag_now());
        EXPECT_EQ(field(*r, "X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(field(*r, "Content-Security-Policy"), "default-src 'none'");
        EXPECT_EQ(field(*r, http::field::cache_control), "no-cache");
    }
}

TEST_F(WebServerTest, EventAndCategoryAreQueryParameters) {
    marshal("3 07:30:00");
    HttpClient client(port);
    const auto one = client.get("/results.csv?event=5K&category=F25-29");
    EXPECT_EQ(one.result_int(), 200u);
    EXPECT_EQ(one.body(),
              run_finishline(race.dir(), {"results", race.path(), "--event", "5K", "--category", "F25-29"}).out);
    EXPECT_NE(one.body().find(",3,Cat Runner,"), std::string::npos) << one.body();
    EXPECT_EQ(one.body().find("Ann Runner"), std::string::npos) << one.body();
    const auto none = client.get("/results.json?event=Fun%20Run");
    EXPECT_EQ(none.result_int(), 404u);
    EXPECT_EQ(none.body(),
              "no event named \"Fun Run\": the race has 5K (on the web: "
              "/results.json?event=NAME&category=NAME)\n");
}

TEST_F(WebServerTest, IfNoneMatchIsAnswered304UntilTheStandingsChange) {
    marshal("1 07:21:13.400");
    HttpClient client(port);
    const auto first = client.get("/results.csv");
    const auto tag = field(first, http::field::etag);
    ASSERT_EQ(tag, etag_now());
    for (const auto& inm : {tag, "W/" + tag, "\"0\", " + tag, std::string("*")}) {
        const auto again = client.get("/results.csv", {{"If-None-Match", inm}});
        EXPECT_EQ(again.result_int(), 304u) << inm;
        EXPECT_EQ(again.body(), "") << inm;
        EXPECT_EQ(field(again, http::field::etag), tag) << inm;
    }
    // A marshal line later: the same question gets the new results and a new tag.
    marshal("2 07:19:59.010");
    const auto changed = client.get("/results.csv", {{"If-None-Match", tag}});
    EXPECT_EQ(changed.result_int(), 200u);
    EXPECT_NE(field(changed, http::field::etag), tag);
    EXPECT_EQ(field(changed, http::field::etag), etag_now());
    EXPECT_NE(changed.body().find("Bob Runner"), std::string::npos);
    EXPECT_EQ(changed.body(), cli("csv"));
}

TEST_F(WebServerTest, HeadHasGetsHeadersAndNoBody) {
    marshal("1 07:21:13.400");
    HttpClient client(port);
    const auto get = client.get("/results.json");
    const auto head = client.request(http::verb::head, "/results.json");
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_EQ(field(head, http::field::content_length), std::to_string(get.body().size()));
    EXPECT_EQ(field(head, http::field::etag), field(get, http::field::etag));
    // Had the HEAD carried a body, this answer would start inside it.
    const auto after = client.get("/results.csv");
    EXPECT_EQ(after.result_int(), 200u);
    EXPECT_EQ(after.body(), cli("csv"));
}

TEST_F(WebServerTest, UnknownPathsAre404AndNoPathReachesAFile) {
    HttpClient client(port);
    for (const auto* target : {"/race.db", "/../race.db", "/results.csv/../race.db", "/%2e%2e/race.db",
                               "/etc/passwd", "//results.csv", "/RESULTS.CSV", "/event/../../race.db",
                               "/runner/%2e%2e%2frace.db"}) {
        const auto r = client.get(target);
        EXPECT_EQ(r.result_int(), 404u) << target;
        EXPECT_EQ(field(r, http::field::content_type), "text/html; charset=utf-8") << target;
        // The 404 page offers what exists; nothing of the race file is in it.
        EXPECT_NE(r.body().find("<a href=\"/event/5K\">5K</a>"), std::string::npos) << target << r.body();
        EXPECT_NE(r.body().find("action=\"/search\""), std::string::npos) << target;
        EXPECT_EQ(r.body().find("SQLite format"), std::string::npos) << target;
    }
}

// The pages (README, Live results over HTTP): HTML from the same snapshot, with a CSP that
// allows only the embedded /app.css and /app.js.
const std::string page_csp =
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

TEST_F(WebServerTest, EveryPageIsHtmlWithItsPolicyAndTag) {
    marshal("1 07:21:13.400");
    HttpClient client(port);
    const auto tag = fmt::format("\"{}-page\"", race.service().standings()->version);
    // %35K is "5K" percent-encoded: names in addresses are decoded.
    for (const auto* target : {"/", "/event/5K", "/event/%35K", "/event/5K?gender=F", "/event/5K?category=F30-34", "/event/5K?page=1",
                               "/runner/1", "/search?q=ann", "/search?q=RUNNER+ann", "/awards"}) {
        const auto r = client.get(target);
        EXPECT_EQ(r.result_int(), 200u) << target << r.body();
        EXPECT_EQ(field(r, http::field::content_type), "text/html; charset=utf-8") << target;
        EXPECT_EQ(field(r, "Content-Security-Policy"), page_csp) << target;
        EXPECT_EQ(field(r, "X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(field(r, http::field::cache_control), "no-cache") << target;
        EXPECT_EQ(field(r, http::field::etag), tag) << target;
        const auto ann = std::string_view(target) == "/runner/1" ? "<h1>Ann Runner</h1>"
                                                                 : "<a href=\"/runner/1\">Ann Runner</a>";
        EXPECT_NE(r.body().find(ann), std::string::npos) << target << r.body();
    }
    EXPECT_NE(client.get("/runner/1").body().find("<dt>Gun time</dt><dd>0:21:14</dd>"), std::string::npos);
    EXPECT_NE(client.get("/event/5K?category=F30-34").body().find("<h2 id=\"h-table\">Category F30-34</h2>"),
              std::string::npos);
    for (const auto* target :
         {"/event/Fun%20Run", "/runner/99", "/event/5K?gender=Q", "/event/5K?category=M99", "/event/5K?page=2"}) {
        const auto r = client.get(target);
        EXPECT_EQ(r.result_int(), 404u) << target;
        EXPECT_EQ(field(r, http::field::content_type), "text/html; charset=utf-8") << target;
        EXPECT_EQ(field(r, http::field::etag), "") << target;
        // "*" matches a page that exists (RFC 9110 13.1.2), not a missing one.
        EXPECT_EQ(client.get(target, {{"If-None-Match", "*"}}).result_int(), 404u) << target;
    }
    EXPECT_NE(client.get("/event/Fun%20Run").body().find("<h1>No event named “Fun Run”</h1>"), std::string::npos);
}

TEST_F(WebServerTest, TheStyleAndScriptAreEmbeddedAndKeptAYear) {
    HttpClient client(port);
    const auto page = client.get("/").body();
    for (const auto& [name, type] : {std::pair{std::string("/app.css"), "text/css; charset=utf-8"},
                                     std::pair{std::string("/app.js"), "text/javascript; charset=utf-8"}}) {
        // The address the page links, ?v=<tag> and all.
        const auto at = page.find(name + "?v=");
        ASSERT_NE(at, std::string::npos) << page;
        const auto link = page.substr(at, page.find('"', at) - at);
        const auto r = client.get(link);
        EXPECT_EQ(r.result_int(), 200u) << link;
        EXPECT_EQ(field(r, http::field::content_type), type);
        EXPECT_EQ(field(r, http::field::cache_control), "public, max-age=31536000, immutable");
        const auto tag = field(r, http::field::etag);
        EXPECT_EQ(tag, "\"" + link.substr(name.size() + 3) + "\"");
        EXPECT_GT(r.body().size(), 1000u);
        const auto again = client.get(name, {{"If-None-Match", tag}});
        EXPECT_EQ(again.result_int(), 304u);
        EXPECT_EQ(again.body(), "");
    }
}

TEST_F(WebServerTest, APageIsAnswered304UntilAMarshalLineChangesIt) {
    HttpClient client(port);
    const auto before = client.get("/runner/2");
    ASSERT_EQ(before.result_int(), 200u);
    EXPECT_NE(before.body().find("<dt>Status</dt><dd>Not started</dd>"), std::string::npos) << before.body();
    EXPECT_EQ(before.body().find("0:20:00"), std::string::npos);
    const auto tag = field(before, http::field::etag);
    const auto same = client.get("/runner/2", {{"If-None-Match", tag}});
    EXPECT_EQ(same.result_int(), 304u);
    EXPECT_EQ(same.body(), "");
    const auto head = client.request(http::verb::head, "/runner/2");
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_EQ(field(head, http::field::content_length), std::to_string(before.body().size()));

    marshal("2 07:19:59.010");  // Bob crosses: gun 07:00:00, times rounded up
    const auto after = client.get("/runner/2", {{"If-None-Match", tag}});
    EXPECT_EQ(after.result_int(), 200u);
    EXPECT_NE(field(after, http::field::etag), tag);
    EXPECT_NE(after.body().find("<p class=\"big\">0:20:00</p>"), std::string::npos) << after.body();
    EXPECT_NE(after.body().find("<dt>Place</dt><dd>1 of 1</dd>"), std::string::npos);
    EXPECT_NE(after.body().find("(recorded by a marshal)"), std::string::npos);
    // The home page (kept per version) has moved on as well.
    EXPECT_NE(client.get("/").body().find("<a href=\"/runner/2\">Bob Runner</a>"), std::string::npos);
}

// Raw bytes from here on: what a broken or hostile client sends.

TEST_F(WebServerTest, MethodsOtherThanGetAndHeadAre405AndTheConnectionCloses) {
    for (const std::string method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
        auto peer = TcpPeer::connect(port);
        peer.send(method + " /results.csv HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n1 7:0");
        EXPECT_EQ(peer.read_line(), "HTTP/1.1 405 Method Not Allowed") << method;
        const auto rest = peer.read_until("\r\n\r\n").value_or("");
        EXPECT_NE(rest.find("Allow: GET, HEAD\r\n"), std::string::npos) << rest;
        EXPECT_NE(rest.find("Connection: close\r\n"), std::string::npos) << rest;
        EXPECT_TRUE(peer.wait_closed()) << method;
    }
    EXPECT_TRUE(race.logged("refused: method POST"));
    EXPECT_EQ(race.count("entries"), 0);  // the web port never stores anything
}

// Request line + headers of exactly `total` bytes (the blank line included).
std::string request_of_size(std::size_t total) {
    const std::string head = "GET /results.csv HTTP/1.1\r\nHost: x\r\nX-Fill: ";
    const std::string tail = "\r\n\r\n";
    return head + std::string(total - head.size() - tail.size(), 'a') + tail;
}

TEST_F(WebServerTest, HeadersUpTo8KiBAreServedAndLongerOnes431) {
    {
        auto peer = TcpPeer::connect(port);
        peer.send(request_of_size(8 * 1024));
        EXPECT_EQ(peer.read_line(), "HTTP/1.1 200 OK");
    }
    auto peer = TcpPeer::connect(port);
    peer.send(request_of_size(8 * 1024 + 1));
    EXPECT_EQ(peer.read_line(), "HTTP/1.1 431 Request Header Fields Too Large");
    EXPECT_TRUE(peer.wait_closed());
    EXPECT_TRUE(wait_for([&] { return race.logged("refused: request line and headers over 8192 bytes"); }));
    // Headers that never end (no blank line) are refused without waiting for the end.
    auto flood = TcpPeer::connect(port);
    std::string lines = "GET /results.csv HTTP/1.1\r\n";
    for (int i = 0; i < 100; ++i) lines += fmt::format("X-{}: {}\r\n", i, std::string(100, 'b'));
    flood.send(lines);
    EXPECT_EQ(flood.read_line(), "HTTP/1.1 431 Request Header Fields Too Large");
    EXPECT_TRUE(flood.wait_closed());
}

TEST_F(WebServerTest, AClientSendingItsHeadersSlowerThan10SecondsIsClosed) {
    auto peer = TcpPeer::connect(port);
    const auto start = Clock::now();
    peer.send("GET /results.csv HTTP/1.1\r\n");
    // One byte a second: every byte is news, but the header is never done in time.
    bool closed = false;
    for (int i = 0; i < 30 && !closed; ++i) {
        peer.send("X");
        closed = peer.wait_closed(milliseconds{1000});
    }
    const auto after = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    EXPECT_TRUE(closed);
    EXPECT_GE(after.count(), 9'500);
    EXPECT_LE(after.count(), 15'000);
    // Logged once the closed connection's session ends, a moment after the client sees it.
    EXPECT_TRUE(wait_for([&] { return race.logged("closed: no complete request header within 10 s"); }))
        << race.log_text();
    // Everyone else is still served.
    EXPECT_EQ(HttpClient(port).get("/results.csv").result_int(), 200u);
}

class WebServerLimitTest : public WebServerTest {
protected:
    WebServerLimitTest() : WebServerTest(web_marshal + "max_connections = 2\n") {}
};

TEST_F(WebServerLimitTest, PastMaxConnectionsANewcomerIsClosedAndTheOthersKeepTheirs) {
    auto a = TcpPeer::connect(port);
    auto b = TcpPeer::connect(port);
    // Both are being read (a slot each) before the third arrives.
    a.send("GET /results.csv HTTP/1.1\r\nHost: x\r\n\r\n");
    b.send("GET /results.csv HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(a.read_line(), "HTTP/1.1 200 OK");
    ASSERT_EQ(b.read_line(), "HTTP/1.1 200 OK");
    auto c = TcpPeer::connect(port);
    EXPECT_TRUE(c.wait_closed());
    EXPECT_TRUE(race.logged("refused: 2 connections open (max_connections = 2)")) << race.log_text();
    a.close();
    // Once a's slot is free a newcomer is served again.
    EXPECT_TRUE(wait_for([&] {
        auto d = TcpPeer::connect(port);
        d.send("GET /results.csv HTTP/1.1\r\nHost: x\r\n\r\n");
        return d.read_line(milliseconds{2000}) == "HTTP/1.1 200 OK";
    }));
}

TEST(WebServerAbsent, NoWebSectionNoWebServer) {
    ServedRace race("");
    race.start();
    EXPECT_EQ(race.service().web_endpoint(), std::nullopt);
    race.stop();
    EXPECT_FALSE(race.logged("web:")) << race.log_text();
}

TEST(WebServerParts, QueryValuesArePercentDecoded) {
    EXPECT_EQ(ingest::query_value("event=5K", "event"), "5K");
    EXPECT_EQ(ingest::query_value("x=1&event=Fun+Run&category=F35-39", "event"), "Fun Run");
    EXPECT_EQ(ingest::query_value("event=Fun%20Run", "event"), "Fun Run");
    EXPECT_EQ(ingest::query_value("event=Z%C3%BCrich", "event"), "Z\xC3\xBCrich");
    EXPECT_EQ(ingest::query_value("event=%2", "event"), "");   // malformed
    EXPECT_EQ(ingest::query_value("event=%zz", "event"), "");  // malformed
    EXPECT_EQ(ingest::query_value("events=5K", "event"), "");
    EXPECT_EQ(ingest::query_value("", "event"), "");
}

TEST(WebServerParts, IfNoneMatchComparesWeakly) {
    EXPECT_TRUE(ingest::etag_matches("\"12\"", "\"12\""));
    EXPECT_TRUE(ingest::etag_matches("W/\"12\"", "\"12\""));
    EXPECT_TRUE(ingest::etag_matches("\"11\", \"12\"", "\"12\""));
    EXPECT_TRUE(ingest::etag_matches(" * ", "\"12\""));
    EXPECT_FALSE(ingest::etag_matches("\"1\"", "\"12\""));
    EXPECT_FALSE(ingest::etag_matches("12", "\"12\""));
    EXPECT_FALSE(ingest::etag_matches("\"112\"", "\"12\""));
}

// RFC 9110 12.5.3: a coding listed with q=0 is refused; "*" stands for any coding.
TEST(WebServerParts, AcceptEncodingReadsQValues) {
    EXPECT_TRUE(ingest::accepts_coding("gzip, deflate, br", "gzip"));
    EXPECT_TRUE(ingest::accepts_coding("GZIP", "gzip"));
    EXPECT_TRUE(ingest::accepts_coding("br;q=1.0, gzip;q=0.8", "gzip"));
    EXPECT_TRUE(ingest::accepts_coding("*", "gzip"));
    EXPECT_FALSE(ingest::accepts_coding("gzip;q=0", "gzip"));
    EXPECT_FALSE(ingest::accepts_coding("gzip; q=0.000", "gzip"));
    EXPECT_FALSE(ingest::accepts_coding("deflate, br", "gzip"));
    EXPECT_FALSE(ingest::accepts_coding("", "gzip"));
    EXPECT_FALSE(ingest::accepts_coding("xgzip", "gzip"));
}

// `finishline serve` as a user runs it: [web] in the config is enough for it to serve.
TEST(WebServeCommand, ServeWithAWebSectionServesTheResults) {
    TempDir dir;
    const auto path = dir.file("race.db");
    {
        auto file = timing::RaceFile::init(path, race_head + "[marshal]\n" + web_marshal, "race.toml",
                                           dir.path().string());
        timing::import_participants_csv(file, participants_csv, "participants.csv");
    }
    const auto err = dir.file("serve.err");
    ChildProcess serve({FL_BINARY, "serve", path}, dir.file("serve.out"), err);
    const auto ports = served_ports(err);
    ASSERT_TRUE(ports.count("web")) << slurp(err);
    EXPECT_NE(slurp(err).find("(phones open http://127.0.0.1:0/; at most 20000 connections)"),
              std::string::npos)
        << slurp(err);
    auto marshal = TcpPeer::connect(ports.at("marshal"));
    marshal.send("1 07:21:13.400\r\n");
    ASSERT_EQ(marshal.read_line(), "OK E1 finish 1 07:21:13.400");
    // Scored a moment after the commit: poll until the finisher shows.
    Response csv;
    ASSERT_TRUE(wait_for([&] {
        csv = HttpClient(ports.at("web")).get("/results.csv");
        return csv.body().find("Ann Runner,F,34,F30-34,0:21:14") != std::string::npos;
    })) << csv.body();
    EXPECT_EQ(csv.body(), run_finishline(dir, {"results", path}).out);
    serve.signal(SIGTERM);
    EXPECT_EQ(serve.wait(), 0) << slurp(err);
}

// The address phones are sent to: as written; derived from listen; with an every-interface
// listen, the machine's own address stands in (0.0.0.0 reaches nothing from a phone).
TEST(WebServerParts, PublicUrlStandsInForEveryInterface) {
    timing::WebConfig web;
    web.listen = {"0.0.0.0", 8080};
    web.public_url = "http://0.0.0.0:8080/";
    const auto lan = ingest::public_url(web, {"192.168.1.10", "10.0.0.5"});
    EXPECT_EQ(lan.url, "http://192.168.1.10:8080/");
    EXPECT_NE(lan.note.find("192.168.1.10"), std::string::npos) << lan.note;
    EXPECT_NE(lan.note.find("10.0.0.5"), std::string::npos) << lan.note;
    const auto none = ingest::public_url(web, {});
    EXPECT_EQ(none.url, "http://0.0.0.0:8080/");
    EXPECT_NE(none.note.find("no network address"), std::string::npos) << none.note;

    web.listen = {"::", 8080};
    EXPECT_EQ(ingest::public_url(web, {"192.168.1.10"}).url, "http://192.168.1.10:8080/");

    web.listen = {"192.168.1.20", 80};
    web.public_url = "http://192.168.1.20:80/";
    EXPECT_EQ(ingest::public_url(web, {"192.168.1.10"}).url, "http://192.168.1.20:80/");
    EXPECT_EQ(ingest::public_url(web, {"192.168.1.10"}).note, "");

    web.listen = {"0.0.0.0", 8080};
    web.public_url = "https://results.example.org/";
    web.public_url_given = true;
    EXPECT_EQ(ingest::public_url(web, {"192.168.1.10"}).url, "https://results.example.org/");
    EXPECT_EQ(ingest::public_url(web, {"192.168.1.10"}).note, "");
}

// This machine's addresses exclude loopback (whatever else it has).
TEST(WebServerParts, NetworkAddressesLeaveOutLoopback) {
    for (const auto& a : ingest::network_addresses()) EXPECT_FALSE(a.starts_with("127.")) << a;
}

}  // namespace
}  // namespace fl::test
