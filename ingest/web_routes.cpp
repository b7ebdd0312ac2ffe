#include "ingest/web_routes.hpp"

#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "ingest/http_fields.hpp"
#include "results/error.hpp"
#include "results/exports.hpp"
#include "results/web_assets.hpp"
#include "results/web_pages.hpp"

namespace fl::ingest {

namespace {

// Bodies kept per (route, event, category) for the current standings version: each export is
// built once per version however many phones ask. Only answers that exist are kept, so the
// table is bounded by the race's events and categories; this caps it anyway.
constexpr std::size_t max_cached_bodies = 256;

constexpr std::string_view text_type = "text/plain; charset=utf-8";

// Both page() and data() answer this while the service has not published yet.
WebReply still_loading() {
    return text_reply(503, "the standings are still loading: try again in a moment\n");
}

}  // namespace

WebReply text_reply(unsigned status, std::string body, bool close) {
    WebReply r;
    r.status = status;
    r.content_type = std::string(text_type);
    r.body = std::move(body);
    r.close = close;
    return r;
}


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
    if (const auto* asset = results::find_web_asset(path)) {
        // Pages link /app.css?v=<tag>: a new binary's assets have a new address, so a phone
        // may keep these for a year.
        WebReply r;
        r.etag = fmt::format("\"{}\"", asset->tag);
        r.cache_control = "public, max-age=31536000, immutable";
        if (!request.if_none_match.empty() && etag_matches(request.if_none_match, r.etag)) {
            r.status = 304;
            return r;
        }
        r.content_type = std::string(asset->content_type);
        r.body = std::string(asset->body);
        return r;
    }
    return page(path, query, request);
}

WebReply WebRoutes::page(std::string_view path, std::string_view query, const WebRequest& request) {
    const auto s = snapshot_();
    if (!s) return still_loading();
    if (s->version != seen_version_ || seen_at_ == timing::Instant{}) {
        seen_version_ = s->version;
        seen_at_ = std::chrono::time_point_cast<timing::Instant::duration>(std::chrono::system_clock::now());
    }
    const results::PageClock clock{seen_at_};
    // The one path segment after a route's prefix, percent-decoded; nullopt when malformed.
    auto segment = [&](std::string_view prefix) -> std::optional<std::string> {
        if (!path.starts_with(prefix) || path.size() == prefix.size()) return std::nullopt;
        return decode_component(path.substr(prefix.size()));
    };
    // Pages every phone asks for (home, events, awards, teams) are kept per standings version; a
    // runner's page and a search are cheap and too many to keep.
    const bool shared = path == "/" || path == "/awards" || path == "/teams" || path.starts_with("/event/");
    WebReply r;
    r.csp = std::string(results::web_page_csp);
    r.content_type = "text/html; charset=utf-8";
    const auto key = std::string(request.target);
    const auto cached = shared ? page_cache_.find(key) : page_cache_.end();
    if (cached != page_cache_.end() && cached->second.version == s->version) {
        r.shared_body = cached->second.body;
    } else {
        results::WebPage p;
        if (path == "/") {
            p = results::home_page(*s, clock);
        } else if (path == "/awards") {
            p = results::awards_page(*s, clock);
        } else if (path == "/teams") {
            p = results::teams_page(*s, clock);
        } else if (path == "/search") {
            if (!search_index_ || search_index_->standings().version != s->version)
                search_index_.emplace(s);
            p = results::search_page(*search_index_, query_value(query, "q"), clock);
        } else if (const auto event = segment("/event/")) {
            const auto gender = query_value(query, "gender"), category = query_value(query, "category"),
                       number = query_value(query, "page");
            p = results::event_page(*s, *event, {gender, category, number}, clock);
        } else if (const auto bib = segment("/runner/")) {
            p = results::runner_page(*s, *bib, clock);
        } else {
            p = results::not_found_page(*s, path, clock);
        }
        r.status = p.status;
        r.body = std::move(p.html);
        // No tag on a 404: it becomes a page once the runner or event exists.
        if (r.status != 200) return r;
        if (shared) {
            if (page_cache_.size() >= max_cached_bodies) page_cache_.clear();
            r.shared_body = std::make_shared<const std::string>(std::move(r.body));
            r.body.clear();
            page_cache_.insert_or_assign(key, Cached{s->version, r.shared_body});
        }
    }
    // A page is a function of the standings and its address: the same version, the same page.
    r.etag = fmt::format("\"{}-page\"", s->version);
    if (!request.if_none_match.empty() && etag_matches(request.if_none_match, r.etag)) {
        r.status = 304;
        r.body.clear();
        r.shared_body.reset();
    }
    return r;
}

WebReply WebRoutes::data(std::string_view path, std::string_view query, const WebRequest& request) {
    const bool csv = path == "/results.csv";
    const auto s = snapshot_();
    if (!s) return still_loading();
    const results::ExportFilter filter{query_value(query, "event"), query_value(query, "category"), query_value(query, "teams")};
    const auto key = fmt::format("{}\n{}\n{}\n{}", path, filter.event, filter.category, filter.teams);
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
