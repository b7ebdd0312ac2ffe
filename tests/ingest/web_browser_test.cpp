// The pages as a runner's phone shows them: a real `finishline serve` with [web], headless
// chromium (Debian's) at 390×844 with mobile emulation (tests/results/browser_steps.py drives
// it over the DevTools pipe). Each page is loaded and its /live stream open before a finish is
// entered on the marshal port; the page must then show that finisher without a reload, with
// its "updated hh:mm:ss" stamp. Screenshots land in the test's temp folder.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <string>

#include "tests/ingest/child_process.hpp"
#include "tests/ingest/served_race.hpp"
#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"

namespace fl::test {
namespace {

const std::string served = "[marshal]\nlisten = \"127.0.0.1:0\"\n[web]\nlisten = \"127.0.0.1:0\"\n";

// The JSON string of `text` (quotes and backslashes escaped): the steps file is JSON.
std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

class PagesInABrowser : public ::testing::Test {
protected:
    void SetUp() override {
        const auto path = dir_.file("race.db");
        {
            auto file = timing::RaceFile::init(path, race_head + served, "race.toml", dir_.path().string());
            timing::import_participants_csv(file,
                                            participants_csv + "6,<script>alert(1)</script>,M,30,A,CT0006\n"
                                                               "7,Zo\xC3\xAB M\xC3\xBCller,F,35,A,CT0007\n",
                                            "participants.csv");
        }
        const auto err = dir_.file("serve.err");
        serve_ = std::make_unique<ChildProcess>(std::vector<std::string>{FL_BINARY, "serve", path},
                                                dir_.file("serve.out"), err);
        ports_ = served_ports(err);
        ASSERT_TRUE(ports_.count("web") && ports_.count("marshal")) << slurp(err);
    }
    void TearDown() override {
        if (!serve_) return;
        serve_->signal(SIGTERM);
        EXPECT_EQ(serve_->wait(), 0) << slurp(dir_.file("serve.err"));
    }

    std::string url(std::string_view target) const {
        return fmt::format("http://127.0.0.1:{}{}", ports_.at("web"), target);
    }
    std::string marshal_step(std::string_view line) const {
        return fmt::format("{{\"marshal\": [{}, {}]}}", ports_.at("marshal"), json_string(line));
    }

    // Runs the steps (JSON objects, see browser_steps.py) and returns what they printed.
    std::string run(const std::vector<std::string>& steps) {
        const std::string chromium = FL_CHROMIUM;
        if (chromium.empty()) ADD_FAILURE() << "no chromium: install the Debian package chromium (tools/setup.sh)";
        std::string plan = "{\"width\": 390, \"height\": 844, \"mobile\": true, \"scale\": 2, \"steps\": [\n";
        for (std::size_t i = 0; i < steps.size(); ++i) plan += (i ? ",\n" : "") + steps[i];
        plan += "]}\n";
        const auto plan_file = dir_.file(fmt::format("steps-{}.json", ++runs_));
        std::ofstream(plan_file) << plan;
        const auto out = dir_.file(fmt::format("steps-{}.out", runs_));
        const auto err = dir_.file(fmt::format("steps-{}.err", runs_));
        const auto command = fmt::format("timeout 170 python3 '{}/tests/results/browser_steps.py' '{}' '{}' >'{}' 2>'{}'",
                                         FL_SOURCE_DIR, chromium, plan_file, out, err);
        const int rc = std::system(command.c_str());
        EXPECT_EQ(rc, 0) << command << "\n" << slurp(out) << slurp(err).substr(0, 6000);
        return slurp(out);
    }

    std::string shot(std::string_view name) const { return dir_.file(std::string(name)); }

    TempDir dir_;
    std::unique_ptr<ChildProcess> serve_;
    std::map<std::string, std::uint16_t> ports_;
    int runs_ = 0;
};

// Page steps: open it, and wait for its /live stream (the page says so on <html data-live>).
std::vector<std::string> open_live(const std::string& url) {
    return {fmt::format("{{\"go\": {}}}", json_string(url)),
            "{\"wait\": \"document.documentElement.dataset.live==='open'\", \"timeout\": 20}"};
}

std::string eval(std::string_view name, std::string_view js) {
    return fmt::format("{{\"name\": {}, \"eval\": {}}}", json_string(name), json_string(js));
}
std::string wait(std::string_view js) { return fmt::format("{{\"wait\": {}, \"timeout\": 20}}", json_string(js)); }

const std::string stamp_js = "document.getElementById('updated').textContent";
// Elements a thumb taps, with their height when under 44 px ("" when all are large enough).
const std::string small_targets_js =
    "Array.prototype.filter.call(document.querySelectorAll('header a, .views a, summary, form input, "
    "form button, td a'),function(e){var r=e.getBoundingClientRect();return r.width>0&&r.height<44;})"
    ".map(function(e){return e.textContent+' '+e.getBoundingClientRect().height;}).join('|')";

// Records what the page's Content-Security-Policy blocked (an inline style or script would be).
const std::string csp_watch =
    "{\"init\": \"window.blocked=[];document.addEventListener('securitypolicyviolation',"
    "function(e){window.blocked.push(e.violatedDirective+' '+e.blockedURI);});\"}";

TEST_F(PagesInABrowser, ARunnersPageShowsTheirFinishWithoutAReload) {
    std::vector<std::string> steps{csp_watch};
    for (auto& s : open_live(url("/runner/2"))) steps.push_back(std::move(s));
    steps.push_back(eval("before", "document.querySelector('.big').textContent"));
    steps.push_back(marshal_step("2 07:19:59.010"));  // gun 07:00:00: 0:20:00 rounded up
    steps.push_back(wait("document.querySelector('.big').textContent==='0:20:00'"));
    steps.push_back(eval("place", "document.querySelector('dl.facts').textContent"));
    steps.push_back(eval("stamp", stamp_js));
    steps.push_back(eval("refreshed", "document.documentElement.dataset.refreshed"));
    steps.push_back(eval("width", "String(document.documentElement.scrollWidth)"));
    steps.push_back(eval("small", small_targets_js));
    steps.push_back(eval("style", "getComputedStyle(document.querySelector('header')).backgroundColor"));
    steps.push_back(eval("blocked", "window.blocked.join('|')"));
    steps.push_back(fmt::format("{{\"shot\": {}}}", json_string(shot("runner.png"))));
    // On paper: no navigation, search or footer; the result stays.
    steps.push_back("{\"media\": \"print\"}");
    steps.push_back(eval("print", "[getComputedStyle(document.querySelector('header')).display,"
                                  "getComputedStyle(document.querySelector('footer')).display,"
                                  "getComputedStyle(document.querySelector('.big')).display].join(' ')"));
    const auto seen = run(steps);
    EXPECT_NE(seen.find("\nbefore: Not started\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\nmarshal: OK E1 finish 2 07:19:59.010\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("Place1 of 1"), std::string::npos) << seen;
    EXPECT_TRUE(std::regex_search(seen, std::regex("\nstamp: updated \\d\\d:\\d\\d:\\d\\d\n"))) << seen;
    EXPECT_TRUE(std::regex_search(seen, std::regex("\nrefreshed: \\d+\n"))) << seen;  // by the script
    EXPECT_NE(seen.find("\nwidth: 390\n"), std::string::npos) << seen;  // nothing wider than the phone
    EXPECT_NE(seen.find("\nsmall: \n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\nstyle: rgb(0, 0, 0)\n"), std::string::npos) << seen;  // /app.css applied
    EXPECT_NE(seen.find("\nblocked: \n"), std::string::npos) << seen;  // nothing inline
    EXPECT_NE(seen.find("\nprint: none none block\n"), std::string::npos) << seen;
    EXPECT_GT(slurp(shot("runner.png")).size(), 10'000u);
}

TEST_F(PagesInABrowser, WithJavaScriptOffThePagesShowTheSameResults) {
    std::vector<std::string> steps{"{\"javascript\": false}"};
    steps.push_back(marshal_step("1 07:21:13.400"));
    for (const auto* target : {"/", "/event/5K", "/runner/1", "/search?q=ANN"}) {
        steps.push_back(fmt::format("{{\"go\": {}}}", json_string(url(target))));
        steps.push_back(eval(target, "document.querySelector('main').innerText.indexOf('Ann Runner')>=0&&"
                                     "document.querySelector('main').innerText.indexOf('0:21:14')>=0?"
                                     "'shown, live '+document.documentElement.dataset.live:'missing'"));
    }
    const auto seen = run(steps);
    for (const auto* target : {"/", "/event/5K", "/runner/1", "/search?q=ANN"})
        EXPECT_NE(seen.find(fmt::format("\n{}: shown, live undefined\n", target)), std::string::npos) << seen;
}

TEST_F(PagesInABrowser, TheHomePageAddsANewFinisherToTheLatest) {
    std::vector<std::string> steps = open_live(url("/"));
    steps.push_back(eval("latest before", "document.getElementById('live-latest').textContent.trim()"));
    steps.push_back(marshal_step("3 07:30:00"));  // Cat, wave B (gun 07:05:00): 0:25:00
    steps.push_back(wait("document.querySelector('#live-latest tr[data-bib=\"3\"]')!==null"));
    steps.push_back(eval("row", "document.querySelector('#live-latest tr[data-bib=\"3\"]').textContent"));
    steps.push_back(eval("fresh", "String(document.querySelector('#live-latest tr[data-bib=\"3\"]').classList.contains('fresh'))"));
    steps.push_back(eval("counts", "document.querySelector('#live-events tbody tr').textContent"));
    steps.push_back(eval("stamp", stamp_js));
    steps.push_back(eval("small", small_targets_js));
    steps.push_back(fmt::format("{{\"shot\": {}}}", json_string(shot("home.png"))));
    const auto seen = run(steps);
    EXPECT_NE(seen.find("\nlatest before: Latest finishers\nNo finishers yet.\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\nrow: 1Cat Runner5K0:25:003\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\nfresh: true\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\ncounts: 5K100\n"), std::string::npos) << seen;  // 1 finished, 0 on course, 0 DNF
    EXPECT_TRUE(std::regex_search(seen, std::regex("\nstamp: updated \\d\\d:\\d\\d:\\d\\d\n"))) << seen;
    EXPECT_NE(seen.find("\nsmall: \n"), std::string::npos) << seen;
}

TEST_F(PagesInABrowser, AnEventTableGainsTheFinisherAndNamesStayText) {
    std::vector<std::string> steps = open_live(url("/event/5K"));
    steps.push_back(marshal_step("4 07:40:00"));  // Dan, wave B: 0:35:00
    steps.push_back(wait("(document.querySelector('tr[data-bib=\"4\"] td.rt')||{}).textContent==='0:35:00'"));
    steps.push_back(eval("row", "document.querySelector('tr[data-bib=\"4\"]').innerText.replace(/\\s+/g,' ')"));
    steps.push_back(eval("scripts", "String(document.querySelectorAll('script').length)"));
    steps.push_back(eval("hostile", "document.querySelector('tr[data-bib=\"6\"] td.nm').textContent"));
    steps.push_back(eval("stamp", stamp_js));
    steps.push_back(fmt::format("{{\"shot\": {}}}", json_string(shot("event.png"))));
    // Accents and case: "zoe muller" finds Zoë Müller with JavaScript or without.
    steps.push_back(fmt::format("{{\"go\": {}}}", json_string(url("/search?q=zoe+MULLER"))));
    steps.push_back(eval("found", "document.querySelector('#live-results tbody tr').textContent"));
    const auto seen = run(steps);
    EXPECT_NE(seen.find("\nrow: 1 Dan Runner 0:35:00\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\nscripts: 1\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\nhostile: <script>alert(1)</script>\n"), std::string::npos) << seen;
    EXPECT_TRUE(std::regex_search(seen, std::regex("\nstamp: updated \\d\\d:\\d\\d:\\d\\d\n"))) << seen;
    EXPECT_NE(seen.find("\nfound: Zo\xC3\xAB M\xC3\xBCller75KDNS\n"), std::string::npos) << seen;
}

}  // namespace
}  // namespace fl::test
