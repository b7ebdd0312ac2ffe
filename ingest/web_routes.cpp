#include "ingest/web_routes.hpp"

#include <fmt/format.h>

#include "ingest/http_fields.hpp"
#include "results/error.hpp"
#include "results/exports.hpp"

namespace fl::ingest {

namespace {

// Bodies kept per (route, event, category) for the current standings version: each export is
// built once per version however many phones ask. Only answers that exist are kept, so the
// table is bounded by the race's events and categories; this caps it anyway.
constexpr std::size_t max_cached_bodies = 256;

constexpr std::string_view text_type = "text/plain; charset=utf-8";

WebReply text_reply(unsigned status, std::string body, bool close = false) {
    WebReply r;
    r.status = status;
    r.content_type = std::string(text_type);
    r.body = std::move(body);
    r.close = close;
    return r;
}

}  // namespace

WebRoutes::WebRoutes(Snapshot snapshot) : snapshot_(std::move(snapshot)) {}

WebReply WebRoutes::answer(const WebRequest& request) {
    if (request.method != "GET" && request.method != "HEAD") {
        // The port only reads: anything that would change something is refused, and the
        // connection closed (a body we did not read may follow).
        auto r = text_reply(405, fmt::format("method {} not allowed: this server only answers GET "
                                             "and HEAD\n",
                                             request.method.substr(0, 32)),
                            true);
        r.allow = "GET, HEAD";
        return r;
    }
    const auto q = request.target.find('?');
    const auto path = request.target.substr(0, q);
    const auto query = q == std::string_view::npos ? std::string_view{} : request.target.substr(q + 1);
    if (path == "/results.csv" || path == "/results.json") return data(path, query, request);
    return text_reply(404, "not found: this server has /results.csv and /results.json\n");
}

WebReply WebRoutes::data(std::string_view path, std::string_view query, const WebRequest& request) {
    const bool csv = path == "/results.csv";
    const auto s = snapshot_();
    if (!s) return text_reply(503, "the standings are still loading: try again in a moment\n");
    const results::ExportFilter filter{query_value(query, "event"), query_value(query, "category")};
    const auto key = fmt::format("{}\n{}\n{}", path, filter.event, filter.category);
    auto it = cache_.find(key);
    if (it == cache_.end() || it->second.version != s->version) {
        std::string body;
        try {
            body = csv ? results::to_csv(*s, filter) : results::to_json(*s, filter);
        } catch (const results::Error& e) {
            // The CLI's message names --event/--category: here they are query parameters.
            return text_reply(404, fmt::format("{} (on the web: {}?event=NAME&category=NAME)\n",
                                               e.what(), path));
        }
        if (cache_.size() >= max_cached_bodies) cache_.clear();
        it = cache_.insert_or_assign(key, Cached{s->version, std::make_shared<const std::string>(std::move(body))})
                 .first;
    }
    WebReply r;
    r.etag = fmt::format("\"{}\"", s->version);
    if (!request.if_none_match.empty() && etag_matches(request.if_none_match, r.etag)) {
        r.status = 304;
        return r;
    }
    r.content_type = csv ? "text/csv; charset=utf-8" : "application/json";
    r.shared_body = it->second.body;
    return r;
}

}  // namespace fl::ingest
