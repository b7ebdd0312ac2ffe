#pragma once
// The MQTT broker `finishline demo --sites` (and bench_relay) starts for itself: Eclipse Mosquitto as a child
// process on a free loopback port, its config and log in the demo folder, stopped (SIGTERM,
// then waited for) when the demo ends. The demo's relay and finish talk to it exactly as they
// would to a broker on another machine.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace fl::demo {

// Where `mosquitto` is installed (Debian puts it in /usr/sbin, outside most PATHs), if it is.
std::optional<std::filesystem::path> find_mosquitto();

class Broker {
public:
    // Writes `folder`/mosquitto.conf, starts the broker and waits until it accepts
    // connections. Throws demo::Error saying what to do (not installed, did not start).
    explicit Broker(const std::filesystem::path& folder);
    ~Broker();
    Broker(const Broker&) = delete;
    Broker& operator=(const Broker&) = delete;

    std::string address() const;  // "127.0.0.1:PORT"
    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }  // its CPU time is part of what a benchmark costs

private:
    bool start(const std::filesystem::path& program, const std::filesystem::path& folder);
    void stop();

    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace fl::demo
