#include "tools/demo/broker.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "tools/demo/error.hpp"

extern char** environ;

namespace fl::demo {
namespace {

// A port nobody listens on now: bound and released, the broker takes it a moment later (a
// race with another program is retried by the caller).
std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

bool accepts(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

std::string user_name() {
    const passwd* pw = ::getpwuid(::geteuid());
    return pw && pw->pw_name ? pw->pw_name : "root";
}

}  // namespace

std::optional<std::filesystem::path> find_mosquitto() {
    std::vector<std::filesystem::path> dirs{"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"};
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest(path);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            if (const auto dir = rest.substr(0, colon); !dir.empty()) dirs.emplace_back(dir);
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    for (const auto& d : dirs) {
        const auto p = d / "mosquitto";
        if (::access(p.c_str(), X_OK) == 0) return p;
    }
    return std::nullopt;
}

Broker::Broker(const std::filesystem::path& folder) {
    const auto program = find_mosquitto();
    if (!program)
        throw Error("demo --sites relays the 5 km site through an MQTT broker it starts itself, and Eclipse "
                    "Mosquitto is not installed: install it (Debian/Ubuntu: sudo apt-get install mosquitto; "
                    "tools/setup.sh does), or run the demo without --sites");
    for (int attempt = 0; attempt < 3; ++attempt)
        if (start(*program, folder)) return;
    throw Error(fmt::format("mosquitto ({}) did not start on a loopback port: see {}", program->string(),
                            (folder / "mosquitto.log").string()));
}

bool Broker::start(const std::filesystem::path& program, const std::filesystem::path& folder) {
    port_ = free_loopback_port();
    if (port_ == 0) return false;
    const auto conf = (folder / "mosquitto.conf").string();
    {
        std::ofstream c(conf, std::ios::trunc);
        c << "# The broker `finishline demo --sites` (or bench_relay) started: loopback only, no persistence.\n"
          << "listener " << port_ << " 127.0.0.1\n"
          << "allow_anonymous true\n"
          << "max_queued_messages 100000\n"
          // Started by root, mosquitto would become user "mosquitto" and could not write its
          // log in the demo's folder: it stays who started it (no effect for anyone else).
          << "user " << user_name() << "\n"
          << "log_dest file " << (folder / "mosquitto.log").string() << "\n";
        if (!c.flush())
            throw Error(fmt::format("cannot write '{}': check the demo folder is writable", conf));
    }
    std::string prog = program.string();
    std::string dash_c = "-c";
    std::vector<char*> argv{prog.data(), dash_c.data(), const_cast<char*>(conf.c_str()), nullptr};
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    // Its own stdout/stderr would land in the demo's output: the log file has it all.
    ::posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    ::posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const int rc = ::posix_spawn(&pid_, prog.c_str(), &actions, nullptr, argv.data(), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        pid_ = -1;
        throw Error(fmt::format("cannot start {}: {}", prog, std::strerror(rc)));
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{5};
    while (std::chrono::steady_clock::now() < until) {
        if (accepts(port_)) return true;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: the port was taken meanwhile?
            pid_ = -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    stop();
    return false;
}

void Broker::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

Broker::~Broker() { stop(); }

std::string Broker::address() const { return fmt::format("127.0.0.1:{}", port_); }

}  // namespace fl::demo
