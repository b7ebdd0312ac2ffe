#include "ingest/gzip.hpp"

#include <algorithm>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <zlib.h>

#include "ingest/error.hpp"

namespace fl::ingest {

std::string gzip(std::string_view data, int level) {
    z_stream z{};
    // windowBits 15 + 16: the gzip wrapper (header and CRC-32 trailer) instead of zlib's.
    if (const int rc = deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY); rc != Z_OK)
        throw Error(fmt::format("gzip: zlib could not start ({}): the machine is out of memory", rc));
    const std::unique_ptr<z_stream, int (*)(z_stream*)> end(&z, deflateEnd);
    std::string out;
    std::size_t done = 0;
    // zlib counts in uInt: a body past 4 GiB goes in slices.
    constexpr std::size_t slice = std::numeric_limits<uInt>::max();
    int rc = Z_OK;
    do {
        const std::size_t in_now = std::min(slice, data.size() - done);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + done));
        z.avail_in = static_cast<uInt>(in_now);
        done += in_now;
        const int flush = done == data.size() ? Z_FINISH : Z_NO_FLUSH;
        do {
            // deflateBound: one pass of Z_FINISH fits, so a small body is one deflate() call.
            const std::size_t room = std::min<std::size_t>(slice, deflateBound(&z, z.avail_in) + 64);
            const auto used = out.size();
            out.resize(used + room);
            z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
            z.avail_out = static_cast<uInt>(room);
            rc = deflate(&z, flush);
            out.resize(used + room - z.avail_out);
            if (rc == Z_STREAM_ERROR) throw Error("gzip: zlib refused its own stream state (a bug: report it)");
        } while (flush == Z_FINISH ? rc != Z_STREAM_END : z.avail_out == 0);
    } while (done < data.size());
    return out;
}

}  // namespace fl::ingest
