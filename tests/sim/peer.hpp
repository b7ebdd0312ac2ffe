#pragma once
// The service side of a device connection, for tests: plain blocking POSIX sockets on
// loopback with timeouts, written from protocols.md and independent of the emulators' code.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fl::sim::test {

using namespace std::chrono_literals;

class Peer {
public:
    explicit Peer(int fd = -1) : fd_(fd) {}
    ~Peer();
    Peer(Peer&& o) noexcept : fd_(o.fd_), buffer_(std::move(o.buffer_)) { o.fd_ = -1; }
    Peer& operator=(Peer&& o) noexcept;
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;

    static Peer connect(std::uint16_t port);  // to 127.0.0.1
    bool valid() const { return fd_ >= 0; }

    void send(std::string_view bytes);
    // Everything up to and including `terminator`; nullopt on timeout or when the device closed.
    std::optional<std::string> read_until(std::string_view terminator, std::chrono::milliseconds timeout = 20s);
    // Bytes until the device closes the connection (or the timeout passes).
    std::string read_to_end(std::chrono::milliseconds timeout = 30s);
    // True when the device closes without sending anything more within the timeout.
    bool closed_by_device(std::chrono::milliseconds timeout = 20s);
    void close();

private:
    bool fill(std::chrono::steady_clock::time_point deadline);  // false on timeout or EOF
    int fd_ = -1;
    std::string buffer_;
    bool eof_ = false;
};

class Listener {
public:
    Listener();  // 127.0.0.1 on a free port
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    std::uint16_t port() const { return port_; }
    Peer accept(std::chrono::milliseconds timeout = 20s);  // invalid Peer on timeout

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

}  // namespace fl::sim::test
