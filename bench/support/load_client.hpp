#pragma once
// What the load benchmarks share (bench_ingest, bench_relay): an emulated ChronoTrack reader
// over loopback TCP, and the figures' arithmetic. A benchmark that cannot reach its service
// has nothing to measure: these exit with the reason.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace fl::bench {

inline int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        std::perror("connect");
        std::exit(1);
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

inline void send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            std::perror("send");
            std::exit(1);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Greets like a ChronoTrack controller and waits for the service's start command.
inline int open_reader(std::uint16_t port) {
    const int fd = connect_to(port);
    send_all(fd, "SimpleClient~1.0~CTP01\r\n");
    std::string got;
    char buf[4096];
    while (got.find("start") == std::string::npos) {
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            std::fprintf(stderr, "no start command from the service\n");
            std::exit(1);
        }
        got.append(buf, static_cast<std::size_t>(n));
    }
    return fd;
}

// CPU time of the whole process (every thread): what a run costs, whatever else the machine does.
inline double cpu_seconds() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
    return v[i];
}

}  // namespace fl::bench
