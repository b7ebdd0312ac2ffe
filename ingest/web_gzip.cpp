#include "ingest/web_gzip.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include "ingest/gzip.hpp"
#include "ingest/http_fields.hpp"

namespace fl::ingest {

namespace {

// Past this many bytes (bodies and their compressed forms) the cache starts over: the bodies
// of past standings versions are never asked for again.
constexpr std::size_t max_cached_bytes = 64 * 1024 * 1024;

bool compressible(std::string_view content_type) {
    if (content_type.starts_with("text/event-stream")) return false;  // a stream, written as it goes
    for (const std::string_view t : {"text/", "application/json", "application/javascript", "image/svg+xml"})
        if (content_type.starts_with(t)) return true;
    return false;
}

// Which cache entry a body would be in: cheap to compute per request whatever the body's
// size (its length, ends and entity tag); a full comparison then decides. Keyed by content
// rather than by address, so query strings no route reads share one entry.
std::uint64_t slot_of(const WebReply& reply) {
    constexpr std::size_t end_bytes = 256;
    const std::string_view body = reply.content();
    const std::hash<std::string_view> h;
    const std::array<std::size_t, 5> parts{
        body.size(), h(reply.etag), h(reply.content_type), h(body.substr(0, end_bytes)),
        h(body.substr(body.size() - std::min(body.size(), end_bytes)))};
    std::uint64_t slot = 0;
    for (const auto p : parts) slot = (slot ^ p) * 0x100000001b3ULL;
    return slot;
}

}  // namespace

void WebGzip::encode(WebReply& reply, std::string_view accept_encoding) {
    if (reply.status == 304) {
        // A 304 stands for the answer a 200 would have been, Vary included (RFC 9110 15.4.5).
        reply.vary_encoding = true;
        return;
    }
    const auto body = reply.content();
    if (reply.status != 200 || body.size() < web_gzip_min || !compressible(reply.content_type)) return;
    reply.vary_encoding = true;
    if (!accepts_coding(accept_encoding, "gzip")) return;
    const auto slot = slot_of(reply);
    auto it = cache_.find(slot);
    const auto same = [&](const Entry& e) {
        return (reply.shared_body && e.plain == reply.shared_body) || *e.plain == body;
    };
    if (it == cache_.end() || !same(it->second)) {
        auto packed = std::make_shared<const std::string>(gzip(body));
        if (it != cache_.end()) {
            cached_bytes_ -= it->second.plain->size() + it->second.packed->size();
            cache_.erase(it);
        }
        const auto bytes = body.size() + packed->size();
        if (cached_bytes_ + bytes > max_cached_bytes) {
            cache_.clear();
            cached_bytes_ = 0;
        }
        cached_bytes_ += bytes;
        auto plain = reply.shared_body ? reply.shared_body : std::make_shared<const std::string>(std::move(reply.body));
        it = cache_.emplace(slot, Entry{std::move(plain), std::move(packed)}).first;
    }
    reply.body.clear();
    reply.shared_body = it->second.packed;
    reply.content_encoding = "gzip";
    if (!reply.etag.empty() && !reply.etag.starts_with("W/")) reply.etag = "W/" + reply.etag;
}

}  // namespace fl::ingest
