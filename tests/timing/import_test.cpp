// Participants CSV import on a real race file: columns, rejections (all-or-nothing, every bad
// row with its line), and re-import by bib.
#include "timing/participant_import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/temp_dir.hpp"
#include "timing/race_file.hpp"

namespace fl::timing {
namespace {

constexpr std::string_view one_event = R"toml([race]
name = "PyCon 5K Fun Run"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
  [[events.waves]]
  name = "A"
  [[events.waves]]
  name = "B"
  offset = "00:05:00"
[[timing_points]]
name = "finish"
role = "finish"
)toml";

constexpr std::string_view two_events = R"toml([race]
name = "Harbour Runs"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:30:00"
  [[events.waves]]
  name = "A"
[[events]]
name = "10K"
distance_m = 10000
start = "07:00:00"
[[timing_points]]
name = "finish"
role = "finish"
)toml";

class Import : public ::testing::Test {
protected:
    RaceFile race(std::string_view toml = one_event) {
        return RaceFile::init(dir.file("race.db"), toml, "race.toml", dir.path().string());
    }
    // Imports and expects success.
    ImportReport import_csv(RaceFile& file, std::string_view csv) {
        return import_participants_csv(file, csv, "people.csv");
    }
    // Imports and expects an ImportError; returns its problems.
    std::vector<ImportProblem> problems(RaceFile& file, std::string_view csv) {
        try {
            import_participants_csv(file, csv, "people.csv");
        } catch (const ImportError& e) {
            return e.problems();
        }
        ADD_FAILURE() << "the import was accepted";
        return {};
    }

    test::TempDir dir;
};

// One problem on `line` whose reason holds `what`.
::testing::AssertionResult one_problem(const std::vector<ImportProblem>& ps, int line,
                                       std::string_view what) {
    if (ps.size() != 1) {
        auto r = ::testing::AssertionFailure() << ps.size() << " problems:";
        for (const auto& p : ps) r << "\n  " << p.line << ": " << p.reason;
        return r;
    }
    if (ps[0].line != line || ps[0].reason.find(what) == std::string::npos)
        return ::testing::AssertionFailure() << "got line " << ps[0].line << ": " << ps[0].reason;
    return ::testing::AssertionSuccess();
}

std::vector<std::string> bibs(RaceFile& file) {
    std::vector<std::string> out;
    for (const auto& p : file.participants()) out.push_back(p.bib);
    return out;
}

// --- columns -------------------------------------------------------------------------------

TEST_F(Import, HeadersAreCaseInsensitiveInAnyOrder) {
    auto file = race();
    const auto r = import_csv(file, " Chip ,GENDER,Wave,Name,BIB,BirthDate,Event,Category,Team\n"
                                "CT1,f,B,Ada Lovelace,2,1985-12-10,5K,Elite,Analytical\n");
    EXPECT_EQ(r.added, 1);
    const auto p = file.participant("2");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->name, "Ada Lovelace");
    EXPECT_EQ(p->gender, Gender::F);
    EXPECT_EQ(p->wave, "B");
    EXPECT_EQ(p->event, "5K");
    EXPECT_EQ(p->birthdate, date::year{1985} / 12 / 10);
    EXPECT_EQ(p->category, "Elite");
    EXPECT_EQ(p->team, "Analytical");
    EXPECT_EQ(p->chips, std::vector<std::string>{"CT1"});
    EXPECT_TRUE(r.ignored_columns.empty());
}

TEST_F(Import, FirstAndLastNameMakeTheName) {
    auto file = race();
    import_csv(file, "bib,first_name,last_name\n1,Guido,van Rossum\n2,Cher,\n3,,Lovelace\n");
    EXPECT_EQ(file.participant("1")->name, "Guido van Rossum");
    EXPECT_EQ(file.participant("2")->name, "Cher");
    EXPECT_EQ(file.participant("3")->name, "Lovelace");
}

TEST_F(Import, NameColumnWinsOverFirstAndLast) {
    auto file = race();
    import_csv(file, "bib,name,first_name,last_name\n1,G. van Rossum,Guido,van Rossum\n2,,Ada,Lovelace\n");
    EXPECT_EQ(file.participant("1")->name, "G. van Rossum");
    EXPECT_EQ(file.participant("2")->name, "Ada Lovelace");
}

TEST_F(Import, BibsAreStrings) {
    auto file = race();
    const auto r = import_csv(file, "bib,name\n007,Alex Bond\n7,Sam Seven\n10,Ten\n");
    EXPECT_EQ(r.added, 3);
    EXPECT_EQ(bibs(file), (std::vector<std::string>{"7", "10", "007"}));
    EXPECT_EQ(file.participant("007")->name, "Alex Bond");
    EXPECT_EQ(file.participant("7")->name, "Sam Seven");
    EXPECT_FALSE(file.participant("07"));
}

TEST_F(Import, ClubIsAnAliasForTeam) {
    auto file = race();
    import_csv(file, "bib,club\n1,Runners Club\n");
    EXPECT_EQ(file.participant("1")->team, "Runners Club");
}

TEST_F(Import, TeamAndClubTogetherAreAColumnTwice) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,team,club\n1,A,B\n"), 1, "column 'club' appears twice"));
}

TEST_F(Import, SeveralChipsSeparatedBySemicolons) {
    auto file = race();
    import_csv(file, "bib,chip\n1,CT0001; CT1001 ;;CT2001;CT0001\n2,\n");
    EXPECT_EQ(file.participant("1")->chips, (std::vector<std::string>{"CT0001", "CT1001", "CT2001"}));
    EXPECT_TRUE(file.participant("2")->chips.empty());
    EXPECT_EQ(file.count("chips"), 3);
}

TEST_F(Import, EventMayBeOmittedWhenTheRaceHasOneEvent) {
    auto file = race();
    import_csv(file, "bib,name,wave\n1,Ada,A\n");
    EXPECT_EQ(file.participant("1")->event, "5K");
    EXPECT_EQ(file.participant("1")->wave, "A");
}

TEST_F(Import, EventIsNeededWhenTheRaceHasSeveral) {
    auto file = race(two_events);
    import_csv(file, "bib,event,wave\n1,10K,\n2,5K,A\n");
    EXPECT_EQ(file.participant("1")->event, "10K");
    EXPECT_EQ(file.participant("2")->wave, "A");
    EXPECT_EQ(file.participants("10K").size(), 1u);
    EXPECT_TRUE(one_problem(problems(file, "bib,name\n3,Grace\n"), 2,
                            "missing event: this race has several events, so each row needs one"));
}

TEST_F(Import, AgeWithoutBirthdate) {
    auto file = race();
    import_csv(file, "bib,age,gender\n1,42,X\n2,,\n");
    EXPECT_EQ(file.participant("1")->age, 42);
    EXPECT_EQ(file.participant("1")->gender, Gender::X);
    EXPECT_EQ(file.participant("2")->age, std::nullopt);
    EXPECT_EQ(file.participant("2")->gender, std::nullopt);
}

TEST_F(Import, QuotedFieldsBomAndCrlf) {
    auto file = race();
    import_csv(file, "\xEF\xBB\xBF" "bib,name,team\r\n3,\"Grace \"\"Amazing\"\" Hopper\",\"Navy, US\"\r\n");
    EXPECT_EQ(file.participant("3")->name, "Grace \"Amazing\" Hopper");
    EXPECT_EQ(file.participant("3")->team, "Navy, US");
}

TEST_F(Import, UnknownColumnsAreReportedAndIgnored) {
    auto file = race();
    const auto r = import_csv(file, "bib,shirt,name,Nickname\n1,M,Ada,Countess\n");
    EXPECT_EQ(r.ignored_columns, (std::vector<std::string>{"shirt", "Nickname"}));
    EXPECT_EQ(file.participant("1")->name, "Ada");
}

TEST_F(Import, ExampleFileImports) {
    auto file = race();
    std::ifstream in(FL_SOURCE_DIR "/examples/participants.csv", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(text.empty());
    const auto r = import_csv(file, text);
    EXPECT_EQ(r.added, 5);
    EXPECT_EQ(file.participant("1")->chips, (std::vector<std::string>{"CT0001", "CT1001"}));
    EXPECT_EQ(file.participant("3")->name, "Grace \"Amazing\" Hopper");
    EXPECT_NE(file.participant("007"), file.participant("7"));
}

TEST_F(Import, HeaderOnlyImportsNothing) {
    auto file = race();
    const auto r = import_csv(file, "bib,name\n");
    EXPECT_EQ(r.added + r.updated + r.unchanged + r.kept, 0);
    EXPECT_TRUE(file.participants().empty());
}

TEST_F(Import, EmptyFileIsAnError) {
    auto file = race();
    try {
        import_csv(file, "\n\n");
        FAIL() << "expected timing::Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "people.csv: the file is empty; expected a header row starting with bib");
    }
}

// --- rejections ----------------------------------------------------------------------------

TEST_F(Import, NoBibColumn) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "number,name\n1,Ada\n"), 1, "no 'bib' column in the header row"));
}

TEST_F(Import, DuplicateBibInFile) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,name\n1,Ada\n2,Grace\n1,Alan\n"), 4,
                            "duplicate bib '1' (also on line 2)"));
}

TEST_F(Import, DuplicateBibAfterTrimming) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,name\n1,Ada\n 1 ,Alan\n"), 3, "duplicate bib '1'"));
}

TEST_F(Import, ChipUsedTwiceInFile) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,chip\n1,CT1;CT2\n2,CT3\n3,CT2\n"), 4,
                            "chip 'CT2' already used by bib '1' (line 2)"));
}

TEST_F(Import, ChipAlreadyUsedByAnotherBibInTheRaceFile) {
    auto file = race();
    import_csv(file, "bib,chip\n1,CT1\n");
    EXPECT_TRUE(one_problem(problems(file, "bib,chip\n2,CT1\n"), 2,
                            "chip 'CT1' already used by bib '1' in the race file"));
    EXPECT_EQ(file.participant("1")->chips, std::vector<std::string>{"CT1"});
}

TEST_F(Import, BadBirthdate) {
    auto file = race();
    const auto ps = problems(file, "bib,birthdate\n1,1990-02-30\n2,31/12/1990\n3,2014-04-13\n4,1899-12-31\n5,2014-04-12\n");
    ASSERT_EQ(ps.size(), 4u);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(ps[static_cast<std::size_t>(i)].line, i + 2);
        EXPECT_NE(ps[static_cast<std::size_t>(i)].reason.find("bad birthdate"), std::string::npos);
        EXPECT_NE(ps[static_cast<std::size_t>(i)].reason.find(
                      "expected a date YYYY-MM-DD from 1900-01-01, not after the race date"),
                  std::string::npos);
    }
    EXPECT_NE(ps[1].reason.find("'31/12/1990'"), std::string::npos) << ps[1].reason;
}

TEST_F(Import, BadAge) {
    auto file = race();
    const auto ps = problems(file, "bib,age\n1,forty\n2,-1\n3,121\n4,4.5\n5,120\n");
    ASSERT_EQ(ps.size(), 4u);
    EXPECT_EQ(ps[0].line, 2);
    EXPECT_EQ(ps[0].reason, "bad age 'forty': expected a whole number from 0 to 120");
    EXPECT_EQ(ps[3].line, 5);
}

TEST_F(Import, UnknownEvent) {
    auto file = race(two_events);
    EXPECT_TRUE(one_problem(problems(file, "bib,event\n1,5K\n2,Half\n"), 3,
                            "unknown event 'Half': expected one of '5K', '10K'"));
}

TEST_F(Import, UnknownWave) {
    auto file = race(two_events);
    const auto ps = problems(file, "bib,event,wave\n1,5K,B\n2,10K,A\n");
    ASSERT_EQ(ps.size(), 2u);
    EXPECT_EQ(ps[0].line, 2);
    EXPECT_EQ(ps[0].reason, "unknown wave 'B' for event '5K'");
    EXPECT_EQ(ps[1].line, 3);
    EXPECT_EQ(ps[1].reason, "unknown wave 'A' for event '10K'");
}

TEST_F(Import, UnknownGender) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,gender\n1,M\n2,Male\n3,f\n"), 3,
                            "bad gender 'Male': expected M, F or X"));
}

TEST_F(Import, MissingBib) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,name\n1,Ada\n  ,Grace\n"), 3, "missing bib"));
}

TEST_F(Import, WrongFieldCount) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,name,team\n1,Ada\n2,Grace,Navy\n"), 2,
                            "2 fields, but the header has 3 (check quoting and commas)"));
}

TEST_F(Import, UnquotedCommaIsAWrongFieldCount) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,name,team\n3,Grace,Navy, US\n"), 2,
                            "4 fields, but the header has 3"));
}

TEST_F(Import, BrokenQuotingNamesTheLine) {
    auto file = race();
    try {
        import_csv(file, "bib,name\n1,Ada\n2,\"Grace\n");
        FAIL() << "expected timing::Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "people.csv:3: a quoted field is never closed (missing '\"')");
    }
    EXPECT_TRUE(file.participants().empty());
}

// Issue 11: a bib no scanner line, marshal line or `finishline enter` can carry is refused at
// import, naming the file, the line and the rule (before, "12 A" was imported and could never
// finish).
TEST_F(Import, BibThatNoWayInCanCarryIsRefusedWithTheRule) {
    auto file = race();
    try {
        import_csv(file, "bib,name\n1,Ada\n12 A,Grace\n" + std::string(33, '9') + ",Alan\n");
        FAIL() << "expected ImportError";
    } catch (const ImportError& e) {
        ASSERT_EQ(e.problems().size(), 2u) << e.what();
        EXPECT_NE(std::string(e.what()).find(
                      "\n  people.csv:3: bad bib '12 A': expected 1 to 32 ASCII letters, digits or "
                      "punctuation without spaces (what a bib scanner, a marshal line and "
                      "`finishline enter` can carry)"),
                  std::string::npos)
            << e.what();
        EXPECT_EQ(e.problems()[1].line, 4);
    }
    EXPECT_TRUE(file.participants().empty());
}

TEST_F(Import, TextFieldsMayNotHoldLineBreaks) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,name\n1,\"Ada\nLovelace\"\n"), 2,
                            "bad name 'Ada\\x0ALovelace': expected UTF-8 text of at most 200 bytes "
                            "without control characters"));
}

TEST_F(Import, ChipThatAMarshalCannotAssignIsRefused) {
    auto file = race();
    EXPECT_TRUE(one_problem(problems(file, "bib,chip\n1,CT 1\n"), 2, "bad chip 'CT 1': expected"));
}

// --- encodings (issue 21) ------------------------------------------------------------------

// "Save as CSV" in Excel on Windows: Windows-1252 (é E9, ü FC, ø F8, ß DF).
TEST_F(Import, Windows1252FileIsConvertedAndSaidSo) {
    auto file = race();
    const auto r = import_csv(file, "bib,name,team\r\n1,Jos\xE9 Garc\xED" "a,\r\n2,J\xFCrgen M\xFCller,"
                                    "Lauftreff K\xF6ln\r\n3,Ada,\r\n4,S\xF8ren Gau\xDF,\r\n");
    EXPECT_EQ(r.added, 4);
    EXPECT_EQ(r.encoding_note, "read as Windows-1252 (the file is not UTF-8): 3 line(s) with "
                               "accented letters converted");
    EXPECT_EQ(file.participant("1")->name, "Jos\xC3\xA9 Garc\xC3\xAD" "a");
    EXPECT_EQ(file.participant("2")->name, "J\xC3\xBCrgen M\xC3\xBCller");
    EXPECT_EQ(file.participant("2")->team, "Lauftreff K\xC3\xB6ln");
    EXPECT_EQ(file.participant("4")->name, "S\xC3\xB8ren Gau\xC3\x9F");
    // The same file again, now read as UTF-8 would be: unchanged.
    const auto again = import_csv(file, "bib,name,team\n1,Jos\xC3\xA9 Garc\xC3\xAD" "a,\n2,J\xC3\xBCrgen "
                                        "M\xC3\xBCller,Lauftreff K\xC3\xB6ln\n3,Ada,\n4,S\xC3\xB8ren Gau\xC3\x9F,\n");
    EXPECT_EQ(again.unchanged, 4);
    EXPECT_EQ(again.encoding_note, "");
}

TEST_F(Import, FileMixingEncodingsIsRefusedAndNothingImported) {
    auto file = race();
    try {
        import_csv(file, "bib,name\n1,J\xC3\xBCrgen\n2,M\xFCller\n");
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with(
            "people.csv:3: byte 0xFC at column 4 is not UTF-8, but line 2 is: the file mixes encodings"))
            << e.what();
    }
    EXPECT_TRUE(file.participants().empty());
}

TEST_F(Import, Utf16LittleEndianFileFromExcel) {
    auto file = race();
    using namespace std::string_literals;
    const auto r = import_csv(file, "\xFF\xFE" "b\0i\0b\0,\0n\0a\0m\0e\0\r\0\n\0"
                                    "7\0,\0M\0\xFC\0l\0l\0e\0r\0\r\0\n\0"s);
    EXPECT_EQ(r.added, 1);
    EXPECT_EQ(r.encoding_note, "read as UTF-16LE");
    EXPECT_EQ(file.participant("7")->name, "M\xC3\xBCller");
}

TEST_F(Import, DeclaredEncodingIsUsed) {
    auto file = race();
    // 0xA3 is '£' in Windows-1252: not a letter, so not guessed, but read when named.
    EXPECT_THROW(import_csv(file, "bib,team\n1,\xA3" "5 club\n"), Error);
    const auto r = import_participants_csv(file, "bib,team\n1,\xA3" "5 club\n", "people.csv",
                                           Encoding::windows_1252);
    EXPECT_EQ(r.added, 1);
    EXPECT_EQ(file.participant("1")->team, "\xC2\xA3" "5 club");
}

// --- all-or-nothing ------------------------------------------------------------------------

TEST_F(Import, FailedImportLeavesTheRaceFileAsItWas) {
    auto file = race();
    import_csv(file, "bib,name,chip,wave\n1,Ada,CT1,A\n2,Grace,CT2,B\n");
    const auto before = file.participants();
    ASSERT_EQ(before.size(), 2u);
    // Renames, a chip swap and a new bib, all valid except the last row.
    EXPECT_EQ(problems(file, "bib,name,chip,wave\n1,Ada L.,CT2,B\n2,Grace H.,CT1,A\n3,Alan,CT3,A\n4,Bad,,Z\n")
                  .size(),
              1u);
    EXPECT_EQ(file.participants(), before);
    EXPECT_EQ(file.count("chips"), 2);
    // Still writable afterwards: the failed import left no transaction open.
    EXPECT_EQ(import_csv(file, "bib,name,chip,wave\n3,Alan,CT3,A\n").added, 1);
}

TEST_F(Import, EveryBadRowIsReportedWithItsLine) {
    auto file = race();
    const std::string csv =
        "bib,name,gender,birthdate,wave,chip\n"  // 1
        "1,Ada,F,1985-12-10,A,CT1\n"             // 2 good
        "2,Grace,Q,1906-12-09,A,CT2\n"           // 3 gender
        "3,Alan,M,1912-06-23,A,CT3\n"            // 4 good
        ",Nobody,M,1990-01-01,A,CT4\n"           // 5 bib
        "5,Edsger,M,1930-05-11,C,CT1\n"          // 6 wave + chip
        "6,\"Barbara\",F,1939-11-7,A,CT6\n"      // 7 date
        "1,Again,F,,A,\n"                        // 8 duplicate bib
        "7,Short\n";                             // 9 field count
    try {
        import_csv(file, csv);
        FAIL() << "expected ImportError";
    } catch (const ImportError& e) {
        std::vector<int> lines;
        for (const auto& p : e.problems()) lines.push_back(p.line);
        EXPECT_EQ(lines, (std::vector<int>{3, 5, 6, 6, 7, 8, 9}));
        const std::string what = e.what();
        EXPECT_TRUE(what.starts_with("people.csv: 7 problem(s), nothing was imported:")) << what;
        EXPECT_NE(what.find("\n  people.csv:3: bad gender 'Q'"), std::string::npos) << what;
        EXPECT_NE(what.find("\n  people.csv:6: unknown wave 'C'"), std::string::npos) << what;
        EXPECT_NE(what.find("\n  people.csv:6: chip 'CT1' already used by bib '1' (line 2)"),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("\n  people.csv:9: 2 fields"), std::string::npos) << what;
    }
    EXPECT_TRUE(file.participants().empty());
    EXPECT_EQ(file.count("chips"), 0);
}

TEST_F(Import, LineNumbersCountLinesInsideQuotes) {
    auto file = race();
    // Line breaks inside a column the import ignores (no field may hold one).
    const auto ps = problems(file, "bib,notes\n1,\"Ada\nLovelace\"\n2,\"Grace\r\nHopper\"\n1,Dup\n");
    EXPECT_TRUE(one_problem(ps, 6, "duplicate bib '1' (also on line 2)"));
}

// --- re-import -----------------------------------------------------------------------------

TEST_F(Import, ReimportReportsAddedUpdatedUnchangedKept) {
    auto file = race();
    auto r = import_csv(file, "bib,name,chip\n1,Ada,CT1\n2,Grace,CT2\n3,Alan,CT3\n4,Edsger,CT4\n");
    EXPECT_EQ(r.added, 4);
    EXPECT_EQ(r.updated + r.unchanged + r.kept, 0);

    // 1 unchanged, 2 renamed, 3 gets a second chip, 5 new; 4 is not in this file.
    r = import_csv(file, "bib,name,chip\n1,Ada,CT1\n2,Grace Hopper,CT2\n3,Alan,CT3;CT33\n5,Barbara,CT5\n");
    EXPECT_EQ(r.added, 1);
    EXPECT_EQ(r.updated, 2);
    EXPECT_EQ(r.unchanged, 1);
    EXPECT_EQ(r.kept, 1);
    EXPECT_EQ(file.participant("2")->name, "Grace Hopper");
    EXPECT_EQ(file.participant("3")->chips, (std::vector<std::string>{"CT3", "CT33"}));
    EXPECT_EQ(file.participant("4")->chips, std::vector<std::string>{"CT4"});
    EXPECT_EQ(bibs(file), (std::vector<std::string>{"1", "2", "3", "4", "5"}));

    // The same content again (chips in another order) changes nothing.
    r = import_csv(file, "bib,name,chip\n1,Ada,CT1\n2,Grace Hopper,CT2\n3,Alan,CT33;CT3\n5,Barbara,CT5\n");
    EXPECT_EQ(r.added, 0);
    EXPECT_EQ(r.updated, 0);
    EXPECT_EQ(r.unchanged, 4);
    EXPECT_EQ(r.kept, 1);
}

TEST_F(Import, ReimportKeepsRowIds) {
    auto file = race();
    import_csv(file, "bib,name\n1,Ada\n");
    const auto id = file.participant("1")->id;
    import_csv(file, "bib,name\n1,Ada Lovelace\n");
    EXPECT_EQ(file.participant("1")->id, id);
}

TEST_F(Import, ReimportClearsWhatTheFileLeavesEmpty) {
    auto file = race();
    import_csv(file, "bib,name,team,chip,wave\n1,Ada,Analytical,CT1,B\n");
    const auto r = import_csv(file, "bib,name\n1,Ada\n");
    EXPECT_EQ(r.updated, 1);
    const auto p = file.participant("1");
    EXPECT_EQ(p->team, "");
    EXPECT_EQ(p->wave, "");
    EXPECT_TRUE(p->chips.empty());
}

TEST_F(Import, ChipsMoveBetweenBibsInOneReimport) {
    auto file = race();
    import_csv(file, "bib,chip\n1,CA\n2,CB\n3,CC\n");
    // 1 and 2 swap chips; 3's chip goes to a new bib 4 and 3 gets a new one.
    const auto r = import_csv(file, "bib,chip\n1,CB\n2,CA\n3,CD\n4,CC\n");
    EXPECT_EQ(r.updated, 3);
    EXPECT_EQ(r.added, 1);
    EXPECT_EQ(file.participant("1")->chips, std::vector<std::string>{"CB"});
    EXPECT_EQ(file.participant("2")->chips, std::vector<std::string>{"CA"});
    EXPECT_EQ(file.participant("3")->chips, std::vector<std::string>{"CD"});
    EXPECT_EQ(file.participant("4")->chips, std::vector<std::string>{"CC"});
    EXPECT_EQ(file.count("chips"), 4);
}

TEST_F(Import, ChipOfAKeptBibCannotMove) {
    auto file = race();
    import_csv(file, "bib,chip\n1,CA\n2,CB\n");
    // Bib 1 is not in this file, so its chip stays its own.
    EXPECT_TRUE(one_problem(problems(file, "bib,chip\n2,CA\n"), 2, "chip 'CA' already used by bib '1' in the race file"));
    EXPECT_EQ(file.participant("2")->chips, std::vector<std::string>{"CB"});
}

TEST_F(Import, ParticipantsSurviveReopening) {
    {
        auto file = race();
        import_csv(file, "bib,name,chip\n1,Ada,CT1\n");
    }
    RaceFile file(dir.file("race.db"));
    EXPECT_EQ(file.participant("1")->chips, std::vector<std::string>{"CT1"});
}

}  // namespace
}  // namespace fl::timing
