#include "ingest/open_files.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <sys/resource.h>

namespace fl::ingest {

OpenFiles raise_open_file_limit() {
    OpenFiles out;
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) == 0) {
        out.was = out.limit = r.rlim_cur;
        if (r.rlim_cur != r.rlim_max) {
            rlimit raised = r;
            raised.rlim_cur = r.rlim_max;
            // An unlimited hard limit is refused for the soft one on Linux (nr_open caps it):
            // then keep what we have.
            if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) out.limit = raised.rlim_cur;
        }
    }
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++out.in_use;
    return out;
}

std::size_t web_connection_capacity(const OpenFiles& files, std::size_t max_connections,
                                    std::size_t reserve) {
    const auto taken = static_cast<std::uint64_t>(files.in_use) + reserve;
    const auto left = files.limit > taken ? files.limit - taken : 0;
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::min<std::uint64_t>(left, max_connections)));
}

}  // namespace fl::ingest
