// The shared text helpers, with cases worked by hand: which bytes trimming removes, that a
// split keeps empty fields, that case folding is ASCII only, and FNV-1a against the published
// 64-bit test vectors (Fowler/Noll/Vo reference test suite).
#include "timing/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fl::timing {
namespace {

using namespace std::string_view_literals;
using Fields = std::vector<std::string_view>;

TEST(Trim, RemovesEveryAsciiWhitespaceKindAtBothEnds) {
    EXPECT_EQ(trim(" \t\n\v\f\rbib 12\r\n\t "), "bib 12");
    EXPECT_EQ(trim("x"), "x");
    EXPECT_EQ(trim("  a  b  "), "a  b");  // inner spaces stay
}

TEST(Trim, EmptyAndAllSpaceBecomeEmpty) {
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \t\r\n "), "");
}

TEST(Trim, LeavesNonAsciiAndOtherControlBytesAlone) {
    EXPECT_EQ(trim("\xc2\xa0Zo\xc3\xab\xc2\xa0"), "\xc2\xa0Zo\xc3\xab\xc2\xa0");  // NBSP is not ASCII space
    EXPECT_EQ(trim("\x01" "a" "\x7f"), "\x01" "a" "\x7f");
    EXPECT_EQ(trim(" a\0 "sv), "a\0"sv);
}

TEST(TrimBlanks, RemovesOnlySpacesAndTabs) {
    EXPECT_EQ(trim_blanks(" \t Ann Lee\t "), "Ann Lee");
    EXPECT_EQ(trim_blanks("\r\nAnn\n"), "\r\nAnn\n");
    EXPECT_EQ(trim_blanks(" \vAnn\f "), "\vAnn\f");
    EXPECT_EQ(trim_blanks(""), "");
    EXPECT_EQ(trim_blanks(" \t \t"), "");
}

TEST(Split, KeepsEmptyFields) {
    EXPECT_EQ(split("a~~b", '~'), (Fields{"a", "", "b"}));
    EXPECT_EQ(split("~a~", '~'), (Fields{"", "a", ""}));
    EXPECT_EQ(split("~", '~'), (Fields{"", ""}));
    EXPECT_EQ(split("", ';'), (Fields{""}));
}

TEST(Split, OnlyTheGivenSeparatorSplits) {
    EXPECT_EQ(split("CT01_33~1~finish~CT0001", '~'), (Fields{"CT01_33", "1", "finish", "CT0001"}));
    EXPECT_EQ(split("a,b;c", ';'), (Fields{"a,b", "c"}));
    EXPECT_EQ(split("no separator", ','), (Fields{"no separator"}));
    EXPECT_EQ(split("a\tb", '\t'), (Fields{"a", "b"}));
}

TEST(Iequals, FoldsAsciiLettersOnly) {
    EXPECT_TRUE(iequals("AUTH", "auth"));
    EXPECT_TRUE(iequals("Fun Run 5K", "fUN rUN 5k"));
    EXPECT_TRUE(iequals("", ""));
    EXPECT_FALSE(iequals("auth", "auth "));
    EXPECT_FALSE(iequals("a", "b"));
    // '@' (0x40) and '`' (0x60) differ by the case bit but are not letters.
    EXPECT_FALSE(iequals("@", "`"));
    EXPECT_FALSE(iequals("[", "{"));
    // UTF-8 letters compare byte for byte: É (C3 89) is not é (C3 A9).
    EXPECT_FALSE(iequals("\xc3\x89", "\xc3\xa9"));
    EXPECT_TRUE(iequals("Zo\xc3\xab", "ZO\xc3\xab"));
}

TEST(AsciiCase, ChangesAsciiLettersOnly) {
    EXPECT_EQ(ascii_lower("Bib_No @[`{ \xc3\x89"), "bib_no @[`{ \xc3\x89");
    EXPECT_EQ(ascii_upper("undo e12 @[`{ \xc3\xa9"), "UNDO E12 @[`{ \xc3\xa9");
    EXPECT_EQ(ascii_lower(""), "");
}

TEST(Fnv1a, MatchesThePublished64BitVectors) {
    EXPECT_EQ(fnv1a(""), 0xcbf29ce484222325ull);
    EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cull);
    EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ull);
    static_assert(fnv1a("a") == 0xaf63dc4c8601ec8cull);  // usable at compile time
}

TEST(Fnv1a, FeedingInPiecesEqualsFeedingAtOnce) {
    EXPECT_EQ(Fnv1a{}.add("foo").add("bar").value(), 0x85944171f73967e8ull);
    EXPECT_EQ(Fnv1a{}.add_byte('a').value(), 0xaf63dc4c8601ec8cull);
    EXPECT_EQ(Fnv1a{}.value(), 0xcbf29ce484222325ull);
}

}  // namespace
}  // namespace fl::timing
