#pragma once
// What the web tests share: an HTTP/1.1 client over one keep-alive connection (Beast's), and a
// marshal line through a served race, committed and scored before it returns.
#include <utility>

#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "tests/ingest/served_race.hpp"

namespace fl::test {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

inline std::string field(const HttpResponse& r, boost::beast::http::field f) {
    const auto v = r[f];
    return std::string(v.data(), v.size());
}
inline std::string field(const HttpResponse& r, std::string_view name) {
    const auto v = r[boost::beast::string_view(name.data(), name.size())];
    return std::string(v.data(), v.size());
}
inline bool has(const HttpResponse& r, boost::beast::http::field f) { return r.find(f) != r.end(); }

// One keep-alive connection with a deadline on every read, so a broken server fails the test.
class HttpClient {
public:
    explicit HttpClient(std::uint16_t port) : socket_(io_) {
        socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
        timeval limit{30, 0};
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    }
    HttpResponse request(boost::beast::http::verb verb, const std::string& target,
                         const HttpHeaders& headers = {}) {
        namespace http = boost::beast::http;
        http::request<http::empty_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        for (const auto& [name, value] : headers) req.set(name, value);
        http::write(socket_, req);
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        if (verb == http::verb::head) parser.skip(true);  // no body follows a HEAD's headers
        http::read(socket_, buffer_, parser);
        return parser.release();
    }
    HttpResponse get(const std::string& target, const HttpHeaders& headers = {}) {
        return request(boost::beast::http::verb::get, target, headers);
    }

private:
    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_;
    boost::beast::flat_buffer buffer_;
};

// A marshal line through the service (the same path as the marshal port), committed and
// scored before this returns.
inline void marshal_line(ServedRace& race, const std::string& line) {
    std::mutex m;
    std::optional<std::string> answer;
    const auto before = race.service().standings()->version;
    race.service().submit_marshal_line(line, [&](std::string reply) {
        std::lock_guard lock(m);
        answer = std::move(reply);
    });
    ASSERT_TRUE(wait_for([&] {
        std::lock_guard lock(m);
        return answer.has_value();
    }));
    ASSERT_TRUE(answer->starts_with("OK")) << *answer;
    ASSERT_TRUE(wait_for([&] { return race.service().standings()->version > before; }));
}

}  // namespace fl::test
