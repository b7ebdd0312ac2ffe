#pragma once
// Plain POSIX sockets for the device emulators: what a real device does on the wire, with a
// deadline on every wait so a broken service fails a test instead of hanging it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include <fmt/format.h>

namespace fl::test {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
// Generous: the tests run on a loaded 2-core machine and under ThreadSanitizer.
constexpr milliseconds patience{30'000};

// Polls `pred` until it holds or `timeout` passes; the condition, not the sleep, is what
// the test waits for.
template <class Pred>
bool wait_for(Pred pred, milliseconds timeout = patience) {
    const auto end = Clock::now() + timeout;
    while (!pred()) {
        if (Clock::now() >= end) return false;
        std::this_thread::sleep_for(milliseconds{5});
    }
    return true;
}

// A socket connected to 127.0.0.1:port — from `source` when given, another loopback address
// ("127.0.0.2"): a second machine as far as the service can tell. -1 (errno set) on failure.
inline int connect_socket(std::uint16_t port, const char* source = nullptr) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    if (source) ::inet_pton(AF_INET, source, &from.sin_addr);
    if ((source && ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        const int err = errno;
        ::close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

class TcpPeer {
public:
    explicit TcpPeer(int fd) : fd_(fd) {}
    // Connects to 127.0.0.1:port.
    static TcpPeer connect(std::uint16_t port) {
        const int fd = connect_socket(port);
        if (fd < 0) throw std::runtime_error(fmt::format("connect to port {}: {}", port, std::strerror(errno)));
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return TcpPeer(fd);
    }
    // Connects to 127.0.0.1:port from another loopback address (connect_socket).
    static TcpPeer connect_from(const char* source, std::uint16_t port) {
        const int fd = connect_socket(port, source);
        if (fd < 0)
            throw std::runtime_error(
                fmt::format("connect to port {} from {}: {}", port, source, std::strerror(errno)));
        return TcpPeer(fd);
    }
    TcpPeer(TcpPeer&& o) noexcept : fd_(std::exchange(o.fd_, -1)), buf_(std::move(o.buf_)), eof_(o.eof_) {}
    TcpPeer& operator=(TcpPeer&& o) noexcept {
        if (this != &o) {
            close();
            fd_ = std::exchange(o.fd_, -1);
            buf_ = std::move(o.buf_);
            eof_ = o.eof_;
        }
        return *this;
    }
    ~TcpPeer() { close(); }

    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // Everything up to and including `delim`; nullopt on timeout or when the peer closed.
    std::optional<std::string> read_until(std::string_view delim, milliseconds timeout = patience) {
        const auto end = Clock::now() + timeout;
        for (;;) {
            if (const auto pos = buf_.find(delim); pos != std::string::npos) {
                auto out = buf_.substr(0, pos + delim.size());
                buf_.erase(0, pos + delim.size());
                return out;
            }
            if (!fill(end)) return std::nullopt;
        }
    }
    // One CRLF- or LF-terminated line without its terminator.
    std::optional<std::string> read_line(milliseconds timeout = patience) {
        auto l = read_until("\n", timeout);
        if (!l) return l;
        l->pop_back();
        if (!l->empty() && l->back() == '\r') l->pop_back();
        return l;
    }
    // True once the other side has closed (end of stream or reset) within `timeout`.
    bool wait_closed(milliseconds timeout = patience) {
        const auto end = Clock::now() + timeout;
        while (!eof_) {
            buf_.clear();
            if (!fill(end) && !eof_) return false;
        }
        return true;
    }
    bool closed_by_peer() const { return eof_; }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    // Closes with a reset (RST) instead of a FIN: a device that vanished.
    void abort() {
        linger l{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        close();
    }
    int fd() const { return fd_; }

private:
    bool fill(Clock::time_point end) {
        if (eof_) return false;
        const auto left = std::chrono::duration_cast<milliseconds>(end - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r <= 0) return false;
        char tmp[65536];
        const auto n = ::recv(fd_, tmp, sizeof tmp, 0);
        if (n <= 0) {
            eof_ = true;
            return false;
        }
        buf_.append(tmp, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    std::string buf_;
    bool eof_ = false;
};

// A listening socket on 127.0.0.1 with a free port (for emulated devices that are servers).
class TcpListener {
public:
    TcpListener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 16) != 0)
            throw std::runtime_error("cannot listen on 127.0.0.1");
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
    }
    ~TcpListener() { ::close(fd_); }
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;
    std::uint16_t port() const { return port_; }
    std::optional<TcpPeer> accept(milliseconds timeout) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
        const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) return std::nullopt;
        return TcpPeer(c);
    }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

}  // namespace fl::test
