#include <utility>

#include "ingest/status_query.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include "ingest/error.hpp"
#include "timing/text.hpp"
#include "ingest/marshal_protocol.hpp"
#include "ingest/read_builder.hpp"
#include "ingest/serve_lock.hpp"
#include "timing/race_file.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Runs the io_context until `done` or the deadline; false on timeout.
bool run_until(asio::io_context& io, const bool& done, std::chrono::steady_clock::time_point end) {
    while (!done) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= end) return false;
        io.restart();
        io.run_one_for(end - now);
    }
    return true;
}

}  // namespace

std::vector<std::string> query_status(const std::string& race_path,
                                      std::chrono::milliseconds timeout) {
    timing::RaceFile file(race_path, timing::RaceFile::Access::read_only);
    const auto info = ServeLock::running(race_path);
    if (!info) {
        throw Error(fmt::format("no service is running for '{}': start it with 'finishline serve {}'",
                                race_path, race_path));
    }
    auto endpoint = file.config().marshal.listen;
    if (const auto pos = info->find("marshal="); pos != std::string::npos) {
        const auto end = info->find('\n', pos);
        if (auto ep = timing::parse_endpoint(std::string_view(*info).substr(pos + 8, end - pos - 8)))
            endpoint = *ep;
    }

    asio::io_context io;
    tcp::socket socket(io);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    boost::system::error_code ec;
    bool done = false;
    tcp::resolver resolver(io);
    const auto found = resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
    if (!ec) {
        asio::async_connect(socket, found, [&](boost::system::error_code e, const tcp::endpoint&) {
            ec = e;
            done = true;
        });
        if (!run_until(io, done, deadline)) ec = asio::error::timed_out;
    }
    if (ec) {
        throw Error(fmt::format("the service for '{}' does not answer on its marshal port {} ({})",
                                race_path, endpoint.to_string(), ec.message()));
    }
    std::string request;
    if (file.config().marshal.token) request += fmt::format("AUTH {}\r\n", *file.config().marshal.token);
    request += "STATUS\r\nQUIT\r\n";
    asio::write(socket, asio::buffer(request), ec);

    std::vector<std::string> lines;
    asio::streambuf buf(64 * 1024);
    for (;;) {
        done = false;
        std::size_t n = 0;
        asio::async_read_until(socket, buf, "\n", [&](boost::system::error_code e, std::size_t got) {
            ec = e;
            n = got;
            done = true;
        });
        if (!run_until(io, done, deadline)) {
            throw Error(fmt::format("the service for '{}' did not answer STATUS within {} ms",
                                    race_path, timeout.count()));
        }
        if (ec) {
            throw Error(fmt::format("the service for '{}' closed the connection: {}", race_path,
                                    ec.message()));
        }
        std::string line(asio::buffers_begin(buf.data()), asio::buffers_begin(buf.data()) + static_cast<std::ptrdiff_t>(n));
        buf.consume(n);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        if (line.starts_with("ERR")) {
            throw Error(fmt::format("the service for '{}' refused STATUS: {}", race_path, line));
        }
        if (line.starts_with("OK status")) return lines;
        if (line.starts_with("STATUS ") || line.starts_with("SITE ")) lines.push_back(std::move(line));
    }
}

std::optional<SiteLine> parse_site_line(std::string_view line) {
    if (!line.starts_with("SITE ")) return std::nullopt;
    // Site names and values have no spaces (letters, digits, '-', '_'; times; numbers).
    const auto words = timing::split(line.substr(5), ' ');
    if (words.empty() || words[0].empty()) return std::nullopt;
    SiteLine s;
    s.name = std::string(words[0]);
    auto number = [](std::string_view v) { return static_cast<long long>(parse_int(v).value_or(0)); };
    for (std::size_t i = 1; i < words.size(); ++i) {
        const auto eq = words[i].find('=');
        if (eq == std::string_view::npos) continue;
        const auto key = words[i].substr(0, eq);
        const auto value = words[i].substr(eq + 1);
        if (key == "connected") s.connected = number(value);
        else if (key == "last_heartbeat") s.last_heartbeat = std::string(value);
        else if (key == "last_read") s.last_read = std::string(value);
        else if (key == "last_seq") s.last_seq = number(value);
        else if (key == "held") s.held = number(value);
        else if (key == "behind") s.behind = number(value);
        else if (key == "clock_difference") s.clock_difference = std::string(value);
    }
    return s;
}

std::optional<StatusLine> parse_status_line(std::string_view line) {
    if (!line.starts_with("STATUS ")) return std::nullopt;
    line.remove_prefix(7);
    StatusLine s;
    const auto split = split_marshal_words(line);
    if (!split.error.empty() || split.words.size() < 2) return std::nullopt;
    std::vector<std::string_view> fields;
    for (const auto& w : split.words) fields.push_back(w.text);
    s.name = std::string(fields[0]);
    s.protocol = std::string(fields[1]);
    auto number = [](std::string_view v) { return static_cast<long long>(parse_int(v).value_or(0)); };
    for (std::size_t i = 2; i < fields.size(); ++i) {
        const auto eq = fields[i].find('=');
        if (eq == std::string_view::npos) continue;
        const auto key = fields[i].substr(0, eq);
        const auto value = fields[i].substr(eq + 1);
        if (key == "listen" || key == "connect") s.endpoint = fmt::format("{} {}", key, value);
        else if (key == "connected") s.connected = number(value);
        else if (key == "peers") s.peers = std::string(value);
        else if (key == "last_read") s.last_read = std::string(value);
        else if (key == "reads_today") s.reads_today = number(value);
        else if (key == "resends") s.resends = number(value);
        else if (key == "parse_errors") s.parse_errors = number(value);
        else if (key == "clock_offset") s.clock_offset = std::string(value);
        else if (key == "clock_warning") s.clock_warning = std::string(value);
        else if (key == "last_error") s.last_error = std::string(value);
    }
    return s;
}

}  // namespace fl::ingest
