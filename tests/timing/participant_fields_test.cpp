// One rule per participant field (issue 11): what each field accepts and the message for what
// it does not. The limits are the ones the ways in can carry: a scanner or marshal line carries
// a bib as one printable ASCII token; names are one line of UTF-8.
#include "timing/participant_fields.hpp"

#include <gtest/gtest.h>

namespace fl::timing {
namespace {

constexpr date::year_month_day race_day = date::year{2014} / 4 / 12;

std::string problem(Field f, std::string_view v) { return field_problem(f, v, race_day); }

TEST(FieldNames, EveryFieldHasItsName) {
    for (auto f : {Field::bib, Field::name, Field::gender, Field::age, Field::birthdate, Field::event,
                   Field::wave, Field::category, Field::team, Field::chip})
        EXPECT_EQ(parse_field(to_string(f)), f);
    EXPECT_EQ(parse_field("shirt"), std::nullopt);
    EXPECT_EQ(parse_field("Name"), std::nullopt);
}

TEST(Bib, OnePrintableAsciiTokenOfAtMost32) {
    for (auto ok : {"1", "007", "12A", "A-12", "F/12"}) EXPECT_EQ(problem(Field::bib, ok), "") << ok;
    EXPECT_EQ(problem(Field::bib, std::string(32, '9')), "");
    EXPECT_EQ(problem(Field::bib, "12 A"),
              "bad bib '12 A': expected 1 to 32 ASCII letters, digits or punctuation without "
              "spaces (what a bib scanner, a marshal line and `finishline enter` can carry)");
    EXPECT_NE(problem(Field::bib, std::string(33, '9')), "");
    EXPECT_NE(problem(Field::bib, "12\t3"), "");
    EXPECT_NE(problem(Field::bib, "N\xC3\xBC" "1"), "");  // non-ASCII: no scanner line carries it
    EXPECT_TRUE(problem(Field::bib, "").starts_with("missing bib: expected 1 to 32"));
    EXPECT_TRUE(valid_bib("12A"));
    EXPECT_FALSE(valid_bib("12 A"));
}

TEST(Gender, MFOrXInAnyCase) {
    for (auto ok : {"M", "f", "X", ""}) EXPECT_EQ(problem(Field::gender, ok), "") << ok;
    EXPECT_EQ(problem(Field::gender, "Male"), "bad gender 'Male': expected M, F or X");
}

TEST(Age, WholeYearsFromZeroTo120) {
    EXPECT_EQ(parse_age("0"), 0);
    EXPECT_EQ(parse_age("42"), 42);
    EXPECT_EQ(parse_age("120"), 120);
    for (auto bad : {"-3", "121", "4.5", "forty", "42 ", "+42", ""}) EXPECT_EQ(parse_age(bad), std::nullopt) << bad;
    EXPECT_EQ(problem(Field::age, "-3"), "bad age '-3': expected a whole number from 0 to 120");
    EXPECT_EQ(problem(Field::age, ""), "");
}

TEST(Birthdate, ADateFrom1900NotAfterTheRaceDate) {
    EXPECT_EQ(parse_birthdate("1985-12-10", race_day), date::year{1985} / 12 / 10);
    EXPECT_EQ(parse_birthdate("2014-04-12", race_day), race_day);  // born on race day: age 0
    EXPECT_EQ(parse_birthdate("1900-01-01", race_day), date::year{1900} / 1 / 1);
    for (auto bad : {"2014-04-13", "2099-01-01", "1899-12-31", "1990-02-30", "31/12/1990", "1990-1-1"})
        EXPECT_EQ(parse_birthdate(bad, race_day), std::nullopt) << bad;
    EXPECT_EQ(problem(Field::birthdate, "2099-01-01"),
              "bad birthdate '2099-01-01': expected a date YYYY-MM-DD from 1900-01-01, not after "
              "the race date");
}

TEST(Text, NameTeamCategoryAreOneLineOfUtf8) {
    EXPECT_EQ(problem(Field::name, "J\xC3\xBCrgen M\xC3\xBCller"), "");
    EXPECT_EQ(problem(Field::name, "Grace \"Amazing\" Hopper, Jr."), "");
    EXPECT_EQ(problem(Field::team, "Navy, US"), "");
    EXPECT_EQ(problem(Field::name, "M\xFCller"),
              "bad name 'M\\xFCller': expected UTF-8 text of at most 200 bytes without control "
              "characters (byte 0xFC at position 2 is not UTF-8)");
    EXPECT_NE(problem(Field::name, "Ada\nLovelace"), "");
    EXPECT_NE(problem(Field::team, "A\tB"), "");
    EXPECT_NE(problem(Field::name, "a\xC2\x85" "b"), "");  // U+0085, a C1 control (NEL)
    EXPECT_EQ(problem(Field::name, std::string(200, 'a')), "");
    const auto long_name = problem(Field::name, std::string(201, 'a'));
    EXPECT_TRUE(long_name.starts_with("bad name '" + std::string(60, 'a') + "...': expected")) << long_name;
    EXPECT_EQ(problem(Field::category, std::string(64, 'c')), "");
    EXPECT_NE(problem(Field::category, std::string(65, 'c')), "");
}

TEST(Chip, OneAsciiTokenWithoutSemicolons) {
    EXPECT_EQ(problem(Field::chip, "CT0001"), "");
    EXPECT_EQ(problem(Field::chip, "058003"), "");
    EXPECT_EQ(problem(Field::chip, "CT 1"),
              "bad chip 'CT 1': expected 1 to 64 ASCII letters, digits or punctuation without "
              "spaces or ';'");
    EXPECT_NE(problem(Field::chip, "A;B"), "");
    EXPECT_NE(problem(Field::chip, std::string(65, 'C')), "");
}

}  // namespace
}  // namespace fl::timing
