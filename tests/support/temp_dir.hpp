#pragma once
// A fresh directory under the system temp folder for one test, removed with everything in it
// when the test ends. Tests never share files, so ctest -j can run them side by side.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace fl::test {

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto p = std::filesystem::temp_directory_path() /
                     fmt::format("finishline-test-{}-{:08x}", ::getpid(), rd());
            if (std::filesystem::create_directory(p)) {
                path_ = std::move(p);
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary directory");
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // The path of `name` inside the directory, as a string (what the APIs take).
    std::string file(std::string_view name) const { return (path_ / name).string(); }
    // Writes `content` to `name` and returns its path.
    std::string write(std::string_view name, std::string_view content) const {
        const auto p = file(name);
        std::ofstream out(p, std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) throw std::runtime_error("cannot write " + p);
        return p;
    }

private:
    std::filesystem::path path_;
};

}  // namespace fl::test
