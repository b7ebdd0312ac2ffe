// Bad text at every way in (issues 11 and 21): one rule per participant field, and only UTF-8
// in the race file. `finishline` run as a child process on real race files, the marshal port
// over loopback TCP, and every export read back with the C library's strict UTF-8 decoder
// (iconv), not with the code under test.
#include <gtest/gtest.h>

#include <iconv.h>

#include <cerrno>

#include "tests/badinput/catalogue.hpp"
#include "tests/ingest/child_process.hpp"

using namespace fl;
using namespace fl::test;

namespace {

const std::string config_toml = race_head + "[marshal]\nlisten = \"127.0.0.1:0\"\n";

// The byte offset of the first byte iconv's UTF-8 decoder refuses, or -1 when it takes all.
long strict_utf8_error_at(const std::string& text) {
    iconv_t cd = ::iconv_open("UTF-32LE", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("no iconv UTF-8 decoder");
    std::string in = text;
    std::string out(in.size() * 4 + 4, '\0');
    char* ip = in.data();
    char* op = out.data();
    std::size_t il = in.size(), ol = out.size();
    const auto r = ::iconv(cd, &ip, &il, &op, &ol);
    ::iconv_close(cd);
    if (r == static_cast<std::size_t>(-1)) return static_cast<long>(ip - in.data());
    return -1;
}

class BadInputText : public CommandLineRace {
protected:
    void SetUp() override { make_race(config_toml); }
    // Refused, and the race file as it was.
    void expect_refused(const RunResult& r, std::initializer_list<std::string_view> parts) {
        expect_user_error(r, parts);
        EXPECT_EQ(Stored::in(race), before);
    }
    RunResult import_csv(std::string_view csv, std::vector<std::string> extra = {}) {
        dir.write("new.csv", csv);
        std::vector<std::string> args{"import", race, dir.file("new.csv")};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }
    std::string name_of(std::string_view bib) {
        timing::RaceFile f(race, timing::RaceFile::Access::read_only);
        const auto p = f.participant(bib);
        return p ? p->name : "(no participant)";
    }
};

const std::string bib_rule =
    "expected 1 to 32 ASCII letters, digits or punctuation without spaces (what a bib scanner, a "
    "marshal line and `finishline enter` can carry)";

}  // namespace

// Expected: a bib no scanner line, marshal line or `enter` can carry ("12 A") is refused at
// import naming the file, the line and the rule; nothing is imported.
TEST_F(BadInputText, ImportOfABibNoWayInCanCarryIsRefused) {
    const auto r = import_csv("bib,name,wave\n10,New One,A\n12 A,New Two,A\n");
    expect_refused(r, {"new.csv:3: bad bib '12 A': " + bib_rule});
}

// Expected: `enter` with such a bib is refused with the same rule; nothing is stored.
TEST_F(BadInputText, ManualFinishForABibNoWayInCanCarryIsRefused) {
    const auto r = run({"enter", race, "12 A", "--at", "07:30:00"});
    expect_refused(r, {"BIB: bad bib '12 A': " + bib_rule});
}

// Expected: a CSV saved by Excel on Windows (Windows-1252: ü = FC, é = E9) is converted, and
// the import says so; names are stored as UTF-8.
TEST_F(BadInputText, Windows1252ImportIsConvertedAndSaidSo) {
    const auto r = import_csv("bib,name,wave\r\n10,J\xFCrgen M\xFCller,A\r\n11,Ren\xE9" "e Dupont,B\r\n12,Ada Lee,A\r\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has_text(r.out, "new.csv: read as Windows-1252 (the file is not UTF-8): 2 line(s) "
                                "with accented letters converted"))
        << r.out;
    EXPECT_EQ(name_of("10"), "J\xC3\xBCrgen M\xC3\xBCller");
    EXPECT_EQ(name_of("11"), "Ren\xC3\xA9" "e Dupont");
}

// Expected: Windows-1250's ł (B3) is '³' in Windows-1252, not a letter: refused naming the line
// and the byte, with what to do; nothing is imported.
TEST_F(BadInputText, ImportOfALetterWindows1252LacksIsRefused) {
    const auto r = import_csv("bib,name,wave\n10,Jos\xE9,A\n11,Pawe\xB3 Nowak,A\n");
    expect_refused(r, {"new.csv:3: byte 0xB3 at column 8 is not UTF-8, and as Windows-1252 it "
                       "would be '\xC2\xB3', not a letter",
                       "Save it as UTF-8"});
}

// Expected: a file mixing UTF-8 and Windows-1252 rows is refused naming the line that is not
// UTF-8 and one that is.
TEST_F(BadInputText, ImportOfAFileMixingEncodingsIsRefused) {
    const auto r = import_csv("bib,name,wave\n10,J\xC3\xBCrgen,A\n11,M\xFCller,A\n");
    expect_refused(r, {"new.csv:3: byte 0xFC at column 5 is not UTF-8, but line 2 is: the file "
                       "mixes encodings"});
}

// Expected: --encoding names the encoding; an unknown name is refused listing the known ones.
TEST_F(BadInputText, ImportEncodingOption) {
    expect_refused(import_csv("bib,name\n10,A\n", {"--encoding", "ebcdic"}),
                   {"--encoding: unknown encoding \"ebcdic\": expected one of utf-8, windows-1252"});
    const auto r = import_csv("bib,name,wave\n10,M\xFCller,A\n", {"--encoding", "latin-1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(has_text(r.out, "read as Latin-1: 1 line(s)")) << r.out;
    EXPECT_EQ(name_of("10"), "M\xC3\xBCller");
}

// Expected: Excel's "Unicode Text" (UTF-16LE with a byte-order mark) is read.
TEST_F(BadInputText, Utf16ImportIsRead) {
    using namespace std::string_literals;
    const auto r = import_csv("\xFF\xFE" "b\0i\0b\0,\0n\0a\0m\0e\0\r\0\n\0" "1\0\x30\0,\0\xD8\0y\0\r\0\n\0"s);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(name_of("10"), "\xC3\x98y");
}

// Expected: a race config that is not UTF-8 is refused naming the file, line and byte.
TEST_F(BadInputText, RaceConfigThatIsNotUtf8IsRefused) {
    auto toml = config_toml;
    toml.replace(toml.find("E2E 5K"), 6, "Z\xFCrich 5K");
    const auto path = dir.write("latin1.toml", toml);
    const auto r = run({"init", race, "--config", path});
    expect_refused(r, {"latin1.toml:2: byte 0xFC at column 10 is not UTF-8: save the race config as UTF-8"});
}

// Expected: every export is UTF-8, even from a race file written before text was checked (a
// name holding Latin-1 0xFC): the bad byte is shown as U+FFFD, the rest as stored.
TEST_F(BadInputText, ExportsAreUtf8WhateverTheRaceFileHolds) {
    ASSERT_EQ(import_csv("bib,name,gender,age,wave\n1,J\xC3\xBCrgen,M,34,A\n2,Old Import,M,41,A\n").exit_code, 0);
    {
        timing::RaceFile f(race);
        f.db().cached("UPDATE participants SET name = ? WHERE bib = ?")
            .bind_all(std::string_view("M\xFCller"), std::string_view("2"))
            .run();
    }
    ASSERT_EQ(run({"start", race, "--event", "5K", "--at", "07:00:00"}).exit_code, 0);
    ASSERT_EQ(run({"enter", race, "1", "--at", "07:20:00"}).exit_code, 0);
    ASSERT_EQ(run({"enter", race, "2", "--at", "07:21:00"}).exit_code, 0);
    for (const std::string format : {"csv", "html", "json", "awards"}) {
        const auto r = run({"results", race, "--format", format});
        ASSERT_EQ(r.exit_code, 0) << format << ": " << r.err;
        EXPECT_EQ(strict_utf8_error_at(r.out), -1) << format << ":\n" << r.out;
        EXPECT_TRUE(has_text(r.out, "J\xC3\xBCrgen")) << format;
        EXPECT_TRUE(has_text(r.out, "M\xEF\xBF\xBDller")) << format;
    }
}

// Expected: EDIT on the marshal port refuses what import refuses, in the same words, and text
// that is not UTF-8; nothing is stored.
TEST(BadInputMarshalText, EditAndDqFollowTheFieldRules) {
    ServedRace race(listening_reader("finish-mat", "chronotrack"));
    race.start();
    auto m = TcpPeer::connect(race.marshal_port());
    const auto before = Stored::in(race.path());
    EXPECT_EQ(marshal_reply(m, "EDIT 1 age=-3"), "ERR bad age '-3': expected a whole number from 0 to 120");
    EXPECT_EQ(marshal_reply(m, "EDIT 1 birthdate=2099-01-01"),
              "ERR bad birthdate '2099-01-01': expected a date YYYY-MM-DD from 1900-01-01, not "
              "after the race date");
    EXPECT_EQ(marshal_reply(m, "DQ 1 M\xFCller"),
              "ERR the line is not UTF-8 (byte 0xFC at position 7 is not UTF-8): send text as UTF-8");
    EXPECT_EQ(Stored::in(race.path()), before);
    EXPECT_TRUE(marshal_reply(m, "EDIT 1 age=35").starts_with("OK C1 edit 1 age=35"));
}
