#pragma once
// The HTML pages phones read during the race (README, Live results over HTTP): pure functions
// of one standings snapshot, rendered on the server so they work with JavaScript off;
// /app.js (results/web_assets) only fetches them again when /live says something changed.
// Every participant field is escaped (results/html_text); names in links are percent-encoded.
#include <cstddef>
#include <string>
#include <string_view>

#include "results/runner_search.hpp"
#include "results/standings.hpp"

namespace fl::results {

// The Content-Security-Policy sent with every page: the embedded /app.css and /app.js only, no
// inline script or style, nothing from elsewhere.
inline constexpr std::string_view web_page_csp =
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct WebPage {
    unsigned status = 200;  // 404 when what was asked for does not exist (the page says what does)
    std::string html;
};

// What every page shows besides the standings: when this server first had them.
struct PageClock {
    Instant updated{};  // shown in the race's time zone as "updated hh:mm:ss"
};

// `/`: the race, its events with counts, the latest finishers, a search box.
WebPage home_page(const Standings& s, PageClock clock);
// Which part of an event's table a page shows (the query of /event/<name>).
struct EventView {
    std::string_view gender = {};    // "F", "M", "X" (either case); "" = everyone
    std::string_view category = {};  // "" = every category
    std::string_view page = {};      // "2" = rows 251-500; "" = the first
};
inline constexpr std::size_t event_rows_per_page = 250;

// `/event/<name>`: one event's table, overall, or for one gender or category, 250 rows a page
// (a phone that follows a big event fetches a page, not the whole field).
WebPage event_page(const Standings& s, std::string_view event, const EventView& view, PageClock clock);
// `/runner/<bib>`: one runner's status, times, places, splits, age grade.
WebPage runner_page(const Standings& s, std::string_view bib, PageClock clock);
// `/search?q=`: runners by bib or name (results/runner_search).
WebPage search_page(const Standings& s, std::string_view query, PageClock clock);
// The same from an index kept for the snapshot (the web server's: names folded once).
WebPage search_page(const SearchIndex& index, std::string_view query, PageClock clock);
WebPage search_page(const Standings& s, std::string_view query, const SearchHits& hits, PageClock clock);
// `/awards`: results/awards for each event.
WebPage awards_page(const Standings& s, PageClock clock);
// `/teams`: every [[teams]] table (results/team_scores), event by event: place, team, score and
// members, the teams short of runners unscored with what they lack.
WebPage teams_page(const Standings& s, PageClock clock);
// Any other address: a 404 page that offers the events and the search.
WebPage not_found_page(const Standings& s, std::string_view path, PageClock clock);

}  // namespace fl::results
