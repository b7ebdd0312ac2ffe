// Exports: the exact CSV, escaped self-contained HTML, valid JSON, the awards report, and the
// same bytes for the same rows whatever order they came in.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>

#include "results/awards.hpp"
#include "results/error.hpp"
#include "results/exports.hpp"
#include "tests/results/race_fixture.hpp"

namespace fl::results::test {
namespace {

using timing::CorrectionKind;
using timing::Gender;

// A strict JSON syntax check (RFC 8259): enough to know another program can read it.
class JsonCheck {
public:
    explicit JsonCheck(std::string_view s) : s_(s) {}
    bool valid() {
        ws();
        if (!value()) return false;
        ws();
        return i_ == s_.size();
    }

private:
    bool value() {
        ws();
        if (i_ >= s_.size()) return false;
        switch (s_[i_]) {
        case '{': return object();
        case '[': return array();
        case '"': return string();
        case 't': return word("true");
        case 'f': return word("false");
        case 'n': return word("null");
        default: return number();
        }
    }
    bool object() {
        ++i_;
        ws();
        if (peek('}')) return ++i_, true;
        while (true) {
            ws();
            if (!string()) return false;
            ws();
            if (!peek(':')) return false;
            ++i_;
            if (!value()) return false;
            ws();
            if (peek('}')) return ++i_, true;
            if (!peek(',')) return false;
            ++i_;
        }
    }
    bool array() {
        ++i_;
        ws();
        if (peek(']')) return ++i_, true;
        while (true) {
            if (!value()) return false;
            ws();
            if (peek(']')) return ++i_, true;
            if (!peek(',')) return false;
            ++i_;
        }
    }
    bool string() {
        if (!peek('"')) return false;
        for (++i_; i_ < s_.size(); ++i_) {
            const auto c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') return ++i_, true;
            if (c < 0x20) return false;
            if (c == '\\') {
                ++i_;
                if (i_ >= s_.size()) return false;
                if (s_[i_] == 'u') {
                    for (int k = 0; k < 4; ++k)
                        if (++i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_]))) return false;
                } else if (std::string_view("\"\\/bfnrt").find(s_[i_]) == std::string_view::npos) {
                    return false;
                }
            }
        }
        return false;
    }
    bool number() {
        const auto start = i_;
        if (peek('-')) ++i_;
        while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' ||
                                  s_[i_] == 'e' || s_[i_] == 'E' || s_[i_] == '+' || s_[i_] == '-'))
            ++i_;
        return i_ > start && std::isdigit(static_cast<unsigned char>(s_[i_ - 1]));
    }
    bool word(std::string_view w) {
        if (s_.substr(i_, w.size()) != w) return false;
        i_ += w.size();
        return true;
    }
    bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
    void ws() {
        while (i_ < s_.size() && std::string_view(" \t\r\n").find(s_[i_]) != std::string_view::npos) ++i_;
    }
    std::string_view s_;
    std::size_t i_ = 0;
};

// Bob wins on gun time, Ann second with a split, Cid DNF, Fay DQ, Eve DNS; Dee wins the 5K.
void race_day(Race& race) {
    race.read("C2", pt_finish, "09:40:00.2");
    race.read("C1", pt_start, "09:00:05");
    race.read("C1", pt_km5, "09:20:00");
    race.read("C1", pt_finish, "09:42:10");
    race.read("C3", pt_start, "09:10:03");
    race.read("C6", pt_finish, "09:39:00");
    timing::NewCorrection dq;
    dq.kind = CorrectionKind::dq;
    dq.bib = "6";
    dq.reason = "USATF 144.3";
    race.correct(dq);
    race.read("C4", pt_start, "09:30:02");
    race.read("C4", pt_finish, "09:55:30");
}

TEST(Exports, CsvHasTheExactHeaderAndRows) {
    Race race;
    race_day(race);
    EXPECT_EQ(to_csv(race.s(), {"10K", ""}),
              "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status,km5\n"
              "1,2,Bob <b>Bold</b>,M,44,M40-44,0:40:01,0:40:01,1,1,FIN,\n"
              "2,1,Ann Apple,F,34,F30-34,0:42:10,0:42:05,1,1,FIN,0:19:55\n"
              ",3,\"Cid \"\"Quote\"\", Jr\",M,39,M35-39,,,,,DNF,\n"
              ",6,Fay Fast,F,29,ELITE,,,,,DQ,\n"
              ",5,Eve Ex,X,53,X50-54,,,,,DNS,\n");
    EXPECT_EQ(to_csv(race.s(), {"5K", ""}),
              "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status\n"
              "1,4,Dee Dash,F,24,F20-24,0:25:30,0:25:28,1,1,FIN\n");
}

TEST(Exports, CsvShowsTenthsWhenConfigured) {
    std::string toml(race_toml);
    toml += "\n[results]\ndisplay = \"tenths\"\n";
    Race race(people(), toml);
    race.read("C2", pt_finish, "09:40:00.21");
    const auto csv = to_csv(race.s(), {"10K", ""});
    EXPECT_NE(csv.find("1,2,Bob <b>Bold</b>,M,44,M40-44,0:40:00.3,0:40:00.3,1,1,FIN,\n"), std::string::npos) << csv;
}

TEST(Exports, CsvFiltersByCategoryAndNeedsAnEventWhenThereAreSeveral) {
    Race race;
    race_day(race);
    EXPECT_EQ(to_csv(race.s(), {"10K", "M40-44"}),
              "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status,km5\n"
              "1,2,Bob <b>Bold</b>,M,44,M40-44,0:40:01,0:40:01,1,1,FIN,\n");
    try {
        to_csv(race.s(), {});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "a CSV holds one event: choose one of 10K, 5K with --event");
    }
    try {
        to_csv(race.s(), {"Marathon", ""});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "no event named \"Marathon\": the race has 10K, 5K");
    }
    try {
        to_csv(race.s(), {"5K", "M99"});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "no category \"M99\" in event \"5K\": categories are F20-24");
    }
}

// Spreadsheet formula injection (OWASP "CSV Injection"): typed text starting with = + - @ gets a
// leading ' (then the usual quoting); a time the program formats keeps its '-'.
TEST(Exports, CsvNeutralisesTypedTextThatASpreadsheetWouldRunAsAFormula) {
    using timing::Gender;
    std::vector<timing::Participant> list{
        person("1", "=HYPERLINK(\"http://x\")", Gender::M, "44", "10K", "A", {"C1"}),
        person("2", "+1", Gender::F, "1990-03-10", "10K", "A", {"C2"}),
        person("3", "@SUM(A1)", Gender::M, "1985-01-01", "10K", "A", {"C3"}),
        person("4", "-2", Gender::F, "1999-12-31", "10K", "A", {"C4"}, "@ELITE"),
        person("-5", "Eve Ex", Gender::X, "1970-05-06", "10K", "A", {"C5"}),
    };
    for (std::size_t i = 0; i < list.size(); ++i) list[i].id = static_cast<std::int64_t>(i) + 1;
    Race race(list);
    race.read("C1", pt_finish, "09:40:00");
    race.read("C2", pt_finish, "09:41:00");
    // Bib 3's start mat read comes 20 s after its km5 read: a negative split time, not a formula.
    race.read("C3", pt_km5, "09:00:10");
    race.read("C3", pt_start, "09:00:30");
    race.read("C3", pt_finish, "09:42:00");
    race.read("C4", pt_start, "09:00:05");
    EXPECT_EQ(to_csv(race.s(), {"10K", ""}),
              "place,bib,name,gender,age,category,gun_time,net_time,gender_place,category_place,status,km5\n"
              "1,1,\"'=HYPERLINK(\"\"http://x\"\")\",M,44,M40-44,0:40:00,0:40:00,1,1,FIN,\n"
              "2,2,'+1,F,34,F30-34,0:41:00,0:41:00,1,1,FIN,\n"
              "3,3,'@SUM(A1),M,39,M35-39,0:42:00,0:41:30,2,1,FIN,-0:00:20\n"
              ",4,'-2,F,24,'@ELITE,,,,,DNF,\n"
              ",'-5,Eve Ex,X,53,X50-54,,,,,DNS,\n");
}

TEST(Exports, HtmlIsOneSelfContainedEscapedPage) {
    Race race;
    race_day(race);
    const auto html = to_html(race.s());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos);  // phones
    EXPECT_NE(html.find("@media print"), std::string::npos);
    EXPECT_NE(html.find("<style>"), std::string::npos);
    EXPECT_NE(html.find("<script>"), std::string::npos);
    for (const auto* external : {"<script src", "<link", "http://", "https://", "@import"})
        EXPECT_EQ(html.find(external), std::string::npos) << external;
    // Every piece of text is escaped.
    EXPECT_EQ(html.find("<b>Bold"), std::string::npos);
    EXPECT_NE(html.find("Bob &lt;b&gt;Bold&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(html.find("<title>Test &lt;Race&gt; &amp; Co results</title>"), std::string::npos);
    EXPECT_NE(html.find("Cid &quot;Quote&quot;, Jr"), std::string::npos);
    // A table per event, with a category filter and sortable headers.
    auto count = [&](std::string_view what) {
        std::size_t n = 0;
        for (auto at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
        return n;
    };
    EXPECT_EQ(count("<table>"), 2u);
    EXPECT_EQ(count("<select class=\"cat\""), 2u);
    EXPECT_NE(html.find("<option value=\"M40-44\">M40-44</option>"), std::string::npos);
    EXPECT_NE(html.find("data-cat=\"M40-44\""), std::string::npos);
    EXPECT_NE(html.find("aria-sort"), std::string::npos);
    EXPECT_NE(html.find("<th class=\"n opt\">km5</th>"), std::string::npos);
    EXPECT_NE(html.find("title=\"USATF 144.3\">DQ"), std::string::npos);
}

TEST(Exports, HtmlForOneCategoryShowsOnlyItsRows) {
    Race race;
    race_day(race);
    const auto html = to_html(race.s(), {"10K", "F30-34"});
    EXPECT_NE(html.find("Ann Apple"), std::string::npos);
    EXPECT_EQ(html.find("Bob &lt;b&gt;"), std::string::npos);
    EXPECT_NE(html.find("<option value=\"F30-34\" selected>"), std::string::npos);
}

TEST(Exports, JsonIsValidAndEscaped) {
    Race race;
    race_day(race);
    race.read("SPARE", pt_finish, "09:50:00");
    const auto json = to_json(race.s());
    EXPECT_TRUE(JsonCheck(json).valid()) << json;
    EXPECT_NE(json.find("\"name\":\"Bob \\u003cb\\u003eBold\\u003c/b\\u003e\""), std::string::npos);
    EXPECT_NE(json.find("\"name\":\"Cid \\\"Quote\\\", Jr\""), std::string::npos);
    EXPECT_NE(json.find("\"net_time\":{\"us\":2525000000,\"text\":\"0:42:05\"}"), std::string::npos);
    EXPECT_NE(json.find("\"chip\":\"SPARE\""), std::string::npos);
    EXPECT_NE(json.find("\"version\":"), std::string::npos);
    EXPECT_EQ(to_json(race.s(), {}, false).find("\"version\":"), std::string::npos);
    EXPECT_FALSE(JsonCheck("{\"a\":1,}").valid());  // the checker itself rejects bad JSON
    EXPECT_FALSE(JsonCheck("{\"a\":\"\x01\"}").valid());
}

std::vector<timing::Participant> award_field() {
    return {
        person("11", "M One", Gender::M, "42", "10K", "A", {"M1"}),
        person("12", "M Two", Gender::M, "41", "10K", "A", {"M2"}),
        person("13", "M Three", Gender::M, "43", "10K", "A", {"M3"}),
        person("14", "M Four", Gender::M, "37", "10K", "A", {"M4"}),
        person("15", "M Five", Gender::M, "44", "10K", "A", {"M5"}),
        person("21", "F One", Gender::F, "31", "10K", "A", {"F1"}),
        person("22", "F Two", Gender::F, "32", "10K", "A", {"F2"}),
    };
}

TEST(Exports, AwardsGoDeepPerCategoryWithoutOverallWinners) {
    Race race(award_field());
    race.read("M1", pt_finish, "09:40:00");
    race.read("M2", pt_finish, "09:41:00");
    race.read("M3", pt_finish, "09:42:00");
    race.read("M4", pt_finish, "09:43:00");
    race.read("M5", pt_finish, "09:43:30");
    race.read("F1", pt_finish, "09:44:00");
    race.read("F2", pt_finish, "09:45:00");
    const auto awards = compute_awards(race.event("10K"), race.s().categories);
    std::vector<std::string> lines;
    for (const auto& g : awards.groups)
        for (const auto& w : g.winners) lines.push_back(fmt::format("{} {} {}", g.name, w.position, w.row->runner->bib));
    // Depth 2; the winner of each gender overall takes no category award.
    EXPECT_EQ(lines, (std::vector<std::string>{"Overall M 1 11", "Overall M 2 12", "Overall F 1 21",
                                               "Overall F 2 22", "F30-34 1 22", "M35-39 1 14",
                                               "M40-44 1 12", "M40-44 2 13"}));
    const auto report = to_awards_report(race.s(), {"10K", ""});
    EXPECT_NE(report.find("Rule: top 2 per gender overall and per category; the winner of each gender overall "
                          "is excluded from category awards."),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("M40-44\n   1. 12       M Two"), std::string::npos) << report;
}

TEST(Exports, AwardsShareAPositionOnlyInADeclaredDeadHeat) {
    Race race(award_field());
    race.read("M1", pt_finish, "09:40:00");
    race.read("M2", pt_finish, "09:40:00");
    race.read("M3", pt_finish, "09:42:00");
    timing::NewCorrection c;
    c.kind = CorrectionKind::dead_heat;
    c.data = "11 12";
    race.correct(c);
    const auto awards = compute_awards(race.event("10K"), race.s().categories);
    ASSERT_FALSE(awards.groups.empty());
    const auto& overall = awards.groups[0];
    ASSERT_EQ(overall.winners.size(), 2u);
    EXPECT_EQ(overall.winners[0].position, 1);
    EXPECT_EQ(overall.winners[1].position, 1);
    EXPECT_EQ(exclusion_rule({.overall_excluded_from_groups = 0}), "overall winners may also take category awards");
    EXPECT_EQ(exclusion_rule({.overall_excluded_from_groups = 3}),
              "the top 3 of each gender overall are excluded from category awards");
}

TEST(Exports, TheSameRowsInAnyOrderGiveTheSameBytes) {
    Race a, b;
    race_day(a);
    a.read("SPARE", pt_finish, "09:50:00");
    a.entry(timing::EntryKind::tap, "", "09:51:00");
    a.entry(timing::EntryKind::finish, "5", "09:52:00");
    for (auto it = a.reads.rbegin(); it != a.reads.rend(); ++it) b.engine.add_read(*it);
    for (auto it = a.entries.rbegin(); it != a.entries.rend(); ++it) b.engine.add_entry(*it);
    for (auto it = a.corrections.rbegin(); it != a.corrections.rend(); ++it) b.engine.add_correction(*it);
    const auto& sa = a.s();
    const auto& sb = b.s();
    EXPECT_EQ(to_csv(sa, {"10K", ""}), to_csv(sb, {"10K", ""}));
    EXPECT_EQ(to_html(sa), to_html(sb));
    EXPECT_EQ(to_json(sa, {}, false), to_json(sb, {}, false));
    EXPECT_EQ(to_awards_report(sa), to_awards_report(sb));
    EXPECT_EQ(to_html(sa), to_html(sa));
}

}  // namespace
}  // namespace fl::results::test
