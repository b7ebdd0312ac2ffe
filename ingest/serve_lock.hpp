#pragma once
// One service per race file: `serve` holds an exclusive lock on "RACE.db-serve.lock" for its
// lifetime (released by the kernel even on a crash). The lock file also tells `status` where
// the running service's marshal port is.
#include <optional>
#include <string>

namespace fl::ingest {

class ServeLock {
public:
    // Throws ingest::Error naming the race file when another service holds it.
    explicit ServeLock(const std::string& race_path);
    ~ServeLock();
    ServeLock(const ServeLock&) = delete;
    ServeLock& operator=(const ServeLock&) = delete;

    // Replaces the lock file's contents ("pid=...\nmarshal=host:port\n").
    void publish(const std::string& info);

    static std::string lock_path(const std::string& race_path);
    // The contents of the lock file when a service holds it, else nullopt (none running).
    static std::optional<std::string> running(const std::string& race_path);

private:
    std::string path_;
    int fd_ = -1;
};

}  // namespace fl::ingest
