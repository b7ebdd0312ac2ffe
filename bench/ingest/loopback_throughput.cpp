// The reference for the ingest figures: how fast one TCP connection over loopback moves
// reader-sized lines on this machine, with nothing behind it but counting the line ends. One
// sender thread, one receiver thread, blocking sockets, 64 KiB reads.
//   bench_loopback [--lines N]
// Prints a human line, then one JSON line (tools/bench.sh reads it).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace {

[[noreturn]] void fail(const char* what) {
    std::perror(what);
    std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t lines = 4'000'000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string_view(argv[i]) == "--lines") lines = std::atoll(argv[i + 1]);
        else {
            std::fprintf(stderr, "usage: bench_loopback [--lines N]\n");
            return 2;
        }
    }
    // The same shape as bench_ingest's ChronoTrack reads (about 50 bytes a line).
    std::string chunk;
    std::int64_t per_chunk = 0;
    while (chunk.size() < 1 << 20) {
        chunk += fmt::format("CT01_33~{}~finish~C{:06}~10:{:02}:{:02}.{:02}~0~0F2A31~1\r\n", 100000 + per_chunk,
                             per_chunk % 30000, per_chunk / 60 % 60, per_chunk % 60, per_chunk % 100);
        ++per_chunk;
    }
    const std::int64_t chunks = std::max<std::int64_t>(1, lines / per_chunk);
    const std::int64_t total_lines = chunks * per_chunk;
    const std::int64_t total_bytes = chunks * static_cast<std::int64_t>(chunk.size());

    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener, 1) != 0) fail("listen");
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);

    std::int64_t received_lines = 0, received_bytes = 0;
    std::chrono::steady_clock::time_point done;
    std::thread receiver([&] {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0) fail("accept");
        std::vector<char> buf(64 * 1024);
        for (;;) {
            const auto n = ::recv(fd, buf.data(), buf.size(), 0);
            if (n <= 0) break;
            received_bytes += n;
            received_lines += std::count(buf.data(), buf.data() + n, '\n');
        }
        done = std::chrono::steady_clock::now();
        ::close(fd);
    });

    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) fail("connect");
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int64_t c = 0; c < chunks; ++c) {
        std::string_view rest = chunk;
        while (!rest.empty()) {
            const auto n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
            if (n <= 0) fail("send");
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    ::shutdown(fd, SHUT_WR);
    receiver.join();
    ::close(fd);
    ::close(listener);
    if (received_bytes != total_bytes || received_lines != total_lines) {
        std::fprintf(stderr, "loopback: received %lld of %lld bytes\n", static_cast<long long>(received_bytes),
                     static_cast<long long>(total_bytes));
        return 1;
    }
    const double secs = std::chrono::duration<double>(done - t0).count();
    fmt::print("loopback TCP, one connection: {} lines ({:.0f} MB) in {:.2f} s = {:.0f} lines/s, {:.0f} MB/s\n",
               total_lines, static_cast<double>(total_bytes) / 1e6, secs, static_cast<double>(total_lines) / secs,
               static_cast<double>(total_bytes) / secs / 1e6);
    fmt::print("BENCH_JSON {{\"loopback_lines_per_s\": {:.0f}, \"loopback_bytes_per_s\": {:.0f}}}\n",
               static_cast<double>(total_lines) / secs, static_cast<double>(total_bytes) / secs);
    return 0;
}
