#pragma once
// Hostile and faulty clients for the abuse suite, on plain sockets. They connect from their own
// loopback addresses (connect_socket in tcp_peer.hpp: all of 127.0.0.0/8 reaches this machine),
// so the service sees them as other machines than the honest devices and consoles at
// 127.0.0.1 — as on a venue network.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

namespace fl::test {

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
