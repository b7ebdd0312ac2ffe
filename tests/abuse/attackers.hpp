#pragma once
// Hostile and faulty clients for the abuse suite. They connect from their own loopback
// addresses (all of 127.0.0.0/8 reaches this machine), so the service sees them as other
// machines than the honest devices and consoles at 127.0.0.1 — as on a venue network.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fl::test {

// A connected socket from `source` (e.g. "127.0.0.66") to 127.0.0.1:port; -1 when the
// connection is refused or times out.
inline int connect_from(const char* source, std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends without ever blocking: what does not fit is dropped (a client that never reads its
// replies fills its own buffers; it must not stall the attack thread). False once the
// service has closed the connection.
inline bool send_some(int fd, std::string_view bytes) {
    const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    return n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK;
}

// A socket the service has closed reads end-of-stream (or a reset) without blocking.
inline bool closed_by_service(int fd) {
    char c;
    const auto n = ::recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// Sockets closed on scope exit.
class Sockets {
public:
    Sockets() = default;
    Sockets(const Sockets&) = delete;
    Sockets& operator=(const Sockets&) = delete;
    ~Sockets() { close_all(); }
    void add(int fd) {
        if (fd >= 0) fds_.push_back(fd);
    }
    const std::vector<int>& fds() const { return fds_; }
    // How many the service has closed already.
    int closed_by_service_count() const {
        int n = 0;
        for (const int fd : fds_) n += closed_by_service(fd);
        return n;
    }
    void close_all() {
        for (const int fd : fds_) ::close(fd);
        fds_.clear();
    }

private:
    std::vector<int> fds_;
};

}  // namespace fl::test
