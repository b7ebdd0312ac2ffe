#include "tests/sim/peer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>
#include <utility>

namespace fl::sim::test {
namespace {

int wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return 0;
    pollfd p{fd, POLLIN, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    return rc < 0 && errno == EINTR ? wait_readable(fd, deadline) : rc;
}

}  // namespace

Peer::~Peer() { close(); }

Peer& Peer::operator=(Peer&& o) noexcept {
    close();
    fd_ = o.fd_;
    buffer_ = std::move(o.buffer_);
    eof_ = o.eof_;
    o.fd_ = -1;
    return *this;
}

Peer Peer::connect(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return Peer{};
    }
    return Peer{fd};
}

void Peer::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return;  // the device went away; the test's reads will notice
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

bool Peer::fill(std::chrono::steady_clock::time_point deadline) {
    if (eof_ || fd_ < 0 || wait_readable(fd_, deadline) <= 0) return false;
    char chunk[65536];
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
        eof_ = true;
        return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::optional<std::string> Peer::read_until(std::string_view terminator, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (const auto at = buffer_.find(terminator); at != std::string::npos) {
            auto out = buffer_.substr(0, at + terminator.size());
            buffer_.erase(0, at + terminator.size());
            return out;
        }
        if (!fill(deadline)) return std::nullopt;
    }
}

std::string Peer::read_to_end(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (fill(deadline)) {
    }
    return std::exchange(buffer_, {});
}

bool Peer::closed_by_device(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (fill(deadline)) {
    }
    return eof_;
}

void Peer::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

Listener::Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 8) != 0)
        throw std::runtime_error("test listener: cannot bind 127.0.0.1");
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
}

Listener::~Listener() {
    if (fd_ >= 0) ::close(fd_);
}

Peer Listener::accept(std::chrono::milliseconds timeout) {
    if (wait_readable(fd_, std::chrono::steady_clock::now() + timeout) <= 0) return Peer{};
    return Peer{::accept(fd_, nullptr, nullptr)};
}

}  // namespace fl::sim::test
