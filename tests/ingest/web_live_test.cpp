// The /live Server-Sent Events stream over real HTTP on loopback: a real Service on a real race
// file, finishes entered on the real marshal port, the stream read as raw bytes the way a
// browser's EventSource reads them. Expected times and places are worked by hand from the race
// in served_race.hpp (5K, gun 07:00:00 for wave A and 07:05:00 for wave B, ranked by gun time,
// result times rounded up to the second).
#include <utility>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "ingest/open_files.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/ingest/tcp_peer.hpp"

namespace fl::test {
namespace {

const std::string web_marshal = "listen = \"127.0.0.1:0\"\n[web]\nlisten = \"127.0.0.1:0\"\n";

// The finisher objects as the stream lists them (hand-worked: Bob's 19:59.01 and Ann's
// 21:13.4 after the 07:00 gun round up to 0:20:00 and 0:21:14; no start mat, so net = gun).
const std::string bob_first =
    R"({"bib":"2","name":"Bob Runner","event":"5K","place":1,"gender_place":1,"category_place":1,)"
    R"("category":"M40-44","gun_time":"0:20:00","net_time":"0:20:00"})";
const std::string ann_second =
    R"({"bib":"1","name":"Ann Runner","event":"5K","place":2,"gender_place":1,"category_place":1,)"
    R"("category":"F30-34","gun_time":"0:21:14","net_time":"0:21:14"})";
const std::string ann_alone =
    R"({"bib":"1","name":"Ann Runner","event":"5K","place":1,"gender_place":1,"category_place":1,)"
    R"("category":"F30-34","gun_time":"0:21:14","net_time":"0:21:14"})";

std::string data_of(std::uint64_t version, bool full, const std::string& finishers,
                    const std::string& removed = "") {
    return fmt::format(R"({{"version":{},"full":{},"finishers":[{}],"removed":[{}]}})", version,
                       full ? "true" : "false", finishers, removed);
}

// One block of the stream: an event (id + data) or a comment.
struct Sse {
    std::string id, data, comment;
    Clock::time_point at;
};

Sse parse(const std::string& block, Clock::time_point at) {
    Sse out;
    out.at = at;
    std::size_t pos = 0;
    while (pos < block.size()) {
        const auto end = block.find('\n', pos);
        const auto line = block.substr(pos, end - pos);
        pos = end == std::string::npos ? block.size() : end + 1;
        if (line.starts_with("id: ")) out.id = line.substr(4);
        else if (line.starts_with("data: ")) out.data += line.substr(6);
        else if (line.starts_with(":")) out.comment += line;
    }
    return out;
}

// An EventSource as far as the wire goes.
class LiveClient {
public:
    LiveClient(std::uint16_t port, const std::string& target = "/live",
               const std::string& extra_headers = "", const std::string& method = "GET")
        : peer_(TcpPeer::connect(port)) {
        peer_.send(fmt::format("{} {} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n{}\r\n", method,
                               target, extra_headers));
        header_ = peer_.read_until("\r\n\r\n").value_or("");
    }
    const std::string& header() const { return header_; }
    std::optional<Sse> next(milliseconds timeout = patience) {
        auto block = peer_.read_until("\n\n", timeout);
        if (!block) return std::nullopt;
        return parse(*block, Clock::now());
    }
    TcpPeer& peer() { return peer_; }

private:
    TcpPeer peer_;
    std::string header_;
};

class WebLiveTest : public ::testing::Test {
protected:
    void serve(ingest::WebOptions web = fast(), const std::string& toml = web_marshal) {
        race = std::make_unique<ServedRace>("", toml);
        ingest::ServiceOptions options;
        options.web = web;
        race->start(std::move(options));
        port = race->service().web_endpoint().value().port;
    }
    static ingest::WebOptions fast() {
        ingest::WebOptions w;
        w.live_interval = milliseconds{300};
        w.live_keepalive = milliseconds{60'000};
        return w;
    }
    // A line on the marshal port; returns once it is committed and scored.
    void marshal(const std::string& line, const std::string& expect_reply) {
        const auto before = version();
        // Connected at first use: the marshal port closes a connection silent for 10 s.
        if (!marshal_peer) marshal_peer = std::make_unique<TcpPeer>(TcpPeer::connect(race->marshal_port()));
        marshal_peer->send(line + "\r\n");
        const auto reply = marshal_peer->read_line();
        // "OK *": any OK (the words of a correction's reply are not what is tested here).
        if (expect_reply == "OK *") ASSERT_TRUE(reply && reply->starts_with("OK ")) << reply.value_or("(none)");
        else ASSERT_EQ(reply, expect_reply);
        ASSERT_TRUE(wait_for([&] { return version() > before; }));
    }
    std::uint64_t version() { return race->service().standings()->version; }
    // The stream takes each snapshot on the io thread a moment after the results thread publishes
    // it; a client resuming inside that moment is sent the version before, and the rest as its next
    // event. Tests that compare a resumed client's first event wait until a new client is told
    // the current version.
    void wait_until_streamed() {
        const auto want = std::to_string(version());
        ASSERT_TRUE(wait_for([&] {
            LiveClient fresh(port);
            const auto e = fresh.next(milliseconds{2000});
            return e && e->id == want;
        })) << "the stream never reached version " << want;
    }
    std::string results_json() {
        auto c = TcpPeer::connect(port);
        c.send("GET /results.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        std::string all;
        while (auto chunk = c.read_until("\n", milliseconds{5000})) all += *chunk;
        return all;
    }

    std::unique_ptr<ServedRace> race;
    std::uint16_t port = 0;
    std::unique_ptr<TcpPeer> marshal_peer;
};

TEST_F(WebLiveTest, TheFirstEventComesAtOnceWithTheCurrentVersion) {
    serve();
    const auto v = version();
    LiveClient client(port);
    const auto& h = client.header();
    EXPECT_TRUE(h.starts_with("HTTP/1.1 200 OK\r\n")) << h;
    for (const auto* field : {"Content-Type: text/event-stream\r\n", "Cache-Control: no-cache\r\n",
                              "X-Accel-Buffering: no\r\n", "X-Content-Type-Options: nosniff\r\n",
                              "Content-Security-Policy: default-src 'none'\r\n", "Connection: close\r\n"})
        EXPECT_NE(h.find(field), std::string::npos) << field << " in\n" << h;
    EXPECT_EQ(h.find("Content-Length"), std::string::npos) << h;
    const auto first = client.next(milliseconds{2000});
    ASSERT_TRUE(first);
    EXPECT_EQ(first->id, std::to_string(v));
    EXPECT_EQ(first->data, data_of(v, false, ""));
}

TEST_F(WebLiveTest, AFinishOnTheMarshalPortIsListedWithItsPlaceAndTimes) {
    serve();
    LiveClient client(port);
    ASSERT_TRUE(client.next(milliseconds{2000}));
    marshal("1 07:21:13.400", "OK E1 finish 1 07:21:13.400");
    const auto event = client.next(milliseconds{5000});
    ASSERT_TRUE(event);
    EXPECT_EQ(event->id, std::to_string(version()));
    EXPECT_EQ(event->data, data_of(version(), false, ann_alone));
    // The same time strings as /results.json (its "text"): 21:13.4 = 1,273,400,000 µs.
    EXPECT_NE(results_json().find(R"("gun_time":{"us":1273400000,"text":"0:21:14"},"net_time":{"us":1273400000,"text":"0:21:14"})"),
              std::string::npos);
    // A disqualification: no longer a finisher, said in "removed".
    marshal("DQ 1 cut the course", "OK C1 dq 1 cut the course");
    const auto dq = client.next(milliseconds{5000});
    ASSERT_TRUE(dq);
    EXPECT_EQ(dq->data, data_of(version(), false, "", R"("1")"));
}

// A name is data: escaped inside the JSON, so it can neither end the event's line nor be
// markup when a page puts it in the document.
TEST_F(WebLiveTest, ANameIsEscapedInTheEvent) {
    serve();
    marshal(R"(EDIT 1 name="<script>alert(1)</script> \"Ann\"")", "OK *");
    LiveClient client(port);
    ASSERT_TRUE(client.next(milliseconds{2000}));
    marshal("1 07:21:13.400", "OK E1 finish 1 07:21:13.400");
    const auto e = client.next(milliseconds{5000});
    ASSERT_TRUE(e);
    EXPECT_NE(e->data.find(R"("name":"\u003cscript\u003ealert(1)\u003c/script\u003e \"Ann\"")"),
              std::string::npos)
        << e->data;
}

TEST_F(WebLiveTest, ABurstIsCoalescedNeverTwoEventsWithinTheIntervalNoneLostNoneTwice) {
    serve();
    LiveClient client(port);
    ASSERT_TRUE(client.next(milliseconds{2000}));
    std::mutex m;
    std::vector<Sse> events;
    std::atomic<bool> done{false};
    std::thread reader([&] {
        while (!done) {
            auto e = client.next(milliseconds{200});
            if (!e) continue;
            std::lock_guard lock(m);
            events.push_back(std::move(*e));
        }
    });
    // Five finishes a little apart: several publishes, fewer events.
    const std::vector<std::pair<std::string, std::string>> lines = {
        {"2 07:19:59.010", "OK E1 finish 2 07:19:59.010"}, {"1 07:21:13.400", "OK E2 finish 1 07:21:13.400"},
        {"3 07:30:00", "OK E3 finish 3 07:30:00.000"},     {"5 07:31:00", "OK E4 finish 5 07:31:00.000"},
        {"4 07:40:00", "OK E5 finish 4 07:40:00.000"}};
    for (const auto& [line, reply] : lines) {
        marshal(line, reply);
        std::this_thread::sleep_for(milliseconds{80});
    }
    const auto last = version();
    EXPECT_TRUE(wait_for([&] {
        std::lock_guard lock(m);
        return !events.empty() && events.back().id == std::to_string(last);
    }, milliseconds{5000}));
    done = true;
    reader.join();
    std::map<std::string, int> bibs;
    const std::regex bib(R"re("bib":"(\d+)")re");
    for (const auto& e : events)
        for (std::sregex_iterator it(e.data.begin(), e.data.end(), bib), end; it != end; ++it)
            ++bibs[(*it)[1]];
    EXPECT_EQ(bibs, (std::map<std::string, int>{{"1", 1}, {"2", 1}, {"3", 1}, {"4", 1}, {"5", 1}}));
    EXPECT_GE(events.size(), 2u);
    EXPECT_LT(events.size(), 5u);  // coalesced
    for (std::size_t i = 1; i < events.size(); ++i) {
        // Sent at least 300 ms apart; the reader may see one a little late, the next on time.
        const auto gap = std::chrono::duration_cast<milliseconds>(events[i].at - events[i - 1].at);
        EXPECT_GE(gap.count(), 270) << "events " << i - 1 << " and " << i;
        EXPECT_GT(std::stoull(events[i].id), std::stoull(events[i - 1].id));
    }
}

TEST_F(WebLiveTest, LastEventIdAndSinceResumeWithExactlyTheMissedFinishers) {
    serve();
    marshal("3 07:30:00", "OK E1 finish 3 07:30:00.000");  // before: not missed
    std::string seen;
    {
        LiveClient client(port);
        const auto first = client.next(milliseconds{2000});
        ASSERT_TRUE(first);
        seen = first->id;
    }
    // While away: Bob, then Ann (places 1 and 2; Cat's 0:25:00 from wave B's gun is third).
    marshal("2 07:19:59.010", "OK E2 finish 2 07:19:59.010");
    marshal("1 07:21:13.400", "OK E3 finish 1 07:21:13.400");
    wait_until_streamed();
    const auto v = version();
    const auto expected = data_of(v, false, bob_first + "," + ann_second);
    LiveClient resumed(port, "/live", "Last-Event-ID: " + seen + "\r\n");
    auto e = resumed.next(milliseconds{2000});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->id, std::to_string(v));
    EXPECT_EQ(e->data, expected);
    LiveClient by_query(port, "/live?since=" + seen);
    e = by_query.next(milliseconds{2000});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->data, expected);
    // Last-Event-ID wins over ?since= (EventSource reconnects to the same URL with the header).
    LiveClient both(port, "/live?since=" + seen, fmt::format("Last-Event-ID: {}\r\n", v));
    e = both.next(milliseconds{2000});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->data, data_of(v, false, ""));
}

TEST_F(WebLiveTest, ARunnerChangedTwiceWhileAwayIsListedOnceAsTheyAreNow) {
    serve();
    std::string seen;
    {
        LiveClient client(port);
        seen = client.next(milliseconds{2000}).value().id;
    }
    marshal("1 07:21:13.400", "OK E1 finish 1 07:21:13.400");
    marshal("MOVE 1 07:21:30", "OK *");  // corrected: 21:30 after the gun
    wait_until_streamed();
    LiveClient resumed(port, "/live", "Last-Event-ID: " + seen + "\r\n");
    const auto e = resumed.next(milliseconds{2000});
    ASSERT_TRUE(e);
    std::string moved = ann_alone;
    moved.replace(moved.find("0:21:14"), 7, "0:21:30");
    moved.replace(moved.find("0:21:14"), 7, "0:21:30");
    EXPECT_EQ(e->data, data_of(version(), false, moved));
}

TEST_F(WebLiveTest, AnIdFromTheFutureOrNotAVersionGetsAFullEvent) {
    serve();
    marshal("1 07:21:13.400", "OK E1 finish 1 07:21:13.400");
    wait_until_streamed();
    const auto v = version();
    for (const auto& id : {std::to_string(v + 100), std::string("abc")}) {
        LiveClient client(port, "/live", "Last-Event-ID: " + id + "\r\n");
        const auto e = client.next(milliseconds{2000});
        ASSERT_TRUE(e) << id;
        EXPECT_EQ(e->id, std::to_string(v));
        EXPECT_EQ(e->data, data_of(v, true, ann_alone)) << id;
    }
    // ?since=0: everything there is, from the start.
    LiveClient all(port, "/live?since=0");
    const auto e = all.next(milliseconds{2000});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->data, data_of(v, true, ann_alone));
    // Bob ahead of her: Ann's result is the same, her place is not.
    marshal("2 07:19:59.010", "OK E2 finish 2 07:19:59.010");
    wait_until_streamed();
    LiveClient again(port, "/live?since=0");
    const auto later = again.next(milliseconds{2000});
    ASSERT_TRUE(later);
    EXPECT_EQ(later->data, data_of(version(), true, bob_first + "," + ann_second));
}

TEST_F(WebLiveTest, AnIdOlderThanTheHistoryGetsAFullEvent) {
    auto w = fast();
    w.live_history_entries = 1;
    serve(w);
    std::string seen;
    {
        LiveClient client(port);
        seen = client.next(milliseconds{2000}).value().id;
    }
    marshal("2 07:19:59.010", "OK E1 finish 2 07:19:59.010");
    marshal("1 07:21:13.400", "OK E2 finish 1 07:21:13.400");  // Bob's publish is forgotten
    wait_until_streamed();
    LiveClient resumed(port, "/live", "Last-Event-ID: " + seen + "\r\n");
    const auto e = resumed.next(milliseconds{2000});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->data, data_of(version(), true, bob_first + "," + ann_second));
}

TEST_F(WebLiveTest, AQuietStreamGetsACommentEachKeepAliveInterval) {
    auto w = fast();
    w.live_keepalive = milliseconds{400};
    serve(w);
    LiveClient client(port);
    const auto first = client.next(milliseconds{2000});
    ASSERT_TRUE(first);
    auto before = first->at;
    for (int i = 0; i < 2; ++i) {
        const auto c = client.next(milliseconds{3000});
        ASSERT_TRUE(c);
        EXPECT_EQ(c->comment, ": keep-alive");
        EXPECT_EQ(c->id, "");
        EXPECT_GE(std::chrono::duration_cast<milliseconds>(c->at - before).count(), 350);
        before = c->at;
    }
}

// The 10 s header deadline is for reading a request: a /live client stays after it.
TEST_F(WebLiveTest, TheHeaderDeadlineDoesNotCloseALiveClient) {
    serve();
    LiveClient client(port);
    ASSERT_TRUE(client.next(milliseconds{2000}));
    EXPECT_FALSE(client.peer().wait_closed(milliseconds{11'000}));
    marshal("1 07:21:13.400", "OK E1 finish 1 07:21:13.400");
    const auto e = client.next(milliseconds{5000});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->data, data_of(version(), false, ann_alone));
}

TEST_F(WebLiveTest, HeadAnswersTheHeadersOnly) {
    serve();
    LiveClient client(port, "/live", "", "HEAD");
    EXPECT_TRUE(client.header().starts_with("HTTP/1.1 200 OK\r\n")) << client.header();
    EXPECT_NE(client.header().find("Content-Type: text/event-stream\r\n"), std::string::npos);
    EXPECT_FALSE(client.next(milliseconds{500}));  // no event
    EXPECT_TRUE(client.peer().wait_closed(milliseconds{2000}));
}

TEST_F(WebLiveTest, OtherMethodsAre405) {
    serve();
    auto peer = TcpPeer::connect(port);
    peer.send("POST /live HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(peer.read_line(), "HTTP/1.1 405 Method Not Allowed");
}

TEST_F(WebLiveTest, LiveClientsCountAgainstMaxConnections) {
    serve(fast(), web_marshal + "max_connections = 2\n");
    LiveClient a(port), b(port);
    ASSERT_TRUE(a.next(milliseconds{2000}));
    ASSERT_TRUE(b.next(milliseconds{2000}));
    auto c = TcpPeer::connect(port);
    EXPECT_TRUE(c.wait_closed(milliseconds{5000}));
    EXPECT_TRUE(race->logged("refused: 2 connections open (max_connections = 2)")) << race->log_text();
}

TEST_F(WebLiveTest, StoppingTheServiceEndsTheStreamsPromptly) {
    serve();
    std::vector<std::unique_ptr<LiveClient>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<LiveClient>(port));
        ASSERT_TRUE(clients.back()->next(milliseconds{2000}));
    }
    marshal_peer.reset();
    const auto start = Clock::now();
    race->stop();
    const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    EXPECT_LT(took.count(), 2000);
    for (auto& c : clients) EXPECT_TRUE(c->peer().wait_closed(milliseconds{1000}));
}

TEST_F(WebLiveTest, TheLogSaysHowManyConnectionsTheWebServerCanTake) {
    serve();
    const std::regex line(R"(web: can take (\d+) connections at once: open-file limit (\d+))");
    std::smatch m;
    std::string log;
    // Logged by the service's thread once it runs.
    ASSERT_TRUE(wait_for([&] {
        log = race->log_text();
        return std::regex_search(log, m, line);
    })) << log;
    EXPECT_GT(std::stoull(m[1]), 0u);
    EXPECT_LE(std::stoull(m[1]), 20000u);
    EXPECT_LT(std::stoull(m[1]), std::stoull(m[2]));
}

TEST(OpenFiles, WebCapacityIsWhatTheLimitLeaves) {
    // 1024 descriptors, 20 open, 100 kept for the rest: 904 for phones.
    EXPECT_EQ(ingest::web_connection_capacity({1024, 1024, 20}, 20000, 100), 904u);
    EXPECT_EQ(ingest::web_connection_capacity({1'048'576, 1024, 20}, 20000, 100), 20000u);
    EXPECT_EQ(ingest::web_connection_capacity({64, 64, 20}, 20000, 100), 1u);
    const auto files = ingest::raise_open_file_limit();
    EXPECT_GE(files.limit, files.was);
    EXPECT_GT(files.in_use, 2u);  // stdin, stdout, stderr at least
}

}  // namespace
}  // namespace fl::test
