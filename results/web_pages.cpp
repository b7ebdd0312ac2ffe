#include "results/web_pages.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

#include <fmt/format.h>

#include "results/awards.hpp"
#include "results/display.hpp"
#include "results/html_text.hpp"
#include "results/runner_search.hpp"
#include "results/team_scores.hpp"
#include "results/web_assets.hpp"
#include "timing/text.hpp"
#include "timing/time.hpp"

namespace fl::results {
namespace {

std::string esc(std::string_view text) { return html_escape(text); }

std::string event_href(std::string_view event) { return "/event/" + url_component(event); }
std::string runner_href(std::string_view bib) { return "/runner/" + url_component(bib); }

std::string_view gender_label(timing::Gender g) {
    switch (g) {
    case timing::Gender::F: return "Women";
    case timing::Gender::M: return "Men";
    case timing::Gender::X: return "Non-binary";
    }
    return "";
}

std::string distance(double m) {
    return m >= 1000 ? fmt::format("{:g} km", m / 1000) : fmt::format("{:g} m", m);
}

// "on course", "DNF", "DQ", "DNS": what a row without a time says instead.
std::string_view status_word(const RunnerResult& r) {
    if (r.status == Status::finished) return "";
    if (r.on_course) return "on course";
    return to_string(r.status);
}

std::string_view status_sentence(const RunnerResult& r) {
    switch (r.status) {
    case Status::finished: return "Finished";
    case Status::dq: return "Disqualified";
    case Status::dns: return "Not started";
    case Status::dnf: return r.on_course ? "On course" : "Did not finish";
    }
    return "";
}

std::string clock_hms(Instant t, const std::string& timezone) {
    return show_clock(t, timezone).substr(0, 8);  // "HH:MM:SS" of "HH:MM:SS.mmm"
}

struct Frame {
    std::string title;       // escaped; "" on the home page (the race's name alone)
    std::string_view kind;   // data-page: home, event, runner, search, awards, teams, missing
    std::string attrs;       // more data- attributes for /app.js, escaped
};

std::string framed(const Standings& s, const Frame& f, std::string_view body, PageClock clock) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += f.title.empty() ? fmt::format("<title>{} results</title>\n", esc(s.race))
                           : fmt::format("<title>{} · {}</title>\n", f.title, esc(s.race));
    out += fmt::format("<link rel=\"stylesheet\" href=\"{}?v={}\">\n", web_css().path, web_css().tag);
    out += fmt::format("<script src=\"{}?v={}\" defer></script>\n</head>\n<body>\n", web_js().path, web_js().tag);
    out += fmt::format("<header class=\"top\"><a class=\"site\" href=\"/\">{}</a>"
                       "<nav aria-label=\"Results\"><a href=\"/\">Events</a><a href=\"/search\">Search</a>"
                       "<a href=\"/awards\">Awards</a>{}</nav></header>\n",
                       esc(s.race), s.teams.empty() ? "" : "<a href=\"/teams\">Teams</a>");
    out += fmt::format("<main id=\"main\" data-page=\"{}\" data-version=\"{}\"{}>\n", f.kind, s.version, f.attrs);
    out += body;
    out += fmt::format("<p class=\"stamp\"><span id=\"updated\">updated {}</span> · standings version {}</p>\n",
                       clock_hms(clock.updated, s.timezone), s.version);
    out += "</main>\n<footer><p>Live results by FinishLine: this page follows the race while it is "
           "open (without JavaScript, reload it). Data: <a href=\"/results.csv\">CSV</a>, "
           "<a href=\"/results.json\">JSON</a>.</p></footer>\n</body>\n</html>\n";
    return out;
}

std::string search_form(std::string_view value) {
    return fmt::format(
        "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
        "<label for=\"q\">Find a runner: bib or name</label><div class=\"row\">"
        "<input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" autocomplete=\"off\" "
        "autocapitalize=\"none\" spellcheck=\"false\" enterkeyhint=\"search\">"
        "<button type=\"submit\">Search</button></div></form>\n",
        esc(value));
}

std::string event_links(const Standings& s) {
    std::string out = "<ul>";
    for (const auto& e : s.events)
        out += fmt::format("<li><a href=\"{}\">{}</a></li>", esc(event_href(e->name)), esc(e->name));
    return out + "</ul>\n";
}

// The time a row is ranked on, or what it says instead ("on course", "DNF").
std::string result_text(const Row& row, timing::Resolution res) {
    const auto& r = *row.runner;
    return r.status == Status::finished ? show_time(r.rank_time, res) : std::string(status_word(r));
}

std::string runner_link(const RunnerResult& r) {
    return fmt::format("<a href=\"{}\">{}</a>", esc(runner_href(r.bib)), esc(r.name));
}

std::string opt_num(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string{}; }

}  // namespace

WebPage home_page(const Standings& s, PageClock clock) {
    std::string b = fmt::format("<h1>{}</h1>\n<p class=\"meta\">{}</p>\n", esc(s.race), esc(timing::format_date(s.date)));
    b += search_form("");
    b += "<section class=\"live\" id=\"live-events\" aria-labelledby=\"h-events\">\n<h2 id=\"h-events\">Events</h2>\n"
         "<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\">Event</th><th scope=\"col\" class=\"n\">Finished</th>"
         "<th scope=\"col\" class=\"n\">On course</th><th scope=\"col\" class=\"n\">DNF</th></tr></thead>\n<tbody>\n";
    for (const auto& e : s.events) {
        const auto& c = e->counts;
        b += fmt::format("<tr><td><a href=\"{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
                         "<td class=\"n\">{}</td></tr>\n",
                         esc(event_href(e->name)), esc(e->name), c.finished, c.on_course, c.dnf - c.on_course);
    }
    b += "</tbody>\n</table></div>\n</section>\n";
    b += "<section class=\"live\" id=\"live-latest\" aria-labelledby=\"h-latest\">\n<h2 id=\"h-latest\">Latest finishers</h2>\n";
    const auto& latest = *s.latest_finishers;
    if (latest.empty()) {
        b += "<p>No finishers yet.</p>\n";
    } else {
        b += "<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\" class=\"n\">Place</th><th scope=\"col\">Name</th>"
             "<th scope=\"col\">Event</th><th scope=\"col\" class=\"n\">Time</th><th scope=\"col\" class=\"opt\">Bib</th>"
             "</tr></thead>\n<tbody>\n";
        constexpr std::size_t shown = 10;
        for (std::size_t i = 0; i < latest.size() && i < shown; ++i) {
            const auto& l = latest[i];
            const auto& r = *l.runner;
            b += fmt::format("<tr data-bib=\"{}\"><td class=\"n\">{}</td><td class=\"nm\">{}</td><td>{}</td>"
                             "<td class=\"n\">{}</td><td class=\"opt\">{}</td></tr>\n",
                             esc(r.bib), opt_num(l.place), runner_link(r), esc(r.event),
                             esc(show_time(r.rank_time, s.display)), esc(r.bib));
        }
        b += "</tbody>\n</table></div>\n";
    }
    b += fmt::format("</section>\n<p><a href=\"/awards\">Awards</a>{}</p>\n",
                     s.teams.empty() ? "" : " · <a href=\"/teams\">Teams</a>");
    return {200, framed(s, {"", "home", ""}, b, clock)};
}

WebPage event_page(const Standings& s, std::string_view name, const EventView& view, PageClock clock) {
    const auto gender_text = view.gender;
    const auto category = view.category;
    const auto* e = s.find_event(name);
    if (!e) {
        const auto b = fmt::format("<h1>No event named “{}”</h1>\n<p>This race has:</p>\n{}{}", esc(name),
                                   event_links(s), search_form(""));
        return {404, framed(s, {"Not found", "missing", ""}, b, clock)};
    }
    // The genders present, in a fixed order (the views offered).
    std::vector<timing::Gender> genders;
    for (const auto g : {timing::Gender::F, timing::Gender::M, timing::Gender::X})
        for (const auto& row : e->rows)
            if (row.runner->gender == g) {
                genders.push_back(g);
                break;
            }
    std::optional<timing::Gender> gender;
    if (!gender_text.empty()) {
        for (const auto g : genders)
            if (gender_text.size() == 1 && (gender_text[0] == timing::to_char(g) || gender_text[0] == timing::to_char(g) + 32))
                gender = g;
        if (!gender) {
            std::string views;
            for (const auto g : genders)
                views += fmt::format(" <a href=\"{}?gender={}\">{}</a>", esc(event_href(e->name)),
                                     timing::to_char(g), gender_label(g));
            const auto b = fmt::format("<h1>No gender “{}” in the {}</h1>\n<p>The views are: <a href=\"{}\">Overall</a>{}</p>\n",
                                       esc(gender_text), esc(e->name), esc(event_href(e->name)), views);
            return {404, framed(s, {"Not found", "missing", ""}, b, clock)};
        }
    }
    const bool by_category = !category.empty();
    if (by_category && std::find(e->categories.begin(), e->categories.end(), category) == e->categories.end()) {
        std::string cats;
        for (const auto& c : e->categories)
            cats += fmt::format("<li><a href=\"{}?category={}\">{}</a></li>", esc(event_href(e->name)),
                                esc(url_component(c)), esc(c));
        const auto b = fmt::format("<h1>No category “{}” in the {}</h1>\n<p>Its categories are:</p>\n<ul>{}</ul>\n",
                                   esc(category), esc(e->name), cats);
        return {404, framed(s, {"Not found", "missing", ""}, b, clock)};
    }

    std::vector<const Row*> rows;
    for (const auto& row : e->rows) {
        if (gender && row.runner->gender != gender) continue;
        if (by_category && row.runner->category != category) continue;
        rows.push_back(&row);
    }
    // The view's own address, which the page links keep.
    const auto view_href = event_href(e->name) +
                           (gender ? fmt::format("?gender={}", timing::to_char(*gender))
                            : by_category ? "?category=" + url_component(category)
                                          : std::string{});
    const auto page_href = [&](std::size_t n) {
        return n == 1 ? view_href : fmt::format("{}{}page={}", view_href, gender || by_category ? "&" : "?", n);
    };
    const std::size_t pages = std::max<std::size_t>(1, (rows.size() + event_rows_per_page - 1) / event_rows_per_page);
    std::size_t page = 1;
    if (!view.page.empty()) {
        const auto* end = view.page.data() + view.page.size();
        const auto [at, ec] = std::from_chars(view.page.data(), end, page);
        if (ec != std::errc{} || at != end || page == 0 || page > pages) {
            const auto b = fmt::format("<h1>No page “{}” here</h1>\n<p>This view of the {} has {} page{} of {} "
                                       "runners: <a href=\"{}\">start at the first</a>.</p>\n",
                                       esc(view.page), esc(e->name), pages, pages == 1 ? "" : "s",
                                       event_rows_per_page, esc(view_href));
            return {404, framed(s, {"Not found", "missing", ""}, b, clock)};
        }
    }

    const auto href = esc(event_href(e->name));
    const auto& c = e->counts;
    std::string b = fmt::format("<h1>{}</h1>\n<p class=\"meta\">{}, ranked on {} time</p>\n", esc(e->name),
                                e->counts_laps() ? esc(course_text(*e)) : distance(e->distance_m), timing::to_string(e->rank_by));
    const bool laps = e->counts_laps();  // a lap race: the laps beside the name (they rank first)
    b += fmt::format("<nav class=\"views\" aria-label=\"Views\"><a href=\"{}\"{}>Overall</a>", href,
                     !gender && !by_category ? " aria-current=\"page\"" : "");
    for (const auto g : genders)
        b += fmt::format("<a href=\"{}?gender={}\"{}>{}</a>", href, timing::to_char(g),
                         gender == g ? " aria-current=\"page\"" : "", gender_label(g));
    b += "</nav>\n";
    if (!e->categories.empty()) {
        // Closed unless one is chosen: a race may have twenty of them.
        b += fmt::format("<details class=\"cats\"{}><summary>Categories</summary>"
                         "<nav class=\"views\" aria-label=\"Categories\">",
                         by_category ? " open" : "");
        for (const auto& cat : e->categories)
            b += fmt::format("<a href=\"{}?category={}\"{}>{}</a>", href, esc(url_component(cat)),
                             cat == category ? " aria-current=\"page\"" : "", esc(cat));
        b += "</nav></details>\n";
    }
    const auto view_name = gender ? std::string(gender_label(*gender))
                      : by_category ? fmt::format("Category {}", esc(category))
                                    : std::string("Overall");
    b += "<section class=\"live\" id=\"live-table\" aria-labelledby=\"h-table\">\n";
    b += fmt::format("<h2 id=\"h-table\">{}</h2>\n<p class=\"meta\">{} finished, {} on course, {} DNF of {} entered</p>\n",
                     view_name, c.finished, c.on_course, c.dnf - c.on_course, c.entered);
    const bool net = e->rank_by == timing::RankBy::net;
    b += fmt::format("<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\" class=\"n\">Place</th>"
                     "<th scope=\"col\">Name</th>{}<th scope=\"col\" class=\"n rt\">{}</th>"
                     "<th scope=\"col\" class=\"n alt\">{}</th><th scope=\"col\" class=\"opt\">Bib</th>"
                     "<th scope=\"col\" class=\"opt\">Category</th><th scope=\"col\" class=\"n opt\">Overall place</th>"
                     "</tr></thead>\n<tbody>\n",
                     laps ? fmt::format("<th scope=\"col\" class=\"n\">{}</th>", e->backyard() ? "Loops" : "Laps") : "",
                     net ? "Net time" : "Gun time",
                     net ? "Gun time" : "Net time");
    const auto first = (page - 1) * event_rows_per_page;
    const auto last = std::min(rows.size(), first + event_rows_per_page);
    for (std::size_t i = first; i < last; ++i) {
        const auto& row = *rows[i];
        const auto& r = *row.runner;
        const bool fin = r.status == Status::finished;
        const auto place = gender ? row.gender_place : by_category ? row.category_place : row.place;
        const auto other = fin ? (net ? r.gun_time : r.net_time) : std::nullopt;
        b += fmt::format("<tr class=\"st-{}\" data-bib=\"{}\"><td class=\"n\">{}</td><td class=\"nm\">{}</td>{}"
                         "<td class=\"n rt\">{}</td><td class=\"n alt\">{}</td><td class=\"opt\">{}</td>"
                         "<td class=\"opt\">{}</td><td class=\"n opt\">{}</td></tr>\n",
                         to_string(r.status), esc(r.bib), opt_num(place), runner_link(r),
                         laps ? fmt::format("<td class=\"n\">{}</td>", r.laps) : std::string{},
                         esc(result_text(row, s.display)), esc(show_time(other, s.display)), esc(r.bib),
                         esc(r.category), opt_num(row.place));
    }
    b += "</tbody>\n</table></div>\n";
    if (rows.empty()) b += "<p>Nobody here yet.</p>\n";
    if (pages > 1) {
        b += "<nav class=\"pager\" aria-label=\"Pages\">";
        if (page > 1)
            b += fmt::format("<a href=\"{}\" rel=\"prev\">Previous {}</a>", esc(page_href(page - 1)), event_rows_per_page);
        b += fmt::format("<span>{}–{} of {}</span>", first + 1, last, rows.size());
        if (page < pages)
            b += fmt::format("<a href=\"{}\" rel=\"next\">Next {}</a>", esc(page_href(page + 1)), event_rows_per_page);
        b += "</nav>\n";
    }
    b += "</section>\n";
    return {200, framed(s, {esc(e->name), "event", fmt::format(" data-event=\"{}\"", esc(e->name))}, b, clock)};
}

namespace {

// A lap race runner's laps: each lap's time and the time so far.
std::string laps_table(const RunnerResult& r, timing::Resolution display, std::string_view lap) {
    std::string b = fmt::format("<h2>{0}s</h2>\n<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\" class=\"n\">{0}</th>"
                                "<th scope=\"col\" class=\"n\">{0} time</th><th scope=\"col\" class=\"n\">Total</th></tr></thead>\n<tbody>\n",
                                lap);
    Duration total{0};
    for (std::size_t k = 0; k < r.lap_times.size(); ++k) {
        total += r.lap_times[k];
        b += fmt::format("<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n", k + 1,
                         esc(show_time(r.lap_times[k], display)), esc(show_time(total, display)));
    }
    if (r.lap_times.empty()) b += fmt::format("<tr><td colspan=\"3\">No {} yet.</td></tr>\n", lap == "Loop" ? "loop" : "lap");
    return b + "</tbody>\n</table></div>\n";
}

}  // namespace

WebPage runner_page(const Standings& s, std::string_view bib, PageClock clock) {
    const auto* row = s.find_bib(bib);
    if (!row) {
        const auto b = fmt::format("<h1>No runner with bib “{}”</h1>\n<p>Check the number on the bib, or search "
                                   "by name.</p>\n{}<p>Events:</p>\n{}",
                                   esc(bib), search_form(bib), event_links(s));
        return {404, framed(s, {"Not found", "missing", ""}, b, clock)};
    }
    const auto& r = *row->runner;
    const auto* e = s.find_event(r.event);
    const bool fin = r.status == Status::finished;
    std::string b = fmt::format("<h1>{}</h1>\n<p class=\"meta\">Bib {} · <a href=\"{}\">{}</a>", esc(r.name), esc(r.bib),
                                esc(event_href(r.event)), esc(r.event));
    if (!r.wave.empty()) b += fmt::format(" · wave {}", esc(r.wave));
    if (!r.category.empty()) b += fmt::format(" · {}", esc(r.category));
    if (!r.team.empty()) b += fmt::format(" · {}", esc(r.team));
    b += "</p>\n<section class=\"live\" id=\"live-runner\" aria-label=\"Result\">\n";
    b += fmt::format("<p class=\"big\">{}</p>\n", fin ? esc(show_time(r.rank_time, s.display)) : status_sentence(r));
    b += "<dl class=\"facts\">\n";
    auto fact = [&](std::string_view dt, const std::string& dd) {
        if (!dd.empty()) b += fmt::format("<dt>{}</dt><dd>{}</dd>\n", dt, dd);
    };
    fact("Status", r.status == Status::dq && !r.dq_reason.empty()
                       ? fmt::format("Disqualified: {}", esc(r.dq_reason))
                       : std::string(status_sentence(r)));
    if (e && e->counts_laps())
        fact(e->backyard() ? "Loops" : "Laps", fmt::format("{}{}", r.laps, r.laps_complete ? " (race over)" : ""));
    if (fin) {
        fact("Gun time", esc(show_time(r.gun_time, s.display)));
        fact("Net time", esc(show_time(r.net_time, s.display)));
        if (r.pace_per_km)
            fact("Pace", fmt::format("{} /km · {} /mile", show_pace(r.pace_per_km), show_pace(r.pace_per_mile)));
        int in_gender = 0, in_category = 0;
        if (e)
            for (const auto& o : e->rows) {
                if (o.runner->status != Status::finished) continue;
                if (r.gender && o.runner->gender == r.gender) ++in_gender;
                if (!r.category.empty() && o.runner->category == r.category) ++in_category;
            }
        if (row->place)
            fact("Place", fmt::format("{} of {}{}", *row->place, e ? e->counts.finished : 0,
                                      row->dead_heat ? " (dead heat)" : ""));
        if (row->gender_place && r.gender)
            fact("Gender place", fmt::format("{} of {} ({})", *row->gender_place, in_gender, gender_label(*r.gender)));
        if (row->category_place)
            fact("Category place", fmt::format("{} of {} ({})", *row->category_place, in_category, esc(r.category)));
        if (s.age_grading && r.age_grade)
            fact("Age grade", fmt::format("{} % (graded time {})", show_percent(r.age_grade),
                                          show_time(r.age_grade->graded_time, s.display)));
        if (r.finish)
            fact("Finish", fmt::format("crossed at {}{}", clock_hms(*r.finish, s.timezone),
                                       r.manual_finish ? " (recorded by a marshal)" : ""));
        if (r.finish_known) fact("Result in", fmt::format("at {}", clock_hms(*r.finish_known, s.timezone)));
    } else if (r.on_course) {
        fact("Started", fmt::format("at {}{}", clock_hms(r.start_passing.value_or(r.gun), s.timezone),
                                    r.start_passing ? "" : " (the gun)"));
    }
    b += "</dl>\n";
    if (e && e->counts_laps()) b += laps_table(r, s.display, e->backyard() ? "Loop" : "Lap");
    if (e && !e->counts_laps() && (!e->splits.empty() || fin)) {
        b += "<h2>Splits</h2>\n<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\">Point</th>"
             "<th scope=\"col\" class=\"n\">Distance</th><th scope=\"col\" class=\"n\">Time</th>"
             "<th scope=\"col\" class=\"n\">Pace /km</th></tr></thead>\n<tbody>\n";
        for (std::size_t i = 0; i < e->splits.size() && i < r.splits.size(); ++i) {
            const auto& sp = e->splits[i];
            const auto& t = r.splits[i];
            b += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                             esc(sp.name), sp.distance_m ? distance(*sp.distance_m) : "",
                             esc(show_time(t.elapsed, s.display)), show_pace(t.pace_per_km));
        }
        b += fmt::format("<tr><td>Finish</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                         distance(e->distance_m), fin ? esc(show_time(r.net_time, s.display)) : "",
                         fin ? show_pace(r.pace_per_km) : "");
        b += "</tbody>\n</table></div>\n";
    }
    b += "</section>\n";
    return {200, framed(s, {esc(r.name), "runner",
                            fmt::format(" data-bib=\"{}\" data-event=\"{}\"", esc(r.bib), esc(r.event))},
                        b, clock)};
}

WebPage search_page(const Standings& s, std::string_view query, PageClock clock) {
    return search_page(s, query, search_runners(s, query), clock);
}

WebPage search_page(const SearchIndex& index, std::string_view query, PageClock clock) {
    return search_page(index.standings(), query, index.find(query), clock);
}

WebPage search_page(const Standings& s, std::string_view query, const SearchHits& hits, PageClock clock) {
    std::string b = "<h1>Find a runner</h1>\n" + search_form(query);
    b += "<section class=\"live\" id=\"live-results\" aria-label=\"Search results\">\n";
    if (timing::trim(query).empty()) {
        b += "<p>Type a bib number or part of a name: upper or lower case, with or without accents.</p>\n";
    } else if (hits.total == 0) {
        b += fmt::format("<p>No runner matches “{}”. Try the bib number, or one part of the name.</p>\n", esc(query));
    } else {
        b += hits.total == hits.rows.size()
                 ? fmt::format("<p>{} {} “{}”.</p>\n", hits.total, hits.total == 1 ? "runner matches" : "runners match", esc(query))
                 : fmt::format("<p>{} runners match “{}”: the first {} are shown, type more to narrow.</p>\n",
                               hits.total, esc(query), hits.rows.size());
        b += "<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Bib</th>"
             "<th scope=\"col\">Event</th><th scope=\"col\" class=\"n\">Result</th></tr></thead>\n<tbody>\n";
        for (const auto* row : hits.rows) {
            const auto& r = *row->runner;
            b += fmt::format("<tr data-bib=\"{}\"><td class=\"nm\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                             esc(r.bib), runner_link(r), esc(r.bib), esc(r.event), esc(result_text(*row, s.display)));
        }
        b += "</tbody>\n</table></div>\n";
    }
    b += "</section>\n";
    return {200, framed(s, {"Search", "search", ""}, b, clock)};
}

WebPage awards_page(const Standings& s, PageClock clock) {
    const auto& c = s.categories;
    std::string b = fmt::format("<h1>Awards</h1>\n<p class=\"meta\">Top {} per gender overall and per category; {}.</p>\n",
                                c.award_depth, esc(exclusion_rule(c)));
    b += "<div class=\"live\" id=\"live-awards\">\n";
    for (const auto& e : s.events) {
        const auto awards = compute_awards(*e, c);
        b += fmt::format("<section aria-labelledby=\"aw-{0}\">\n<h2 id=\"aw-{0}\"><a href=\"{1}\">{2}</a> ({3} time)</h2>\n",
                         e->id, esc(event_href(e->name)), esc(e->name), timing::to_string(e->rank_by));
        bool any = false;
        for (const auto& g : awards.groups) {
            if (g.winners.empty()) continue;
            any = true;
            b += fmt::format("<h3>{}</h3>\n<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\" class=\"n\">#</th>"
                             "<th scope=\"col\">Name</th><th scope=\"col\" class=\"n\">Time</th>"
                             "<th scope=\"col\" class=\"n opt\">Place</th><th scope=\"col\" class=\"opt\">Bib</th>"
                             "</tr></thead>\n<tbody>\n",
                             esc(g.name));
            for (const auto& w : g.winners) {
                const auto& r = *w.row->runner;
                b += fmt::format("<tr data-bib=\"{}\"><td class=\"n\">{}</td><td class=\"nm\">{}</td><td class=\"n\">{}</td>"
                                 "<td class=\"n opt\">{}{}</td><td class=\"opt\">{}</td></tr>\n",
                                 esc(r.bib), w.position, runner_link(r), esc(show_time(r.rank_time, s.display)),
                                 opt_num(w.row->place), w.row->dead_heat ? " (dead heat)" : "", esc(r.bib));
            }
            b += "</tbody>\n</table></div>\n";
        }
        if (!any) b += "<p>No finishers yet.</p>\n";
        b += "</section>\n";
    }
    b += "</div>\n";
    return {200, framed(s, {"Awards", "awards", ""}, b, clock)};
}

WebPage teams_page(const Standings& s, PageClock clock) {
    std::string b = "<h1>Teams</h1>\n";
    if (s.teams.empty()) b += "<p>This race scores no teams.</p>\n";
    b += "<div class=\"live\" id=\"live-teams\">\n";
    int n = 0;
    for (const auto& e : s.events)
        for (const auto& c : s.teams) {
            if (c.event != e->name) continue;
            const auto t = compute_teams(*e, c, s.display);
            b += fmt::format("<section aria-labelledby=\"tm-{0}\">\n<h2 id=\"tm-{0}\">{1}</h2>\n<p class=\"meta\">"
                             "<a href=\"{2}\">{3}</a> · {4}</p>\n",
                             ++n, esc(c.name), esc(event_href(e->name)), esc(e->name), esc(scoring_rule(c)));
            if (t.teams.empty()) {
                b += "<p>No team has a finisher yet.</p>\n</section>\n";
                continue;
            }
            b += "<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\" class=\"n\">Place</th><th scope=\"col\">Team</th>"
                 "<th scope=\"col\" class=\"n\">Score</th><th scope=\"col\" class=\"opt\">Members</th></tr></thead>\n<tbody>\n";
            for (const auto& team : t.teams) {
                auto members = listed_members(team, c, s.display);
                for (auto& m : members) m = esc(m);
                b += fmt::format("<tr><td class=\"n\">{}</td><td class=\"nm\">{}</td><td class=\"n\">{}</td><td class=\"opt\">{}{}</td></tr>\n",
                                 opt_num(team.place), esc(team.team), esc(score_text(team, s.display)),
                                 team.place ? "" : fmt::format("<em>not scored: {}</em> ", esc(team.short_of)),
                                 fmt::join(members, "; "));
            }
            b += "</tbody>\n</table></div>\n</section>\n";
        }
    b += "</div>\n";
    return {200, framed(s, {"Teams", "teams", ""}, b, clock)};
}

WebPage not_found_page(const Standings& s, std::string_view path, PageClock clock) {
    const auto b = fmt::format("<h1>Nothing at {}</h1>\n<p>This server has the results of {}: its events</p>\n{}"
                               "<p>and the <a href=\"/awards\">awards</a>; find a runner by bib or name:</p>\n{}",
                               esc(path.substr(0, 200)), esc(s.race), event_links(s), search_form(""));
    return {404, framed(s, {"Not found", "missing", ""}, b, clock)};
}

}  // namespace fl::results
