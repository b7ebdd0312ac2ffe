// RFC 4180 CSV: quoting, line numbers, BOM, line endings, and the errors a broken file gets.
#include "timing/csv.hpp"

#include <gtest/gtest.h>

#include "timing/error.hpp"

namespace fl::timing {
namespace {

using Fields = std::vector<std::string>;

std::string error_of(std::string_view text) {
    try {
        parse_csv(text, "people.csv");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Csv, SplitsPlainRecords) {
    const auto recs = parse_csv("bib,name\n1,Ada\n2,Grace\n", "people.csv");
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0].fields, (Fields{"bib", "name"}));
    EXPECT_EQ(recs[1].fields, (Fields{"1", "Ada"}));
    EXPECT_EQ(recs[2].fields, (Fields{"2", "Grace"}));
    EXPECT_EQ(recs[0].line, 1);
    EXPECT_EQ(recs[2].line, 3);
}

TEST(Csv, LastRecordWithoutLineBreak) {
    const auto recs = parse_csv("a,b\n1,2", "people.csv");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[1].fields, (Fields{"1", "2"}));
}

TEST(Csv, KeepsEmptyFields) {
    const auto recs = parse_csv("a,,c\n,,\n", "people.csv");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].fields, (Fields{"a", "", "c"}));
    EXPECT_EQ(recs[1].fields, (Fields{"", "", ""}));
}

TEST(Csv, QuotedFieldWithEmbeddedComma) {
    const auto recs = parse_csv("3,\"Navy, US\",x\n", "people.csv");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].fields, (Fields{"3", "Navy, US", "x"}));
}

TEST(Csv, DoubledQuoteIsAQuote) {
    const auto recs = parse_csv("\"Grace \"\"Amazing\"\"\",\"\"\"\"\n", "people.csv");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].fields, (Fields{"Grace \"Amazing\"", "\""}));
}

TEST(Csv, QuotedEmptyFieldIsARecord) {
    const auto recs = parse_csv("\"\"\n", "people.csv");
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].fields, Fields{""});
}

TEST(Csv, LineBreakInsideQuotesKeepsLaterLineNumbers) {
    const auto recs = parse_csv("bib,note\n1,\"two\nlines\"\n2,\"three\r\nmore\nlines\"\n3,x\n",
                                "people.csv");
    ASSERT_EQ(recs.size(), 4u);
    EXPECT_EQ(recs[1].fields, (Fields{"1", "two\nlines"}));
    EXPECT_EQ(recs[1].line, 2);
    EXPECT_EQ(recs[2].fields, (Fields{"2", "three\r\nmore\nlines"}));
    EXPECT_EQ(recs[2].line, 4);
    EXPECT_EQ(recs[3].fields, (Fields{"3", "x"}));
    EXPECT_EQ(recs[3].line, 7);
}

TEST(Csv, ByteOrderMarkIsSkipped) {
    const auto recs = parse_csv("\xEF\xBB\xBF" "bib,name\n1,Ada\n", "people.csv");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].fields[0], "bib");
    EXPECT_EQ(recs[0].line, 1);
}

TEST(Csv, CrlfAndLfGiveTheSameRecords) {
    const auto lf = parse_csv("a,b\n1,\"x\"\n2,y\n", "people.csv");
    const auto crlf = parse_csv("a,b\r\n1,\"x\"\r\n2,y\r\n", "people.csv");
    ASSERT_EQ(lf.size(), 3u);
    ASSERT_EQ(crlf.size(), 3u);
    for (std::size_t i = 0; i < lf.size(); ++i) {
        EXPECT_EQ(lf[i].fields, crlf[i].fields);
        EXPECT_EQ(lf[i].line, crlf[i].line);
    }
    EXPECT_EQ(crlf[2].fields, (Fields{"2", "y"}));
}

TEST(Csv, MixedLineEndings) {
    const auto recs = parse_csv("a,b\r\n1,2\n3,4\r\n", "people.csv");
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[2].fields, (Fields{"3", "4"}));
    EXPECT_EQ(recs[2].line, 3);
}

TEST(Csv, BlankLinesAreSkippedButCounted) {
    const auto recs = parse_csv("a,b\n\n1,2\r\n\r\n\n3,4\n\n", "people.csv");
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[1].fields, (Fields{"1", "2"}));
    EXPECT_EQ(recs[1].line, 3);
    EXPECT_EQ(recs[2].fields, (Fields{"3", "4"}));
    EXPECT_EQ(recs[2].line, 6);
}

TEST(Csv, EmptyTextHasNoRecords) {
    EXPECT_TRUE(parse_csv("", "people.csv").empty());
    EXPECT_TRUE(parse_csv("\xEF\xBB\xBF", "people.csv").empty());
    EXPECT_TRUE(parse_csv("\n\r\n", "people.csv").empty());
}

TEST(Csv, UnterminatedQuoteNamesTheLineTheRecordStarts) {
    const auto msg = error_of("bib,name\n1,Ada\n2,\"Grace\n3,Alan\n");
    EXPECT_EQ(msg, "people.csv:3: a quoted field is never closed (missing '\"')");
}

TEST(Csv, JunkAfterClosingQuoteNamesTheLine) {
    const auto msg = error_of("bib,name\n1,\"Ada\"x,2\n");
    EXPECT_TRUE(msg.starts_with("people.csv:2: unexpected 'x' after a closing quote")) << msg;
    EXPECT_NE(msg.find("followed by a comma or the end of the line"), std::string::npos) << msg;
}

TEST(Csv, JunkAfterAMultiLineQuotedFieldNamesTheLineItIsOn) {
    const auto msg = error_of("bib,name\n1,\"Ada\nLovelace\" x\n");
    EXPECT_TRUE(msg.starts_with("people.csv:3: unexpected ' ' after a closing quote")) << msg;
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
    EXPECT_EQ(csv_field("Ada"), "Ada");
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("Navy, US"), "\"Navy, US\"");
    EXPECT_EQ(csv_field("Grace \"Amazing\""), "\"Grace \"\"Amazing\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
}

TEST(CsvField, RoundTripsThroughTheParser) {
    const Fields values{"plain",  "Navy, US", "Grace \"Amazing\"", "\"", "two\nlines",
                        "crlf\r\nx", " padded ", "",                 "Zoë Ñandú", ",,,"};
    std::string line;
    for (const auto& v : values) line += (line.empty() ? "" : ",") + csv_field(v);
    line += "\r\nnext\r\n";
    const auto recs = parse_csv(line, "people.csv");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[0].fields, values);
    EXPECT_EQ(recs[1].fields, Fields{"next"});
    EXPECT_EQ(recs[1].line, 4);  // two line breaks inside quotes
}

// OWASP "CSV Injection": a leading = + - @ tab or CR makes a spreadsheet run the cell as a
// formula; a leading ' makes it text. Only the first character counts.
TEST(CsvTextField, NeutralisesWhatASpreadsheetWouldRunAsAFormula) {
    EXPECT_EQ(csv_text_field("=1+2"), "'=1+2");
    EXPECT_EQ(csv_text_field("+1"), "'+1");
    EXPECT_EQ(csv_text_field("-2"), "'-2");
    EXPECT_EQ(csv_text_field("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_text_field("\tx"), "'\tx");
    EXPECT_EQ(csv_text_field("\rx"), "\"'\rx\"");
    // The ' comes first, then the usual quoting of the whole cell.
    EXPECT_EQ(csv_text_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(csv_text_field("-Smith, Jo"), "\"'-Smith, Jo\"");
}

TEST(CsvTextField, LeavesOtherTextAsCsvFieldDoes) {
    for (const auto* v : {"Ada", "", "Navy, US", "Jean-Luc", "a=b", " =1", "'quoted", "Zoë", "007",
                          "\"=1\""})
        EXPECT_EQ(csv_text_field(v), csv_field(v)) << v;
    EXPECT_EQ(csv_text_field("M\xFCller"), "M\xEF\xBF\xBDller");
}

// An export is UTF-8 whatever the race file holds: a Latin-1 byte (0xFC) left by an older import
// becomes U+FFFD (EF BF BD); the quoting is unchanged.
TEST(CsvField, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
    EXPECT_EQ(csv_field("M\xFCller"), "M\xEF\xBF\xBDller");
    EXPECT_EQ(csv_field("M\xFCller, Jo"), "\"M\xEF\xBF\xBDller, Jo\"");
    EXPECT_EQ(csv_field("M\xC3\xBCller"), "M\xC3\xBCller");
}

}  // namespace
}  // namespace fl::timing
