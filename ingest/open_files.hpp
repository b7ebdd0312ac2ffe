#pragma once
// The open-file limit: every connection is a descriptor, and a web server with thousands of
// phones needs far more than the usual soft limit of 1024. The service raises the soft limit
// to the hard one at start and works out how many web connections fit beside everything else.
#include <cstddef>
#include <cstdint>

namespace fl::ingest {

struct OpenFiles {
    std::uint64_t limit = 0;  // the soft limit now
    std::uint64_t was = 0;    // the soft limit before
    std::size_t in_use = 0;   // descriptors open now
};

// Raises RLIMIT_NOFILE's soft limit to its hard limit (as far as the system allows) and
// counts the descriptors open.
OpenFiles raise_open_file_limit();

// How many web connections fit: max_connections, or fewer when the limit leaves fewer
// descriptors after those in use and `reserve` kept for everything else (readers, marshal
// connections, the race file). At least 1.
std::size_t web_connection_capacity(const OpenFiles& files, std::size_t max_connections,
                                    std::size_t reserve);

}  // namespace fl::ingest
