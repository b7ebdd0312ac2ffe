// The web pages rendered from a race fed into a real engine: participant text escaped
// everywhere, names found without their accents, a runner's page with the times, places,
// splits and paces worked by hand from the reads below, the views of an event, and 404 pages
// that say what exists.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <regex>

#include "results/html_text.hpp"
#include "results/runner_search.hpp"
#include "results/web_assets.hpp"
#include "results/web_pages.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using timing::Gender;

const std::string hostile = "<script>alert(1)</script>";

std::vector<timing::Participant> web_people() {
    auto list = people();
    list.push_back(person("7", hostile, Gender::M, "30", "10K", "A", {"C7"}, "<b>cat</b>"));
    list.push_back(person("8", "Zo\xC3\xAB M\xC3\xBCller", Gender::F, "41", "5K", "", {"C8"}));
    list.push_back(person("9", "\xC3\x85sa \xC5\x81ukasz", Gender::F, "29", "5K", "", {"C9"}));
    for (std::size_t i = 0; i < list.size(); ++i) list[i].id = static_cast<std::int64_t>(i) + 1;
    return list;
}

class WebPages : public ::testing::Test {
protected:
    WebPages() : race(web_people()) {
        // 10K, gun 09:00:00 (wave A): Bob first on gun time, then Ann; the hostile name third.
        race.read("C1", pt_start, "09:00:05");
        race.read("C1", pt_km5, "09:20:00");
        race.read("C1", pt_finish, "09:42:10");
        race.read("C2", pt_start, "09:00:03");
        race.read("C2", pt_finish, "09:40:00");
        race.read("C7", pt_start, "09:00:01");
        race.read("C7", pt_finish, "09:50:00");
        race.read("C5", pt_start, "09:00:02");  // Eve: started, on course
        // 5K, gun 09:30:00, ranked on net time.
        race.read("C8", pt_start, "09:30:04");
        race.read("C8", pt_finish, "09:55:04");
        clock.updated = race.at("10:15:30");
    }
    Race race;
    PageClock clock;
};

// Everything a page shows of what participants typed, in every page.
TEST_F(WebPages, ParticipantTextIsEscapedInEveryPage) {
    const auto& s = race.s();
    const std::vector<std::pair<std::string, WebPage>> pages{
        {"home", home_page(s, clock)},
        {"event", event_page(s, "10K", {}, clock)},
        {"category", event_page(s, "10K", {.category = "<b>cat</b>"}, clock)},
        {"runner", runner_page(s, "7", clock)},
        {"search", search_page(s, "alert", clock)},
        {"awards", awards_page(s, clock)},
        {"missing bib", runner_page(s, "<i>9", clock)},
        {"missing event", event_page(s, "<x>", {}, clock)},
        {"missing", not_found_page(s, "/<img src=x>", clock)},
    };
    for (const auto& [what, page] : pages) {
        const auto& html = page.html;
        EXPECT_EQ(html.find("<script>alert"), std::string::npos) << what;
        EXPECT_EQ(html.find("<b>"), std::string::npos) << what;
        EXPECT_EQ(html.find("<i>"), std::string::npos) << what;
        EXPECT_EQ(html.find("<img"), std::string::npos) << what;
        EXPECT_EQ(html.find("<x>"), std::string::npos) << what;
        EXPECT_NE(html.find("<title>"), std::string::npos) << what;
        EXPECT_NE(html.find("Test &lt;Race&gt; &amp; Co"), std::string::npos) << what;
        // The only script is /app.js; no inline style (the CSP forbids both).
        EXPECT_EQ(html.find("<script"), html.rfind("<script")) << what;
        EXPECT_NE(html.find(fmt::format("<script src=\"/app.js?v={}\" defer></script>", web_js().tag)),
                  std::string::npos)
            << what;
        EXPECT_EQ(html.find("style="), std::string::npos) << what;
        EXPECT_EQ(html.find("<style"), std::string::npos) << what;
        EXPECT_FALSE(std::regex_search(html, std::regex(R"(\son[a-z]+\s*=)"))) << what;  // no onclick=
        // One h1, a language, a main landmark.
        EXPECT_EQ(html.find("<h1"), html.rfind("<h1")) << what;
        EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos) << what;
        EXPECT_NE(html.find("<main id=\"main\""), std::string::npos) << what;
    }
    EXPECT_NE(pages[3].second.html.find("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"), std::string::npos)
        << pages[3].second.html;
    EXPECT_NE(pages[4].second.html.find(">&lt;script&gt;alert(1)&lt;/script&gt;</a>"), std::string::npos);
    EXPECT_NE(pages[6].second.html.find("No runner with bib “&lt;i&gt;9”"), std::string::npos);
}

TEST_F(WebPages, TablesHaveHeadersWithScopeAndTheSearchBoxALabel) {
    const auto html = home_page(race.s(), clock).html;
    EXPECT_NE(html.find("<th scope=\"col\">Event</th>"), std::string::npos);
    EXPECT_EQ(html.find("<th>"), std::string::npos);
    EXPECT_NE(html.find("<label for=\"q\">"), std::string::npos);
    EXPECT_NE(html.find("<input id=\"q\" name=\"q\" type=\"search\""), std::string::npos);
}

TEST_F(WebPages, HomeCountsEachEventAndListsTheLatestFinishers) {
    const auto html = home_page(race.s(), clock).html;
    // 10K: Bob, Ann and bib 7 finished, Eve on course; 5K: Zoë finished.
    EXPECT_NE(html.find("<tr><td><a href=\"/event/10K\">10K</a></td><td class=\"n\">3</td><td class=\"n\">1</td>"
                        "<td class=\"n\">0</td></tr>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<tr><td><a href=\"/event/5K\">5K</a></td><td class=\"n\">1</td>"), std::string::npos);
    // Newest first: Zoë (09:55:04) before bib 7 (09:50:00).
    const auto zoe = html.find("<a href=\"/runner/8\">Zo\xC3\xAB M\xC3\xBCller</a>");
    const auto seven = html.find("<a href=\"/runner/7\">");
    ASSERT_NE(zoe, std::string::npos) << html;
    ASSERT_NE(seven, std::string::npos);
    EXPECT_LT(zoe, seven);
    EXPECT_NE(html.find("<tr data-bib=\"8\"><td class=\"n\">1</td>"), std::string::npos) << html;
    EXPECT_NE(html.find("<span id=\"updated\">updated 10:15:30</span>"), std::string::npos);
    EXPECT_NE(html.find(fmt::format("data-version=\"{}\"", race.s().version)), std::string::npos);
}

TEST_F(WebPages, ARunnersPageHasTimesPlacesSplitsAndPaces) {
    const auto page = runner_page(race.s(), "1", clock);
    ASSERT_EQ(page.status, 200u);
    const auto& html = page.html;
    // Ann: gun 09:00:00, own start 09:00:05, km5 09:20:00, finish 09:42:10 (10 km).
    for (const auto* expected : {
             "<h1>Ann Apple</h1>",
             "Bib 1 · <a href=\"/event/10K\">10K</a> · wave A · F30-34",
             "<p class=\"big\">0:42:10</p>",  // the 10K ranks on gun time
             "<dt>Status</dt><dd>Finished</dd>",
             "<dt>Gun time</dt><dd>0:42:10</dd>",
             "<dt>Net time</dt><dd>0:42:05</dd>",
             "<dt>Pace</dt><dd>4:13 /km · 6:47 /mile</dd>",  // 2525 s / 10 km; / 6.2137 mi
             "<dt>Place</dt><dd>2 of 3</dd>",                // Bob 0:40:00 is first
             "<dt>Gender place</dt><dd>1 of 1 (Women)</dd>",
             "<dt>Category place</dt><dd>1 of 1 (F30-34)</dd>",
             "<dt>Finish</dt><dd>crossed at 09:42:10</dd>",
             "<dt>Result in</dt><dd>at 09:42:10</dd>",
             // km5 at 0:19:55 from her own start: 239 s/km.
             "<tr><td>km5</td><td class=\"n\">5 km</td><td class=\"n\">0:19:55</td><td class=\"n\">3:59</td></tr>",
             "<tr><td>Finish</td><td class=\"n\">10 km</td><td class=\"n\">0:42:05</td><td class=\"n\">4:13</td></tr>",
             "data-page=\"runner\" data-version=",
             "data-bib=\"1\" data-event=\"10K\"",
         })
        EXPECT_NE(html.find(expected), std::string::npos) << expected << "\n" << html;
    EXPECT_EQ(html.find("Age grade"), std::string::npos);  // not configured
}

TEST_F(WebPages, ARunnerStillOutSaysSoWithoutTimes) {
    const auto html = runner_page(race.s(), "5", clock).html;
    EXPECT_NE(html.find("<p class=\"big\">On course</p>"), std::string::npos) << html;
    EXPECT_EQ(html.find("Gun time"), std::string::npos);
    EXPECT_NE(html.find("<dt>Started</dt><dd>at 09:00:02</dd>"), std::string::npos) << html;  // her start mat
    const auto dns = runner_page(race.s(), "6", clock).html;
    EXPECT_NE(dns.find("<dt>Status</dt><dd>Not started</dd>"), std::string::npos) << dns;
}

TEST(WebPagesAgeGrade, TheRunnersPageShowsTheAgeGradeWhenConfigured) {
    std::string toml(race_toml);
    toml += fmt::format("\n[results]\nage_grade_table = \"{}/data/age_grade_road_factors.csv\"\n"
                        "age_grade_edition = 2020\n",
                        FL_SHARED_DIR);
    auto ps = people();
    ps.push_back(person("7", "Gus Go", Gender::M, "35", "5K", "", {"C7"}));
    Race race(ps, toml);
    race.read("C7", pt_start, "09:30:00");
    race.read("C7", pt_finish, "09:48:00");  // 18:00 for 5 km at 35: 72.54 % (age_grade_test)
    const auto html = runner_page(race.s(), "7", {}).html;
    EXPECT_NE(html.find("<dt>Age grade</dt><dd>72.54 %"), std::string::npos) << html;
}

TEST_F(WebPages, AnEventHasOverallGenderAndCategoryViews) {
    const auto& s = race.s();
    const auto overall = event_page(s, "10K", {}, clock).html;
    EXPECT_NE(overall.find("<a href=\"/event/10K\" aria-current=\"page\">Overall</a>"), std::string::npos) << overall;
    EXPECT_NE(overall.find("<a href=\"/event/10K?gender=F\">Women</a>"), std::string::npos);
    EXPECT_NE(overall.find("<a href=\"/event/10K?gender=M\">Men</a>"), std::string::npos);
    EXPECT_NE(overall.find("<a href=\"/event/10K?gender=X\">Non-binary</a>"), std::string::npos);
    EXPECT_NE(overall.find("<a href=\"/event/10K?category=F30-34\">F30-34</a>"), std::string::npos);
    // Place order: Bob 1st (0:40:00), Ann 2nd (0:42:10), bib 7 3rd, then Eve on course.
    const auto bob = overall.find("<tr class=\"st-FIN\" data-bib=\"2\"><td class=\"n\">1</td>");
    const auto ann = overall.find("<tr class=\"st-FIN\" data-bib=\"1\"><td class=\"n\">2</td>");
    const auto eve = overall.find("<tr class=\"st-DNF\" data-bib=\"5\"><td class=\"n\"></td>");
    ASSERT_NE(bob, std::string::npos) << overall;
    ASSERT_NE(ann, std::string::npos) << overall;
    ASSERT_NE(eve, std::string::npos) << overall;
    EXPECT_LT(bob, ann);
    EXPECT_LT(ann, eve);
    EXPECT_NE(overall.find("<td class=\"n rt\">on course</td>"), std::string::npos);

    // Women: Ann is 1st there, and the men are not listed.
    const auto women = event_page(s, "10K", {.gender = "F"}, clock).html;
    EXPECT_NE(women.find("<h2 id=\"h-table\">Women</h2>"), std::string::npos);
    EXPECT_NE(women.find("<tr class=\"st-FIN\" data-bib=\"1\"><td class=\"n\">1</td>"), std::string::npos) << women;
    EXPECT_EQ(women.find("data-bib=\"2\""), std::string::npos);
    EXPECT_EQ(event_page(s, "10K", {.gender = "f"}, clock).html, women);  // either case

    // A category: its own places.
    const auto m40 = event_page(s, "10K", {.category = "M40-44"}, clock).html;
    EXPECT_NE(m40.find("<h2 id=\"h-table\">Category M40-44</h2>"), std::string::npos) << m40;
    EXPECT_NE(m40.find("<tr class=\"st-FIN\" data-bib=\"2\"><td class=\"n\">1</td>"), std::string::npos);
    EXPECT_EQ(m40.find("data-bib=\"1\""), std::string::npos);
    EXPECT_NE(m40.find("<details class=\"cats\" open>"), std::string::npos);
}

// 300 women entered in the 5K, nobody started: rows by bib, 250 a page.
TEST(WebPagesPaging, ABigEventComesIn250RowPages) {
    std::vector<timing::Participant> list;
    for (int i = 1; i <= 300; ++i)
        list.push_back(person(fmt::format("{}", 1000 + i), fmt::format("Runner {}", i), Gender::F, "30", "5K", "",
                              {fmt::format("K{}", i)}));
    for (std::size_t i = 0; i < list.size(); ++i) list[i].id = static_cast<std::int64_t>(i) + 1;
    Race race(list);
    const auto& s = race.s();
    const auto first = event_page(s, "5K", {}, {}).html;
    EXPECT_NE(first.find("data-bib=\"1250\""), std::string::npos);
    EXPECT_EQ(first.find("data-bib=\"1251\""), std::string::npos);
    EXPECT_NE(first.find("<nav class=\"pager\" aria-label=\"Pages\"><span>1–250 of 300</span>"
                         "<a href=\"/event/5K?page=2\" rel=\"next\">Next 250</a></nav>"),
              std::string::npos)
        << first;
    const auto second = event_page(s, "5K", {.page = "2"}, {});
    EXPECT_EQ(second.status, 200u);
    EXPECT_EQ(second.html.find("data-bib=\"1250\""), std::string::npos);
    EXPECT_NE(second.html.find("data-bib=\"1251\""), std::string::npos);
    EXPECT_NE(second.html.find("data-bib=\"1300\""), std::string::npos);
    EXPECT_NE(second.html.find("<a href=\"/event/5K\" rel=\"prev\">Previous 250</a><span>251–300 of 300</span></nav>"),
              std::string::npos)
        << second.html;
    // A view keeps its query in the page links.
    EXPECT_NE(event_page(s, "5K", {.gender = "F"}, {}).html.find("href=\"/event/5K?gender=F&amp;page=2\""),
              std::string::npos);
    for (const auto* bad : {"3", "0", "x", "-1", "2a"}) {
        const auto page = event_page(s, "5K", {.page = bad}, {});
        EXPECT_EQ(page.status, 404u) << bad;
        EXPECT_NE(page.html.find("has 2 pages of 250 runners: <a href=\"/event/5K\">start at the first</a>"),
                  std::string::npos)
            << page.html;
    }
}

TEST_F(WebPages, UnknownEventsRunnersAndViewsAre404PagesThatSayWhatExists) {
    const auto& s = race.s();
    const auto event = event_page(s, "Fun Run", {}, clock);
    EXPECT_EQ(event.status, 404u);
    EXPECT_NE(event.html.find("<h1>No event named “Fun Run”</h1>"), std::string::npos);
    EXPECT_NE(event.html.find("<li><a href=\"/event/10K\">10K</a></li><li><a href=\"/event/5K\">5K</a></li>"),
              std::string::npos)
        << event.html;
    const auto bib = runner_page(s, "999", clock);
    EXPECT_EQ(bib.status, 404u);
    EXPECT_NE(bib.html.find("<h1>No runner with bib “999”</h1>"), std::string::npos);
    EXPECT_NE(bib.html.find("value=\"999\""), std::string::npos);  // the search box offers it
    const auto gender = event_page(s, "5K", {.gender = "M"}, clock);  // nobody in the 5K is M
    EXPECT_EQ(gender.status, 404u);
    EXPECT_NE(gender.html.find("<a href=\"/event/5K?gender=F\">Women</a>"), std::string::npos) << gender.html;
    const auto category = event_page(s, "10K", {.category = "M99"}, clock);
    EXPECT_EQ(category.status, 404u);
    EXPECT_NE(category.html.find("<li><a href=\"/event/10K?category=F30-34\">F30-34</a></li>"), std::string::npos);
    const auto path = not_found_page(s, "/nope", clock);
    EXPECT_EQ(path.status, 404u);
    EXPECT_NE(path.html.find("<h1>Nothing at /nope</h1>"), std::string::npos);
}

TEST_F(WebPages, SearchIgnoresCaseAndAccents) {
    const auto& s = race.s();
    auto bibs = [&](std::string_view q) {
        std::string out;
        for (const auto* row : search_runners(s, q).rows) out += row->runner->bib + " ";
        return out;
    };
    EXPECT_EQ(bibs("Zoe"), "8 ");
    EXPECT_EQ(bibs("muller"), "8 ");
    EXPECT_EQ(bibs("ZOË"), "8 ");  // upper case Ë is not folded by ASCII lowering: by the table
    EXPECT_EQ(bibs("asa lukasz"), "9 ");
    EXPECT_EQ(bibs("lukasz asa"), "9 ");  // words in any order
    EXPECT_EQ(bibs("  ann  "), "1 ");
    EXPECT_EQ(bibs("nobody"), "");
    EXPECT_EQ(bibs("   "), "");
    // A bib first, then names (and bibs) that contain it: "alert(1)".
    EXPECT_EQ(bibs("1"), "1 7 ");
    const auto html = search_page(s, "zoe", clock).html;
    EXPECT_NE(html.find("<p>1 runner matches “zoe”.</p>"), std::string::npos) << html;
    EXPECT_NE(html.find("<a href=\"/runner/8\">Zo\xC3\xAB M\xC3\xBCller</a>"), std::string::npos);
    EXPECT_NE(search_page(s, "nobody", clock).html.find("No runner matches “nobody”"), std::string::npos);
    EXPECT_EQ(search_runners(s, "e", 2).rows.size(), 2u);
    EXPECT_GT(search_runners(s, "e", 2).total, 2u);
}

TEST_F(WebPages, AwardsListEachGroupsWinners) {
    const auto html = awards_page(race.s(), clock).html;
    EXPECT_NE(html.find("Top 2 per gender overall and per category; the winner of each gender overall is excluded "
                        "from category awards."),
              std::string::npos)
        << html;
    const auto men = html.find("<h3>Overall M</h3>");
    ASSERT_NE(men, std::string::npos) << html;
    // Bob then bib 7 (0:50:00) among the men of the 10K.
    const auto bob = html.find("<tr data-bib=\"2\"><td class=\"n\">1</td>", men);
    const auto seven = html.find("<tr data-bib=\"7\"><td class=\"n\">2</td>", men);
    EXPECT_NE(bob, std::string::npos);
    EXPECT_NE(seven, std::string::npos);
    EXPECT_LT(bob, seven);
}

// The phones' team page (README "Teams"): Bob (1st) and Ann (2nd) score 1 + 2 = 3 for their
// club; the club typed as markup has one finisher of the two it needs and is listed unscored.
TEST(WebPagesTeams, TheTeamsPageListsEachTableWithItsScores) {
    auto list = web_people();
    for (auto& p : list) p.team = p.bib == "1" || p.bib == "2" ? "Harriers" : p.bib == "7" ? "<i>club</i>" : "";
    Race race(list, std::string(race_toml) + "[[teams]]\nevent = \"10K\"\nsize = 2\n");
    race.read("C1", pt_finish, "09:42:10");
    race.read("C2", pt_finish, "09:40:00");
    race.read("C7", pt_finish, "09:50:00");
    const auto page = teams_page(race.s(), {});
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.html.find("data-page=\"teams\""), std::string::npos);
    EXPECT_NE(page.html.find("<h2 id=\"tm-1\">10K teams</h2>"), std::string::npos) << page.html;
    EXPECT_NE(page.html.find("<tr><td class=\"n\">1</td><td class=\"nm\">Harriers</td><td class=\"n\">3</td>"),
              std::string::npos)
        << page.html;
    EXPECT_NE(page.html.find("<td class=\"nm\">&lt;i&gt;club&lt;/i&gt;</td>"), std::string::npos);
    EXPECT_NE(page.html.find("<em>not scored: 1 finisher of 2</em>"), std::string::npos);
    EXPECT_EQ(page.html.find("<i>club</i>"), std::string::npos);
    // Every page of a race with teams links to it; one without says it scores none.
    EXPECT_NE(home_page(race.s(), {}).html.find("<a href=\"/teams\">Teams</a>"), std::string::npos);
    Race plain(list);
    EXPECT_NE(teams_page(plain.s(), {}).html.find("This race scores no teams."), std::string::npos);
    EXPECT_EQ(home_page(plain.s(), {}).html.find("/teams"), std::string::npos);
}

TEST(WebText, NamesInLinksArePercentEncoded) {
    EXPECT_EQ(url_component("Fun Run/Kids"), "Fun%20Run%2FKids");
    EXPECT_EQ(url_component("Zo\xC3\xAB"), "Zo%C3%AB");
    EXPECT_EQ(url_component("a?b&c=d#e%"), "a%3Fb%26c%3Dd%23e%25");
    EXPECT_EQ(url_component("F35-39_x.y~"), "F35-39_x.y~");
}

TEST(WebText, TheEscaperCoversTextAndAttributes) {
    EXPECT_EQ(html_escape("<a href=\"x\">O'Neil & Co</a>"),
              "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; Co&lt;/a&gt;");
    EXPECT_EQ(html_escape("M\xFC"), "M\xEF\xBF\xBD");  // not UTF-8: replaced
}

TEST(WebAssets, ServedFromTheBinaryWithATagThatFollowsTheirBytes) {
    ASSERT_NE(find_web_asset("/app.css"), nullptr);
    ASSERT_NE(find_web_asset("/app.js"), nullptr);
    EXPECT_EQ(find_web_asset("/app.map"), nullptr);
    EXPECT_EQ(web_css().tag.size(), 16u);
    EXPECT_NE(web_css().tag, web_js().tag);
    // What the pages rely on: print styles, and the script's EventSource on /live.
    EXPECT_NE(web_css().body.find("@media print"), std::string::npos);
    EXPECT_NE(web_js().body.find("new EventSource('/live?since='+version)"), std::string::npos);
}

}  // namespace
}  // namespace fl::results::test
