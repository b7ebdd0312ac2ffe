// Device and marshal text that is not UTF-8 never becomes a scored read or a stored correction
// (issue 21), and EDIT applies the participant field rules import applies (issue 11). Parsers
// and the marshal session fed byte for byte; the device lines are the documented formats with
// one Latin-1 byte (0xFC, ü) put into the chip or location.
#include <gtest/gtest.h>

#include "ingest/bibscan.hpp"
#include "ingest/chronotrack.hpp"
#include "ingest/marshal_session.hpp"
#include "ingest/mylaps.hpp"
#include "ingest/raceresult.hpp"
#include "tests/ingest/parser_fixture.hpp"

using namespace fl;
using fl::test::utc;

namespace {

struct DeviceText : ::testing::Test {
    timing::RaceConfig race = test::parser_config();
    timing::Instant now = utc(2014, 4, 12, 18, 30, 0);

    static void expect_refused(const ingest::ParseOutput& out, std::string_view raw) {
        EXPECT_TRUE(out.reads.empty());
        ASSERT_EQ(out.malformed.size(), 1u);
        EXPECT_NE(out.malformed[0].reason.find("not UTF-8"), std::string::npos) << out.malformed[0].reason;
        EXPECT_EQ(out.malformed[0].raw, raw);
    }
};

}  // namespace

TEST_F(DeviceText, ChronoTrackTagOrLocationNotUtf8IsMalformed) {
    ingest::ReadBuilder builder{race, *race.find_reader("ct")};
    ingest::ChronoTrackParser p(builder, {});
    const std::string tag = "CT01_33~5~finish~CT\xFC" "1~14:00:00.00~0~X~1";
    expect_refused(p.feed(tag + "\r\n", now), tag);
    const std::string location = "CT01_33~6~Ziel\xFC~CT0001~14:00:00.00~0~X~1";
    expect_refused(p.feed(location + "\r\n", now), location);
    // The same line in UTF-8 is a read.
    EXPECT_EQ(p.feed("CT01_33~7~finish~CT0001~14:00:00.00~0~X~1\r\n", now).reads.size(), 1u);
}

TEST_F(DeviceText, MylapsChipNotUtf8IsMalformed) {
    ingest::ReadBuilder builder{race, *race.find_reader("mylaps")};
    ingest::MylapsParser p(builder);
    const auto out = p.feed("10KM@Passing@t=13:11:30.904|c=00\xFC" "0041|ct=UH|d=120606|n=41@1016@$", now);
    EXPECT_TRUE(out.reads.empty());
    ASSERT_EQ(out.malformed.size(), 1u);
    EXPECT_NE(out.malformed[0].reason.find("not UTF-8"), std::string::npos) << out.malformed[0].reason;
}

TEST_F(DeviceText, RaceResultTransponderNotUtf8IsMalformed) {
    ingest::ReadBuilder builder{race, *race.find_reader("rr")};
    ingest::RaceResultParser p(builder, std::nullopt);
    p.start(now);
    p.feed("SETPROTOCOL;2.0\r\n", now);
    p.feed("GETTIME;0000-00-00;14:29:58.000\r\n", now);
    p.feed("PASSINGS;1\r\n", now);
    const std::string line = "1;3\xFC;0000-00-00;07:32:00.000";
    expect_refused(p.feed(line + "\r\n\r\n", now), line);
}

TEST_F(DeviceText, BibScannerBibMustBeAsciiAsEverywhere) {
    ingest::ReadBuilder builder{race, *race.find_reader("scan")};
    ingest::BibScanParser p(builder);
    const auto out = p.feed("1\xFC\r\n12 07:31:00\r\n", now);
    ASSERT_EQ(out.malformed.size(), 1u);
    ASSERT_EQ(out.entries.size(), 1u);
    EXPECT_EQ(out.entries[0].bib, "12");
}

// --- the marshal session ---------------------------------------------------------------------

namespace {

struct MarshalText : ::testing::Test {
    timing::RaceConfig race = test::parser_config();
    ingest::MarshalSession session{race, "marshal test", true};
    timing::Instant now = utc(2014, 4, 12, 12, 0, 0);

    std::string answer(std::string_view line) {
        const auto a = session.handle(line, now);
        if (a.type == ingest::MarshalSession::Action::Type::store) return "STORE " + a.describe;
        return a.reply;
    }
    timing::NewCorrection stored(std::string_view line) {
        const auto a = session.handle(line, now);
        EXPECT_TRUE(a.record) << a.reply;
        if (!a.record) return {};
        return std::get<timing::NewCorrection>(*a.record);
    }
};

}  // namespace

// The same words import uses for the same values (tests/timing/import_test: BadAge,
// BadBirthdate): one rule per field.
TEST_F(MarshalText, EditRefusesWhatImportRefusesWithTheSameRule) {
    EXPECT_EQ(answer("EDIT 7 age=-3"), "ERR bad age '-3': expected a whole number from 0 to 120");
    EXPECT_EQ(answer("EDIT 7 age=121"), "ERR bad age '121': expected a whole number from 0 to 120");
    EXPECT_EQ(answer("EDIT 7 birthdate=2099-01-01"),
              "ERR bad birthdate '2099-01-01': expected a date YYYY-MM-DD from 1900-01-01, not "
              "after the race date");
    // The race is on 2014-04-12: the day after is in the future for this race.
    EXPECT_EQ(answer("EDIT 7 birthdate=2014-04-13").substr(0, 28), "ERR bad birthdate '2014-04-1");
    EXPECT_EQ(answer("EDIT 7 gender=Male"), "ERR bad gender 'Male': expected M, F or X");
    EXPECT_EQ(answer("EDIT 7 age=42"), "STORE edit 7 age=42");
    EXPECT_EQ(answer("EDIT 7 birthdate=1985-12-10"), "STORE edit 7 birthdate=1985-12-10");
    EXPECT_EQ(answer("EDIT 7 gender=f"), "STORE edit 7 gender=f");
}

TEST_F(MarshalText, EditOfTheEventMustNameOneAndStoresItsSpelling) {
    EXPECT_EQ(answer("EDIT 7 event=10K"), "ERR unknown event '10K': expected one of 5K, 1K");
    EXPECT_EQ(stored("EDIT 7 event=5k").data, "event=5K");
}

TEST_F(MarshalText, AssignOfAChipImportWouldRefuse) {
    EXPECT_EQ(answer("ASSIGN CT;1 7"),
              "ERR bad chip 'CT;1': expected 1 to 64 ASCII letters, digits or punctuation without "
              "spaces or ';'");
    EXPECT_EQ(answer("ASSIGN CT0001 7"), "STORE assign_chip CT0001 7");
}

TEST_F(MarshalText, TextThatIsNotUtf8IsRefusedNeverStored) {
    EXPECT_EQ(answer("EDIT 7 name=J\xFCrgen"),
              "ERR the line is not UTF-8 (byte 0xFC at position 14 is not UTF-8): send text as UTF-8");
    EXPECT_EQ(answer("DQ 7 cut the course at M\xFChle"),
              "ERR the line is not UTF-8 (byte 0xFC at position 25 is not UTF-8): send text as UTF-8");
    EXPECT_EQ(answer("EDIT 7 name=J\xC3\xBCrgen"), "STORE edit 7 name=J\xC3\xBCrgen");
    EXPECT_EQ(answer("DQ 7 cut the course at M\xC3\xBChle"), "STORE dq 7 cut the course at M\xC3\xBChle");
}
