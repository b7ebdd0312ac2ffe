// results.html as a runner sees it: the exported page, as it is, laid out by a real browser
// (Debian's chromium, headless) as a phone shows it (390 px, mobile emulation) and at a small
// tablet's and a desktop's width. A probe evaluated in the page lists the column headers a
// reader can see (displayed, and not scrolled out of the table's box), and the first row's
// cells (tests/results/browser_probe.py drives chromium over the DevTools pipe).
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

constexpr std::string_view probe = R"js((function(){
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
  return '\n'+lines.join('\n')+'\n';
})())js";

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
        page_ = dir_.file("results.html");
        std::ofstream(page_) << to_html(race.s());
        std::ofstream(dir_.file("probe.js")) << probe;
    }

    // What the browser shows at `width` × `height`: the probe's lines.
    std::string visible(int width, int height, bool phone) {
        const std::string chromium = FL_CHROMIUM;
        if (chromium.empty())
            ADD_FAILURE() << "no chromium: install the Debian package chromium (tools/setup.sh)";
        const auto out = dir_.file(fmt::format("seen-{}.txt", width));
        const auto err = dir_.file(fmt::format("probe-{}.txt", width));
        const auto command = fmt::format(
            "timeout 120 python3 '{}/tests/results/browser_probe.py' '{}' '{}' {} {} {} '{}' "
            ">'{}' 2>'{}'",
            FL_SOURCE_DIR, chromium, page_, width, height, phone ? 1 : 0, dir_.file("probe.js"),
            out, err);
        const int rc = std::system(command.c_str());
        EXPECT_EQ(rc, 0) << command << "\n" << fl::test::slurp(err);
        return fl::test::slurp(out);
    }

    fl::test::TempDir dir_;
    std::string page_;
};

TEST_F(ResultsPageInABrowser, OnAPhoneTheRankingTimeIsShownNextToTheName) {
    const auto seen = visible(390, 844, true);
    ASSERT_NE(seen.find("viewport 390\n"), std::string::npos) << seen;
    // The ranking time (gun for the 10K, net for the 5K) beside the name; the other time,
    // gender, age, category, team, places, splits and status give way.
    EXPECT_NE(seen.find("\n10K headers: Place|Bib|Name|Gun time\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\n5K headers: Place|Bib|Name|Net time\n"), std::string::npos) << seen;
    EXPECT_NE(seen.find("\n10K first row: 1|1|Maximiliana Schwarzenberger-Oyelaran|0:42:10\n"),
              std::string::npos)
        << seen;
    EXPECT_NE(seen.find("\n5K first row: 1|4|Konstantinos Papadopoulos|0:25:28\n"), std::string::npos)
        << seen;
}

TEST_F(ResultsPageInABrowser, OnASmallTabletBothTimesAndTheBib) {
    const auto seen = visible(600, 960, false);
    EXPECT_NE(seen.find("\n10K headers: Place|Bib|Name|Gun time|Net time\n"), std::string::npos)
        << seen;
    EXPECT_NE(seen.find("\n5K headers: Place|Bib|Name|Net time|Gun time\n"), std::string::npos)
        << seen;
}

TEST_F(ResultsPageInABrowser, OnADesktopEveryColumn) {
    const auto seen = visible(1280, 800, false);
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
