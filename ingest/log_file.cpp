#include "ingest/log_file.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "ingest/error.hpp"

namespace fl::ingest {

LogFile::LogFile(std::filesystem::path path, std::uint64_t max_bytes)
    : path_(std::move(path)), max_bytes_(max_bytes) {
    open();
}

void LogFile::open() {
    file_.reset(std::fopen(path_.c_str(), "ab"));
    if (!file_)
        throw Error(fmt::format("cannot write the log file {}: {} (check the folder exists and is "
                                "writable, or choose another --log)",
                                path_.string(), std::strerror(errno)));
    std::error_code ec;
    const auto size = std::filesystem::file_size(path_, ec);
    size_ = ec ? 0 : size;
}

void LogFile::rotate() {
    file_.reset();
    auto old = path_;
    old += ".1";
    std::error_code ec;
    std::filesystem::rename(path_, old, ec);
    if (ec) std::filesystem::remove(path_, ec);  // bounded comes first: lose the old lines
    open();
}

void LogFile::write(std::string_view line) {
    std::lock_guard lock(mutex_);
    const auto n = line.size() + 1;
    if (size_ > 0 && size_ + n > max_bytes_) {
        try {
            rotate();
        } catch (const Error&) {
            return;  // the file vanished with its folder: nowhere to write, nothing to fill
        }
    }
    if (!file_) return;
    std::fwrite(line.data(), 1, line.size(), file_.get());
    std::fputc('\n', file_.get());
    std::fflush(file_.get());
    size_ += n;
}

}  // namespace fl::ingest
