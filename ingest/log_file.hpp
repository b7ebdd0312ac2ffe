#pragma once
// The service log as a file that cannot fill the disk: lines are appended to `path` until the
// next one would take it past `max_bytes`; then `path` becomes `path.1` (replacing the older
// one) and a new `path` is started. At most twice `max_bytes` on disk, the newest lines kept.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>

namespace fl::ingest {

class LogFile {
public:
    // Throws ingest::Error naming the file when it cannot be opened for appending.
    LogFile(std::filesystem::path path, std::uint64_t max_bytes);

    // Appends `line` and a newline, rotating first when needed. Thread-safe.
    void write(std::string_view line);

    const std::filesystem::path& path() const { return path_; }

private:
    struct Close {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    void open();
    void rotate();

    std::filesystem::path path_;
    std::uint64_t max_bytes_;
    std::uint64_t size_ = 0;
    std::unique_ptr<std::FILE, Close> file_;
    std::mutex mutex_;
};

}  // namespace fl::ingest
