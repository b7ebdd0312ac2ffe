// Web benchmark (issue 14): the service's web server under load, the load generator on the
// same 2-core machine.
//   1. /results.json of a 1,000-runner race (every runner finished) from `finishline serve`
//      (Release), measured with wrk over keep-alive connections: plain, gzip, and answered 304
//      (If-None-Match with the current tag). Reference: the same wrk against a minimal Beast
//      server in this program answering the same bytes from memory (the ceiling of one io
//      thread here, with no routes, no cache and no limits).
//   2. 10,000 concurrent /live (Server-Sent Events) clients, all held by one load-generator
//      thread (Asio over epoll), while a finish surge of 175 finishers a minute arrives as
//      ChronoTrack reads. The service runs in a child process (this program, --service: the
//      same ingest::Service as `finishline serve`, plus a commit hook) that reports each
//      read's commit time on a pipe. Measured: from a finisher's commit to the event naming
//      them reaching each client, over every (finisher, client), and from a read's bytes
//      leaving the emulated reader to their commit; memory per idle /live client from the
//      service's VmRSS before and after the clients connect.
// Run alone:
//   build-bench/bench/web/bench_web --finishline build-bench/tools/finishline
//       [--wrk-seconds S] [--clients N] [--surge-seconds S] [--skip-wrk] [--skip-live]
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "ingest/gzip.hpp"
#include "ingest/service.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

extern char** environ;

using namespace fl;
using namespace std::chrono;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

constexpr int runners = 1000;

std::string race_toml() {
    return R"([race]
name = "Web Load"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "10K"
distance_m = 10000
start = "07:00:00"
min_time = "00:20:00"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 10000
[[readers]]
name = "finish-mat"
protocol = "chronotrack"
listen = "127.0.0.1:0"
timing_point = "finish"
[marshal]
listen = "127.0.0.1:0"
[web]
listen = "127.0.0.1:0"
)";
}

std::string participants() {
    std::string csv = "bib,name,gender,age,chip\n";
    for (int i = 1; i <= runners; ++i)
        csv += fmt::format("{},Runner {} Example,{},{},C{:06}\n", i, i, i % 2 ? 'F' : 'M', 18 + i % 60, i);
    return csv;
}

// Bib `bib`'s crossing, `k`-th read of it: finishers 2 s apart from 07:40, reads 50 ms apart.
std::string read_line(std::int64_t seq, int bib, int k) {
    const auto cs = (40 * 60 + bib * 2) * 100 + k * 5;
    return fmt::format("CT01_33~{}~finish~C{:06}~{:02}:{:02}:{:02}.{:02}~0~0F2A31~1\r\n", seq, bib,
                       7 + cs / 360'000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
}

std::int64_t now_us() {
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1))];
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Fixture {
    std::filesystem::path dir;
    std::string path;
    explicit Fixture(const std::string& name) {
        dir = std::filesystem::temp_directory_path() / fmt::format("fl-bench-web-{}-{}", ::getpid(), name);
        std::filesystem::create_directories(dir);
        path = (dir / "race.db").string();
        auto file = timing::RaceFile::init(path, race_toml(), "bench.toml", dir.string());
        timing::import_participants_csv(file, participants(), "bench.csv");
    }
    ~Fixture() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::string file(const std::string& name) const { return (dir / name).string(); }
};

[[noreturn]] void fail(const std::string& what) {
    fmt::print(stderr, "bench_web: {}\n", what);
    std::exit(1);
}

// A child process; stdout to a file or a pipe (read end in `out`), stderr to a file.
struct Child {
    pid_t pid = -1;
    int out = -1;
    Child(const std::vector<std::string>& args, const std::string& err_path, const std::string& out_path = "") {
        int fds[2] = {-1, -1};
        if (out_path.empty() && ::pipe2(fds, O_CLOEXEC) != 0) fail("pipe failed");
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        if (out_path.empty()) posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
        else posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) fail(fmt::format("cannot start {}: {}", args[0], std::strerror(rc)));
        if (out_path.empty()) {
            ::close(fds[1]);
            out = fds[0];
        }
    }
    ~Child() {
        stop();
        if (out >= 0) ::close(out);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    // SIGTERM, then SIGKILL after 20 s; the exit code.
    int stop() {
        if (pid <= 0) return 0;
        ::kill(pid, SIGTERM);
        int status = 0;
        for (int i = 0; i < 200; ++i) {
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(milliseconds{100});
        }
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        pid = -1;
        return 137;
    }
    // One line from the pipe (blocking).
    std::string line() {
        std::string s;
        char c = 0;
        while (::read(out, &c, 1) == 1 && c != '\n') s += c;
        return s;
    }
};

long rss_kib(pid_t pid) {
    std::ifstream in(fmt::format("/proc/{}/status", pid));
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
    return -1;
}

int connect_to(std::uint16_t port) {
    tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), port);
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, ep.data(), static_cast<socklen_t>(ep.size())) != 0) fail(fmt::format("connect to {} failed", port));
    return fd;
}

void send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) fail("send failed");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Greets like a ChronoTrack controller and waits for the service's start command.
int open_reader(std::uint16_t port) {
    const int fd = connect_to(port);
    send_all(fd, "SimpleClient~1.0~CTP01\r\n");
    std::string got;
    char buf[4096];
    while (got.find("start") == std::string::npos) {
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) fail("no start command from the service");
        got.append(buf, static_cast<std::size_t>(n));
    }
    return fd;
}

struct HttpAnswer {
    int status = 0;
    std::string head, body;
    std::string header(const std::string& name) const {
        std::smatch m;
        if (std::regex_search(head, m, std::regex("\r\n" + name + ": ([^\r]*)", std::regex::icase))) return m[1];
        return "";
    }
};

// One request on a fresh connection (Connection: close), read to the end.
HttpAnswer http_get(std::uint16_t port, const std::string& target, const std::string& headers = "") {
    const int fd = connect_to(port);
    send_all(fd, fmt::format("GET {} HTTP/1.1\r\nHost: bench\r\n{}Connection: close\r\n\r\n", target, headers));
    std::string all;
    char buf[65536];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) all.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    HttpAnswer a;
    const auto end = all.find("\r\n\r\n");
    if (end == std::string::npos || all.size() < 12) fail(fmt::format("no HTTP answer to {}", target));
    a.status = std::atoi(all.c_str() + 9);
    a.head = all.substr(0, end + 2);
    a.body = all.substr(end + 4);
    return a;
}

std::size_t count_of(std::string_view s, std::string_view what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string_view::npos; p = s.find(what, p + what.size())) ++n;
    return n;
}

std::string self_path() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

// ---------------------------------------------------------------------------------------------
// 1. wrk against /results.json

struct WrkRun {
    double rps = 0;
    long not_ok = 0;   // "Non-2xx or 3xx responses"
    long errors = 0;   // socket errors of any kind
    double mb_per_s = 0;
};

WrkRun run_wrk(std::uint16_t port, const std::vector<std::string>& headers, int seconds, const Fixture& fx,
               const std::string& name) {
    std::vector<std::string> args{"wrk", "-t1", "-c50", fmt::format("-d{}s", seconds)};
    for (const auto& h : headers) {
        args.push_back("-H");
        args.push_back(h);
    }
    args.push_back(fmt::format("http://127.0.0.1:{}/results.json", port));
    const auto out = fx.file(name + ".wrk"), err = fx.file(name + ".wrk.err");
    Child wrk(args, err, out);
    int status = 0;
    ::waitpid(wrk.pid, &status, 0);
    wrk.pid = -1;
    const auto text = slurp(out);
    WrkRun r;
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(R"(Requests/sec:\s+([\d.]+))")))
        fail(fmt::format("wrk said no rate:\n{}{}", text, slurp(err)));
    r.rps = std::stod(m[1]);
    if (std::regex_search(text, m, std::regex(R"(Non-2xx or 3xx responses: (\d+))"))) r.not_ok = std::stol(m[1]);
    if (std::regex_search(text, m, std::regex(R"(Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+))")))
        r.errors = std::stol(m[1]) + std::stol(m[2]) + std::stol(m[3]) + std::stol(m[4]);
    if (std::regex_search(text, m, std::regex(R"(Transfer/sec:\s+([\d.]+)(\w+))"))) {
        const double scale = m[2] == "GB" ? 1024 : m[2] == "MB" ? 1 : m[2] == "KB" ? 1.0 / 1024 : 1.0 / 1048576;
        r.mb_per_s = std::stod(m[1]) * scale;
    }
    return r;
}

struct WrkTriple {
    WrkRun plain, gzip, not_modified;
};

WrkTriple wrk_triple(std::uint16_t port, const std::string& etag, int seconds, const Fixture& fx, const std::string& who) {
    WrkTriple t;
    t.plain = run_wrk(port, {}, seconds, fx, who + "-plain");
    t.gzip = run_wrk(port, {"Accept-Encoding: gzip"}, seconds, fx, who + "-gzip");
    t.not_modified = run_wrk(port, {"Accept-Encoding: gzip", "If-None-Match: " + etag}, seconds, fx, who + "-304");
    for (const auto* r : {&t.plain, &t.gzip, &t.not_modified})
        fmt::print("  {:<10} {:>9.0f} requests/s  {:>8.1f} MB/s  (non-2xx/3xx {}, socket errors {})\n",
                   r == &t.plain ? "plain" : r == &t.gzip ? "gzip" : "304", r->rps, r->mb_per_s, r->not_ok, r->errors);
    return t;
}

// The checks before timing: what wrk will get is what it should.
void check_answers(std::uint16_t port, const std::string& etag, const std::string& plain, const std::string& who) {
    const auto p = http_get(port, "/results.json");
    if (p.status != 200 || p.body != plain) fail(who + ": /results.json is not the 1,000-runner export");
    const auto g = http_get(port, "/results.json", "Accept-Encoding: gzip\r\n");
    if (g.status != 200 || g.header("Content-Encoding") != "gzip") fail(who + ": /results.json is not sent gzipped");
    const auto n = http_get(port, "/results.json", fmt::format("Accept-Encoding: gzip\r\nIf-None-Match: {}\r\n", etag));
    if (n.status != 304) fail(fmt::format("{}: If-None-Match {} got {}", who, etag, n.status));
}

struct WrkFigures {
    WrkTriple serve, reference;
    std::size_t json_bytes = 0, gzip_bytes = 0;
};

WrkFigures wrk_bench(const std::string& finishline, int wrk_s) {
    Fixture fx("wrk");
    WrkFigures f;
    std::string plain, etag;
    {
        const auto err = fx.file("serve.err");
        Child serve({finishline, "serve", fx.path}, err, fx.file("serve.out"));
        std::map<std::string, std::uint16_t> ports;
        const auto until = steady_clock::now() + seconds{30};
        while (slurp(err).find("service: serving") == std::string::npos) {
            if (steady_clock::now() > until) fail("finishline serve did not start:\n" + slurp(err));
            std::this_thread::sleep_for(milliseconds{50});
        }
        const auto log = slurp(err);
        const std::regex listening(R"(([\w-]+): listening on 127\.0\.0\.1:(\d+))");
        for (std::sregex_iterator it(log.begin(), log.end(), listening), end; it != end; ++it)
            ports[(*it)[1]] = static_cast<std::uint16_t>(std::stoi((*it)[2]));
        if (!ports.count("web") || !ports.count("finish-mat")) fail("no web or reader port in the log:\n" + log);
        const auto web = ports.at("web");
        // Every runner finishes: 1,000 reads through the reader port.
        const int reader = open_reader(ports.at("finish-mat"));
        std::string lines;
        for (int b = 1; b <= runners; ++b) lines += read_line(b, b, 0);
        send_all(reader, lines);
        const auto done_by = steady_clock::now() + seconds{60};
        for (;;) {
            const auto a = http_get(web, "/results.json");
            if (a.status == 200 && count_of(a.body, "\"FIN\"") == runners) {
                plain = a.body;
                etag = a.header("ETag");
                break;
            }
            if (steady_clock::now() > done_by) fail("the 1,000 finishers did not show in /results.json");
            std::this_thread::sleep_for(milliseconds{200});
        }
        ::close(reader);
        f.json_bytes = plain.size();
        f.gzip_bytes = http_get(web, "/results.json", "Accept-Encoding: gzip\r\n").body.size();
        check_answers(web, etag, plain, "finishline serve");
        fmt::print("/results.json of {} finishers: {} bytes, {} gzipped, ETag {}\n", runners, f.json_bytes,
                   f.gzip_bytes, etag);
        fmt::print("finishline serve (Release), wrk -t1 -c50 -d{}s keep-alive:\n", wrk_s);
        f.serve = wrk_triple(web, etag, wrk_s, fx, "serve");
        if (const int rc = serve.stop(); rc != 0) fail(fmt::format("finishline serve exited {}:\n{}", rc, slurp(err)));
    }
    {
        const auto body = fx.file("results.json");
        std::ofstream(body, std::ios::binary) << plain;
        Child ref({self_path(), "--reference", body, etag}, fx.file("reference.err"));
        const auto port = static_cast<std::uint16_t>(std::stoi(ref.line()));
        check_answers(port, etag, plain, "reference server");
        fmt::print("reference: a minimal Beast server, the same bytes from memory, wrk likewise:\n");
        f.reference = wrk_triple(port, etag, wrk_s, fx, "reference");
    }
    return f;
}

// The reference server: one thread, keep-alive, the body and its gzip form held in memory,
// the same headers as the service; no routes, no cache, no limits.
int reference_main(const std::string& body_path, const std::string& etag) {
    const auto plain = slurp(body_path);
    const auto packed = ingest::gzip(plain);
    asio::io_context io(1);
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
    fmt::print("{}\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    asio::signal_set stop(io, SIGTERM, SIGINT);
    stop.async_wait([&](auto, auto) { io.stop(); });
    auto session = [&](tcp::socket s) -> asio::awaitable<void> {
        beast::flat_buffer buf;
        s.set_option(tcp::no_delay(true));
        for (;;) {
            http::request<http::empty_body> req;
            boost::system::error_code ec;
            co_await http::async_read(s, buf, req, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) co_return;
            http::response<http::span_body<const char>> res{http::status::ok, req.version()};
            res.set("X-Content-Type-Options", "nosniff");
            res.set("Content-Security-Policy", "default-src 'none'");
            res.set(http::field::cache_control, "no-cache");
            res.set(http::field::vary, "Accept-Encoding");
            res.set(http::field::etag, etag);
            const auto inm = req[http::field::if_none_match];
            const bool gz = req[http::field::accept_encoding].find("gzip") != beast::string_view::npos;
            if (!inm.empty() && inm.find(etag.substr(1, etag.size() - 2)) != beast::string_view::npos) {
                res.result(http::status::not_modified);
            } else {
                const std::string& b = gz ? packed : plain;
                res.set(http::field::content_type, "application/json");
                if (gz) res.set(http::field::content_encoding, "gzip");
                res.body() = {b.data(), b.size()};
                res.content_length(b.size());
            }
            res.keep_alive(req.keep_alive());
            co_await http::async_write(s, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !req.keep_alive()) co_return;
        }
    };
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        for (;;) {
            auto s = co_await acceptor.async_accept(asio::use_awaitable);
            asio::co_spawn(io, session(std::move(s)), asio::detached);
        }
    }, asio::detached);
    io.run();
    return 0;
}

// ---------------------------------------------------------------------------------------------
// 2. /live under a finish surge

// The service for the live run, in its own process (so its memory is its own): the same
// ingest::Service as `finishline serve`, which reports each committed read's ChronoTrack
// sequence and commit time (system clock, µs) on stdout, after a first line with its ports.
int service_main(const std::string& race_path) {
    ingest::ServiceOptions o;
    o.handle_signals = true;
    o.on_commit = [](const ingest::JournalWriter::Committed& c) {
        if (c.reads.empty()) return;
        const auto now = now_us();
        std::string out;
        for (const auto& r : c.reads)
            out += fmt::format("R {} {} {}\n", r.device_seq, timing::to_micros(r.receive_time), now);
        for (std::string_view rest = out; !rest.empty();) {
            const auto n = ::write(1, rest.data(), rest.size());
            if (n <= 0) return;
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
    };
    ingest::Service service(race_path, std::move(o));
    const auto web = service.web_endpoint().value().port;
    const auto reader = service.reader_endpoint("finish-mat").value().port;
    const auto ports = fmt::format("{} {}\n", web, reader);
    if (::write(1, ports.data(), ports.size()) != static_cast<ssize_t>(ports.size())) return 1;
    service.run();
    return 0;
}

struct LiveFigures {
    int clients = 0, connected = 0, lost = 0, bad_answers = 0;
    long rss_none_kib = 0, rss_idle_kib = 0;
    double per_client_kib = 0;
    int finishers = 0;
    std::size_t deliveries = 0, expected = 0, events = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
    std::size_t reads = 0, reads_measured = 0;
    double ingest_p50_ms = 0, ingest_p99_ms = 0, ingest_max_ms = 0;
    double received_p50_ms = 0, received_p99_ms = 0;  // from the service's receipt (parsed on the io thread)
    double connect_s = 0;
};

class LiveLoad {
public:
    LiveLoad(std::uint16_t web, int reader_fd, int pipe_fd, pid_t service, int clients, double surge_seconds,
             int reads_per_crossing)
        : web_(asio::ip::make_address_v4("127.0.0.1"), web), reader_(reader_fd), pipe_(io_, pipe_fd),
          service_(service), reads_per_crossing_(reads_per_crossing), timer_(io_) {
        f_.clients = clients;
        surge_finishers_ = std::min(runners, static_cast<int>(surge_seconds * 175.0 / 60.0));
        seen_.assign(static_cast<std::size_t>(clients) * (runners + 1), false);
        got_.resize(runners + 1);
        for (auto& g : got_) g.reserve(static_cast<std::size_t>(clients));
    }

    LiveFigures run() {
        f_.rss_none_kib = rss_kib(service_);
        read_pipe();
        t_connect_ = steady_clock::now();
        for (int i = 0; i < f_.clients; ++i) clients_.push_back(std::make_unique<Client>(io_, i));
        while (next_ < f_.clients && next_ < max_connecting) connect_next();
        watch_ramp();
        io_.run();
        return finish();
    }

private:
    struct Client {
        Client(asio::io_context& io, int i) : socket(io), index(i) {}
        tcp::socket socket;
        std::string tail;  // an event not yet complete
        int index;
        bool header_done = false, open = false;
    };
    static constexpr int max_connecting = 200;

    void connect_next() {
        auto& c = *clients_[static_cast<std::size_t>(next_++)];
        c.socket.async_connect(web_, [this, &c](boost::system::error_code ec) {
            if (next_ < f_.clients) connect_next();
            if (ec) {
                ++f_.lost;
                return;
            }
            c.open = true;
            c.socket.non_blocking(true);
            static constexpr std::string_view req =
                "GET /live HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n";
            if (::send(c.socket.native_handle(), req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
                close(c);
                return;
            }
            wait_readable(c);
        });
    }

    void wait_readable(Client& c) {
        c.socket.async_wait(tcp::socket::wait_read, [this, &c](boost::system::error_code ec) {
            if (ec) return close(c);
            const auto now = now_us();
            for (;;) {
                const auto n = ::recv(c.socket.native_handle(), scratch_.data(), scratch_.size(), 0);
                if (n > 0) {
                    take(c, std::string_view(scratch_.data(), static_cast<std::size_t>(n)), now);
                    if (static_cast<std::size_t>(n) < scratch_.size()) break;
                    continue;
                }
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                return close(c);  // closed by the service, or an error
            }
            wait_readable(c);
        });
    }

    void close(Client& c) {
        if (!c.open) return;
        c.open = false;
        ++f_.lost;
        boost::system::error_code ignored;
        c.socket.close(ignored);
    }

    // Bytes from a client's stream: the answer's header, then events ("\n\n"-terminated)
    // whose finishers ("bib":"N") are stamped with the time they were read.
    void take(Client& c, std::string_view in, std::int64_t now) {
        std::string joined;
        if (!c.tail.empty()) {
            c.tail.append(in);
            joined.swap(c.tail);
            in = joined;
        }
        if (!c.header_done) {
            const auto end = in.find("\r\n\r\n");
            if (end == std::string_view::npos) {
                c.tail.assign(in);
                return;
            }
            if (!in.starts_with("HTTP/1.1 200")) ++f_.bad_answers;
            c.header_done = true;
            ++f_.connected;
            in.remove_prefix(end + 4);
        }
        const auto last = in.rfind("\n\n");
        if (last == std::string_view::npos) {
            c.tail.assign(in);
            return;
        }
        const auto events = in.substr(0, last + 2);
        f_.events += count_of(events, "\ndata: ") + (events.starts_with("data: ") ? 1 : 0);
        constexpr std::string_view key = "\"bib\":\"";
        for (auto p = events.find(key); p != std::string_view::npos; p = events.find(key, p)) {
            p += key.size();
            int bib = 0;
            while (p < events.size() && events[p] >= '0' && events[p] <= '9') bib = bib * 10 + (events[p++] - '0');
            if (bib < 1 || bib > runners) continue;
            const auto slot = static_cast<std::size_t>(c.index) * (runners + 1) + static_cast<std::size_t>(bib);
            if (seen_[slot]) continue;
            seen_[slot] = true;
            got_[static_cast<std::size_t>(bib)].push_back(now);
            ++f_.deliveries;
        }
        c.tail.assign(in.substr(last + 2));
    }

    void read_pipe() {
        pipe_.async_read_some(asio::buffer(pipe_buf_), [this](boost::system::error_code ec, std::size_t n) {
            if (ec) return;
            pipe_text_.append(pipe_buf_.data(), n);
            std::size_t start = 0;
            for (auto nl = pipe_text_.find('\n'); nl != std::string::npos; nl = pipe_text_.find('\n', start)) {
                long long seq = 0, received = 0, at = 0;
                if (std::sscanf(pipe_text_.c_str() + start, "R %lld %lld %lld", &seq, &received, &at) == 3) {
                    committed_at_[seq] = at;
                    received_at_[seq] = received;
                }
                start = nl + 1;
            }
            pipe_text_.erase(0, start);
            read_pipe();
        });
    }

    // Every client connected and holding its first event: let it settle, weigh the service,
    // then the surge.
    void watch_ramp() {
        timer_.expires_after(milliseconds{100});
        timer_.async_wait([this](boost::system::error_code) {
            if (f_.connected + f_.lost < f_.clients) {
                if (steady_clock::now() - t_connect_ > seconds{120}) fail("the clients did not connect within 120 s");
                return watch_ramp();
            }
            f_.connect_s = duration<double>(steady_clock::now() - t_connect_).count();
            fmt::print("{} /live clients connected in {:.1f} s ({} refused or closed)\n", f_.connected, f_.connect_s, f_.lost);
            timer_.expires_after(seconds{3});
            timer_.async_wait([this](boost::system::error_code) {
                f_.rss_idle_kib = rss_kib(service_);
                next_crossing_ = steady_clock::now();
                crossing();
            });
        });
    }

    void crossing() {
        const int bib = ++f_.finishers;
        std::string lines;
        for (int k = 0; k < reads_per_crossing_; ++k) {
            const auto seq = static_cast<std::int64_t>(sent_at_.size()) + 1;
            lines += read_line(seq, bib, k);
            bib_of_seq_.push_back(bib);
            sent_at_.push_back(0);
        }
        const auto stamp = now_us();
        for (int k = 0; k < reads_per_crossing_; ++k) sent_at_[sent_at_.size() - 1 - static_cast<std::size_t>(k)] = stamp;
        first_seq_of_bib_[bib] = static_cast<std::int64_t>(sent_at_.size()) - reads_per_crossing_ + 1;
        send_all(reader_, lines);
        if (f_.finishers >= surge_finishers_) return drain(steady_clock::now() + seconds{20});
        next_crossing_ += duration_cast<steady_clock::duration>(duration<double>(60.0 / 175.0));
        timer_.expires_at(next_crossing_);
        timer_.async_wait([this](boost::system::error_code) { crossing(); });
    }

    // After the last crossing: until every open client has every finisher, or the deadline.
    void drain(steady_clock::time_point deadline) {
        timer_.expires_after(milliseconds{100});
        timer_.async_wait([this, deadline](boost::system::error_code) {
            const auto open = static_cast<std::size_t>(f_.connected - f_.lost);
            if (f_.deliveries >= open * static_cast<std::size_t>(f_.finishers) && committed_at_.size() >= sent_at_.size())
                return io_.stop();
            if (steady_clock::now() > deadline) return io_.stop();
            drain(deadline);
        });
    }

    LiveFigures finish() {
        f_.expected = static_cast<std::size_t>(f_.connected) * static_cast<std::size_t>(f_.finishers);
        std::vector<double> lat;
        lat.reserve(f_.deliveries);
        for (int bib = 1; bib <= f_.finishers; ++bib) {
            const auto it = committed_at_.find(first_seq_of_bib_[bib]);
            if (it == committed_at_.end()) continue;
            for (const auto t : got_[static_cast<std::size_t>(bib)]) lat.push_back(static_cast<double>(t - it->second) / 1000.0);
        }
        std::vector<double> ingest, received;
        f_.reads = sent_at_.size();
        for (std::size_t i = 0; i < sent_at_.size(); ++i) {
            const auto it = committed_at_.find(static_cast<std::int64_t>(i) + 1);
            if (it == committed_at_.end()) continue;
            ingest.push_back(static_cast<double>(it->second - sent_at_[i]) / 1000.0);
            received.push_back(static_cast<double>(it->second - received_at_[it->first]) / 1000.0);
        }
        f_.received_p50_ms = percentile(received, 50);
        f_.received_p99_ms = percentile(received, 99);
        f_.reads_measured = ingest.size();
        f_.p50_ms = percentile(lat, 50);
        f_.p99_ms = percentile(lat, 99);
        f_.max_ms = percentile(lat, 100);
        f_.ingest_p50_ms = percentile(ingest, 50);
        f_.ingest_p99_ms = percentile(ingest, 99);
        f_.ingest_max_ms = percentile(ingest, 100);
        f_.per_client_kib = f_.connected ? static_cast<double>(f_.rss_idle_kib - f_.rss_none_kib) / f_.connected : 0;
        return f_;
    }

    asio::io_context io_{1};
    tcp::endpoint web_;
    int reader_;
    asio::posix::stream_descriptor pipe_;
    pid_t service_;
    int reads_per_crossing_;
    asio::steady_timer timer_;
    LiveFigures f_;
    int surge_finishers_ = 0, next_ = 0;
    steady_clock::time_point t_connect_, next_crossing_;
    std::vector<std::unique_ptr<Client>> clients_;
    std::array<char, 64 * 1024> scratch_{};
    std::array<char, 4096> pipe_buf_{};
    std::string pipe_text_;
    std::vector<bool> seen_;                       // client x bib: delivered already
    std::vector<std::vector<std::int64_t>> got_;   // by bib: when each client read it (µs)
    std::vector<std::int64_t> sent_at_;            // by sequence - 1: when the read left (µs)
    std::vector<int> bib_of_seq_;
    std::map<int, std::int64_t> first_seq_of_bib_;
    std::map<std::int64_t, std::int64_t> committed_at_;  // sequence -> commit (µs)
    std::map<std::int64_t, std::int64_t> received_at_;   // sequence -> the service's receive time (µs)
};

LiveFigures live_bench(int clients, double surge_seconds, int reads_per_crossing) {
    Fixture fx("live");
    const auto err = fx.file("service.err");
    Child service({self_path(), "--service", fx.path}, err);
    const auto ports = service.line();
    int web = 0, reader_port = 0;
    if (std::sscanf(ports.c_str(), "%d %d", &web, &reader_port) != 2) fail("the service did not start:\n" + slurp(err));
    const int reader = open_reader(static_cast<std::uint16_t>(reader_port));
    // /live must exist before anything is timed.
    {
        const int fd = connect_to(static_cast<std::uint16_t>(web));
        send_all(fd, "GET /live HTTP/1.1\r\nHost: bench\r\n\r\n");
        char buf[512];
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        ::close(fd);
        if (n < 12 || std::string_view(buf, 12) != "HTTP/1.1 200") fail("the service has no /live stream (merge i14-live)");
    }
    std::this_thread::sleep_for(seconds{1});
    fmt::print("live: {} /live clients from one load-generator thread, then {:.0f} s of 175 finishers/min "
               "({} ChronoTrack reads per crossing)\n", clients, surge_seconds, reads_per_crossing);
    LiveLoad load(static_cast<std::uint16_t>(web), reader, service.out, service.pid, clients, surge_seconds,
                  reads_per_crossing);
    service.out = -1;  // the load's stream_descriptor owns it now
    auto f = load.run();
    ::close(reader);
    if (const int rc = service.stop(); rc != 0) fail(fmt::format("the service exited {}:\n{}", rc, slurp(err)));
    fmt::print("  service VmRSS {} KiB with no client, {} KiB with {} idle /live clients: {:.2f} KiB per client (target <= 16)\n",
               f.rss_none_kib, f.rss_idle_kib, f.connected, f.per_client_kib);
    fmt::print("  {} finishers, {} events read, {} of {} (finisher, client) deliveries, {} clients lost\n", f.finishers,
               f.events, f.deliveries, f.expected, f.lost);
    fmt::print("  commit -> event read by the client  p50 {:7.1f} ms  p99 {:7.1f} ms  max {:7.1f} ms  (target p99 <= 1000 ms)\n",
               f.p50_ms, f.p99_ms, f.max_ms);
    fmt::print("  read sent -> committed ({} of {} reads) p50 {:5.2f} ms  p99 {:5.2f} ms  max {:5.2f} ms  (target p99 <= 25 ms)\n",
               f.reads_measured, f.reads, f.ingest_p50_ms, f.ingest_p99_ms, f.ingest_max_ms);
    fmt::print("  read received (parsed by the service) -> committed  p50 {:5.2f} ms  p99 {:5.2f} ms\n",
               f.received_p50_ms, f.received_p99_ms);
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string_view(argv[1]) == "--service") return service_main(argv[2]);
    if (argc == 4 && std::string_view(argv[1]) == "--reference") return reference_main(argv[2], argv[3]);
    std::string finishline;
    int wrk_seconds = 5, clients = 10'000, reads_per_crossing = 3;
    double surge_seconds = 90;
    bool skip_wrk = false, skip_live = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--finishline" && has_value) finishline = argv[++i];
        else if (a == "--wrk-seconds" && has_value) wrk_seconds = std::atoi(argv[++i]);
        else if (a == "--clients" && has_value) clients = std::atoi(argv[++i]);
        else if (a == "--surge-seconds" && has_value) surge_seconds = std::atof(argv[++i]);
        else if (a == "--reads-per-crossing" && has_value) reads_per_crossing = std::atoi(argv[++i]);
        else if (a == "--skip-wrk") skip_wrk = true;
        else if (a == "--skip-live") skip_live = true;
        else {
            std::fprintf(stderr, "usage: bench_web --finishline PATH [--wrk-seconds S] [--clients N] "
                                 "[--surge-seconds S] [--reads-per-crossing N] [--skip-wrk] [--skip-live]\n");
            return 2;
        }
    }
    if (!skip_wrk && finishline.empty()) fail("--finishline PATH (the Release finishline) is needed for the wrk runs");
    ::signal(SIGPIPE, SIG_IGN);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress as it happens, through tee too
    std::string json = "{";
    if (!skip_wrk) {
        const auto w = wrk_bench(finishline, wrk_seconds);
        json += fmt::format(
            "\"json_bytes\": {}, \"gzip_bytes\": {}, \"wrk_seconds\": {}, "
            "\"serve_plain_rps\": {:.0f}, \"serve_gzip_rps\": {:.0f}, \"serve_304_rps\": {:.0f}, "
            "\"ref_plain_rps\": {:.0f}, \"ref_gzip_rps\": {:.0f}, \"ref_304_rps\": {:.0f}, "
            "\"serve_errors\": {}, \"serve_plain_mb_s\": {:.1f}",
            w.json_bytes, w.gzip_bytes, wrk_seconds, w.serve.plain.rps, w.serve.gzip.rps, w.serve.not_modified.rps,
            w.reference.plain.rps, w.reference.gzip.rps, w.reference.not_modified.rps,
            w.serve.plain.errors + w.serve.gzip.errors + w.serve.not_modified.errors + w.serve.plain.not_ok +
                w.serve.gzip.not_ok + w.serve.not_modified.not_ok,
            w.serve.plain.mb_per_s);
    }
    if (!skip_live) {
        const auto l = live_bench(clients, surge_seconds, reads_per_crossing);
        if (json.size() > 1) json += ", ";
        json += fmt::format(
            "\"live_clients\": {}, \"live_connected\": {}, \"live_lost\": {}, \"live_bad\": {}, "
            "\"rss_none_kib\": {}, \"rss_idle_kib\": {}, \"kib_per_client\": {:.2f}, "
            "\"finishers\": {}, \"surge_seconds\": {:.0f}, \"deliveries\": {}, \"expected_deliveries\": {}, "
            "\"live_p50_ms\": {:.1f}, \"live_p99_ms\": {:.1f}, \"live_max_ms\": {:.1f}, "
            "\"reads\": {}, \"reads_measured\": {}, \"ingest_p50_ms\": {:.2f}, \"ingest_p99_ms\": {:.2f}, "
            "\"ingest_max_ms\": {:.2f}, \"received_p50_ms\": {:.2f}, \"received_p99_ms\": {:.2f}, "
            "\"connect_s\": {:.1f}",
            l.clients, l.connected, l.lost, l.bad_answers, l.rss_none_kib, l.rss_idle_kib, l.per_client_kib,
            l.finishers, surge_seconds, l.deliveries, l.expected, l.p50_ms, l.p99_ms, l.max_ms, l.reads,
            l.reads_measured, l.ingest_p50_ms, l.ingest_p99_ms, l.ingest_max_ms, l.received_p50_ms,
            l.received_p99_ms, l.connect_s);
    }
    fmt::print("BENCH_JSON {}}}\n", json);
    return 0;
}
