#include "ingest/serve_lock.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "ingest/error.hpp"

namespace fl::ingest {
namespace {

std::string read_all(int fd) {
    std::string out;
    char buf[512];
    ::lseek(fd, 0, SEEK_SET);
    for (;;) {
        const auto n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > 4096) break;
    }
    return out;
}

}  // namespace

std::string ServeLock::lock_path(const std::string& race_path) {
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(race_path, ec);
    return (ec ? race_path : canonical.string()) + "-serve.lock";
}

ServeLock::ServeLock(const std::string& race_path) : path_(lock_path(race_path)) {
    // A previous holder unlinks the file as it exits: a lock won on that unlinked file would
    // be no lock at all, so check the path still names the file we locked, else try again.
    for (int attempt = 0; attempt < 10; ++attempt) {
        fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) {
            throw Error(fmt::format("cannot create the lock file '{}': {}: check the folder is "
                                    "writable",
                                    path_, std::strerror(errno)));
        }
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            auto info = read_all(fd_);
            ::close(fd_);
            fd_ = -1;
            if (err == EWOULDBLOCK) {
                while (!info.empty() && info.back() == '\n') info.pop_back();
                for (auto& c : info)
                    if (c == '\n') c = ' ';
                throw Error(fmt::format(
                    "another 'finishline serve' is already running for '{}' ({}): stop it "
                    "first, or see it with 'finishline status {}'",
                    race_path, info.empty() ? "lock held" : info, race_path));
            }
            throw Error(fmt::format("cannot lock '{}': {}", path_, std::strerror(err)));
        }
        struct stat held {}, named {};
        if (::fstat(fd_, &held) == 0 && ::stat(path_.c_str(), &named) == 0 &&
            held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
            publish(fmt::format("pid={}\n", ::getpid()));
            return;
        }
        ::close(fd_);
        fd_ = -1;
    }
    throw Error(fmt::format("cannot take the lock '{}': it keeps being replaced", path_));
}

ServeLock::~ServeLock() {
    if (fd_ < 0) return;
    // Unlink while still holding the lock: nobody else can hold it in between, and a later
    // `status` finds no file and says no service is running.
    ::unlink(path_.c_str());
    ::close(fd_);
}

void ServeLock::publish(const std::string& info) {
    if (::ftruncate(fd_, 0) != 0) return;  // best effort: the lock itself is what matters
    ::lseek(fd_, 0, SEEK_SET);
    const auto n = ::write(fd_, info.data(), info.size());
    (void)n;
}

std::optional<std::string> ServeLock::running(const std::string& race_path) {
    const auto path = lock_path(race_path);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::optional<std::string> out;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) out = read_all(fd);
    ::close(fd);
    return out;
}

}  // namespace fl::ingest
