// results.html as a runner sees it: the exported page laid out by a real browser (Debian's
// chromium, headless) at a phone's width and at a desktop's. A small probe script, appended
// to the exported page, writes the column headers a reader can see (displayed, and not
// scrolled out of the table's box) into the DOM, which chromium --dump-dom prints.
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "results/exports.hpp"
#include "tests/results/race_fixture.hpp"
#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"

namespace fl::results::test {
namespace {

// Synchronous at the end of the body: the page's own style and script have run, and asking for
// a box lays the page out.
constexpr std::string_view probe = R"js(<script>
(function(){
  var lines=['viewport '+window.innerWidth];
  document.querySelectorAll('section.event').forEach(function(sec){
    var box=sec.querySelector('.wrap').getBoundingClientRect();
    var right=Math.min(box.right,window.innerWidth)+0.5,left=Math.max(box.left,0)-0.5;
    function seen(cell){
      var r=cell.getBoundingClientRect();
      return getComputedStyle(cell).display!=='none'&&r.width>0&&r.left>=left&&r.right<=right;
    }
    var heads=[],first=[];
    sec.querySelectorAll('thead th').forEach(function(th){if(seen(th))heads.push(th.textContent);});
    var row=sec.querySelector('tbody tr');
    if(row)Array.prototype.forEach.call(row.cells,function(td){if(seen(td))first.push(td.textContent);});
    lines.push(sec.querySelector('h2').textContent+' headers: '+heads.join('|'));
    lines.push(sec.querySelector('h2').textContent+' first row: '+first.join('|'));
  });
  var pre=document.createElement('pre');
  pre.id='probe';
  pre.textContent='\n'+lines.join('\n')+'\n';
  document.body.appendChild(pre);
})();
</script>
)js";

// A race with names as long as real ones get, the 10K ranked on gun time, the 5K on net time.
std::vector<timing::Participant> long_names() {
    using timing::Gender;
    std::vector<timing::Participant> list{
        person("1", "Maximiliana Schwarzenberger-Oyelaran", Gender::F, "1990-03-10", "10K", "A", {"C1"}),
        person("2", "Trần Thị Thu Hương", Gender::F, "44", "10K", "A", {"C2"}),
        person("3", "Bartholomew Featherstonehaugh", Gender::M, "1985-01-01", "10K", "B", {"C3"}),
        person("4", "Konstantinos Papadopoulos", Gender::M, "1999-12-31", "5K", "", {"C4"}),
        person("5", "Amara Nguyễn", Gender::F, "1970-05-06", "5K", "", {"C5"}),
    };
    for (std::size_t i = 0; i < list.size(); ++i) list[i].id = static_cast<std::int64_t>(i) + 1;
    return list;
}

class ResultsPageInABrowser : public ::testing::Test {
protected:
    void SetUp() override {
        Race race(long_names());
        race.read("C1", pt_start, "09:00:05");
        race.read("C1", pt_km5, "09:20:00");
        race.read("C1", pt_finish, "09:42:10");
        race.read("C2", pt_start, "09:00:09");
        race.read("C2", pt_finish, "09:44:31");
        race.read("C4", pt_start, "09:30:02");
        race.read("C4", pt_finish, "09:55:30");
        race.read("C5", pt_start, "09:31:40");
        race.read("C5", pt_finish, "09:57:30");
        auto html = to_html(race.s());
        const auto end = html.rfind("</body>");
        ASSERT_NE(end, std::string::npos);
        html.insert(end, probe);
        page_ = dir_.file("results.html");
        std::ofstream(page_) << html;
    }

    // What the browser shows at `width` × 844: the probe's lines.
    std::string visible(int width) {
        const std::string chromium = FL_CHROMIUM;
        if (chromium.empty())
            ADD_FAILURE() << "no chromium: install the Debian package chromium (tools/setup.sh)";
        const auto out = dir_.file(fmt::format("dom-{}.html", width));
        const auto err = dir_.file(fmt::format("chromium-{}.txt", width));
        const auto command = fmt::format(
            "timeout 120 '{}' --headless --no-sandbox --disable-gpu --disable-background-networking "
            "--disable-component-update --disable-sync --no-first-run --user-data-dir='{}' "
            "--window-size={},844 --dump-dom 'file://{}' >'{}' 2>'{}'",
            chromium, dir_.file(fmt::format("profile-{}", width)), width, page_, out, err);
        const int rc = std::system(command.c_str());
        EXPECT_EQ(rc, 0) << command << "\n" << fl::test::slurp(err);
        const auto dom = fl::test::slurp(out);
        const auto at = dom.find("<pre id=\"probe\">");
        if (at == std::string::npos) {
            ADD_FAILURE() << "the probe did not run:\n" << dom << fl::test::slurp(err);
            return {};
        }
        return dom.substr(at, dom.find("</pre>", at) - at);
    }

    fl::test::TempDir dir_;
    std::string page_;
};

TEST_F(ResultsPageInABrowser, OnAPhoneTheRankingTimeIsShownNextToTheName) {
    const auto seen = visible(390);
    ASSERT_NE(seen.find("viewport 390\n"), std::string::npos) << seen;
    // The ranking time first (gun for the 10K, net for the 5K); bib, gender, age, category,
    // team, places, splits and status give way.
    EXPECT_NE(seen.find("\n10K headers: Place|Name|Gun time\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\n5K headers: Place|Name|Net time\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\n10K first row: 1|Maximiliana Schwarzenberger-Oyelaran|0:42:10\n"),
              std::string::npos)
        << seen;
    EXPECT_NE(seen.find("\n5K first row: 1|Konstantinos Papadopoulos|0:25:28\n"), std::string::npos)
        << seen;
}

TEST_F(ResultsPageInABrowser, OnASmallTabletBothTimesAndTheBib) {
    const auto seen = visible(600);
    EXPECT_NE(seen.find("\n10K headers: Place|Bib|Name|Gun time|Net time\n"), std::string::npos)
        << seen;
    EXPECT_NE(seen.find("\n5K headers: Place|Bib|Name|Net time|Gun time\n"), std::string::npos)
        << seen;
}

TEST_F(ResultsPageInABrowser, OnADesktopEveryColumn) {
    const auto seen = visible(1280);
    EXPECT_NE(seen.find("\n10K headers: Place|Bib|Name|Gender|Age|Category|Team|Gun time|Net "
                        "time|Gender place|Category place|Status|km5\n"),
              std::string::npos)
        << seen;
    EXPECT_NE(seen.find("\n5K headers: Place|Bib|Name|Gender|Age|Category|Team|Net time|Gun "
                        "time|Gender place|Category place|Status\n"),
              std::string::npos)
        << seen;
}

}  // namespace
}  // namespace fl::results::test
