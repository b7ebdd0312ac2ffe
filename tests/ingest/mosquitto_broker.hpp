#pragma once
// A real Eclipse Mosquitto broker for the relay tests, started by the test on a free loopback
// port with a config file of its own, killed with SIGKILL and started again on the same port
// with the same persistence file, as a broker machine that crashes and comes back would be.
// `mosquitto` is installed by tools/setup.sh (Debian puts it in /usr/sbin).
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "tests/ingest/child_process.hpp"
#include "tests/ingest/tcp_peer.hpp"

namespace fl::test {

inline std::string mosquitto_program() {
    for (const char* p : {"/usr/sbin/mosquitto", "/usr/bin/mosquitto"})
        if (std::filesystem::exists(p)) return p;
    throw std::runtime_error("mosquitto is not installed: run tools/setup.sh (Debian package mosquitto)");
}

// A port nobody listens on now (bound and released: the broker takes it a moment later).
inline std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

// A hosted broker's security: TLS with a certificate of a CA of the test's own (made with the
// openssl command for "localhost" and 127.0.0.1), and one user with a password.
struct BrokerSecurity {
    std::string user = "km5", password = "course-secret-5";
};

class MosquittoBroker {
public:
    // `persistence`: the broker keeps sessions and queued QoS 1 messages in `dir`/mosquitto.db,
    // saved every second (what a kill -9 can lose is at most the last second).
    explicit MosquittoBroker(std::string dir, bool persistence = true,
                             std::optional<BrokerSecurity> security = std::nullopt)
        : dir_(std::move(dir)), port_(free_loopback_port()), persistence_(persistence), security_(std::move(security)) {
        std::filesystem::create_directories(dir_);
        if (security_) make_certificates();
        start();
    }
    // The CA certificate a client names in [mqtt] tls_ca (with security).
    std::string ca_file() const { return dir_ + "/ca.crt"; }

    std::uint16_t port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    std::string log_path() const { return dir_ + "/mosquitto.log"; }

    void start() {
        {
            std::ofstream conf(dir_ + "/mosquitto.conf");
            conf << "listener " << port_ << " 127.0.0.1\n"
                 << "allow_anonymous " << (security_ ? "false" : "true") << "\n"
                 << "max_queued_messages 100000\n";
            // Started as root, mosquitto would switch to its own user, who cannot write the
            // test's folder (its persistence file) or read the test's keys.
            if (::geteuid() == 0) conf << "user root\n";
            if (security_)
                conf << "password_file " << dir_ << "/passwords\n"
                     << "cafile " << ca_file() << "\ncertfile " << dir_ << "/server.crt\nkeyfile " << dir_
                     << "/server.key\n";
            if (persistence_)
                conf << "persistence true\npersistence_location " << dir_ << "/\n"
                     << "autosave_interval 1\n";
        }
        process_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{mosquitto_program(), "-c", dir_ + "/mosquitto.conf"}, dir_ + "/mosquitto.out",
            log_path());
        const bool up = wait_for([&] {
            const int fd = connect_socket(port_);
            if (fd < 0) return false;
            ::close(fd);
            return true;
        });
        if (!up) throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_));
    }
    void kill9() {
        if (!process_) return;
        process_->signal(SIGKILL);
        process_->wait();
        process_.reset();
    }
    void make_certificates() {
        const auto run = [&](const std::string& cmd) {
            if (std::system((cmd + " >>" + dir_ + "/openssl.log 2>&1").c_str()) != 0)
                throw std::runtime_error("failed (see " + dir_ + "/openssl.log): " + cmd);
        };
        const auto d = dir_;
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        run("openssl req -x509 " + ec + " -keyout " + d + "/ca.key -out " + d + "/ca.crt -days 2 -subj /CN=FinishLineTestCA");
        run("openssl req " + ec + " -keyout " + d + "/server.key -out " + d + "/server.csr -subj /CN=localhost");
        {
            std::ofstream ext(d + "/san.cnf");
            ext << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
        }
        run("openssl x509 -req -in " + d + "/server.csr -CA " + d + "/ca.crt -CAkey " + d + "/ca.key -CAcreateserial -out " +
            d + "/server.crt -days 2 -extfile " + d + "/san.cnf");
        run("mosquitto_passwd -b -c " + d + "/passwords " + security_->user + " " + security_->password);
    }

    // Forgets every session and retained message, as a broker replaced by an empty one would.
    void wipe() {
        kill9();
        std::filesystem::remove(dir_ + "/mosquitto.db");
    }
    ~MosquittoBroker() { kill9(); }

private:
    std::string dir_;
    std::uint16_t port_;
    bool persistence_;
    std::optional<BrokerSecurity> security_;
    std::unique_ptr<ChildProcess> process_;
};

}  // namespace fl::test
