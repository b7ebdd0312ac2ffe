// UTF-8 validation and the reading of participants files in other encodings, with real byte
// sequences: the bytes Windows-1252, UTF-16 and UTF-8 give for the same names (from the code
// page tables and RFC 3629 / RFC 2781, worked by hand).
#include "timing/text_encoding.hpp"

#include <gtest/gtest.h>

#include <string>

#include "timing/error.hpp"

namespace fl::timing {
namespace {

using namespace std::string_literals;

// The message of the timing::Error `f` throws.
template <class F>
std::string refusal(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    ADD_FAILURE() << "accepted";
    return {};
}

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// --- what UTF-8 is (RFC 3629 section 4 and the Unicode table of well-formed sequences) --------

TEST(Utf8, WellFormedSequencesOfEveryLength) {
    EXPECT_TRUE(is_utf8(""));
    EXPECT_TRUE(is_utf8("bib,name"));
    EXPECT_TRUE(is_utf8("M\xC3\xBCller"));           // ü, 2 bytes
    EXPECT_TRUE(is_utf8("\xE2\x82\xAC"));            // €, 3 bytes
    EXPECT_TRUE(is_utf8("\xF0\x9F\x98\x80"));        // U+1F600, 4 bytes
    EXPECT_TRUE(is_utf8("\xF4\x8F\xBF\xBF"));        // U+10FFFF, the last code point
    EXPECT_TRUE(is_utf8("\xEF\xBF\xBF"));            // U+FFFF is a noncharacter, still UTF-8
    EXPECT_TRUE(is_utf8("\xED\x9F\xBF"));            // U+D7FF, just below the surrogates
}

TEST(Utf8, IllFormedSequencesAndWhereTheyStart) {
    EXPECT_EQ(invalid_utf8_at("M\xFCller"), 1u);             // Latin-1 ü
    EXPECT_EQ(invalid_utf8_at("ab\xC0\xAF"), 2u);            // overlong '/'
    EXPECT_EQ(invalid_utf8_at("\xE0\x80\xAF"), 0u);          // overlong, 3 bytes
    EXPECT_EQ(invalid_utf8_at("\xF0\x80\x80\xAF"), 0u);      // overlong, 4 bytes
    EXPECT_EQ(invalid_utf8_at("x\xED\xA0\x80"), 1u);         // U+D800, a surrogate
    EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u);      // U+110000, past the last
    EXPECT_EQ(invalid_utf8_at("\xF5\x80\x80\x80"), 0u);      // never a lead byte
    EXPECT_EQ(invalid_utf8_at("\xE2\x82"), 0u);              // cut short
    EXPECT_EQ(invalid_utf8_at("\xBC"), 0u);                  // a lone continuation byte
    EXPECT_EQ(invalid_utf8_at("ok \xC3\xBC \xC3"), 6u);      // good ü, then a cut-short one
}

TEST(Utf8, ProblemNamesTheByteAndItsPosition) {
    EXPECT_EQ(utf8_problem("M\xFCller"), "byte 0xFC at position 2 is not UTF-8");
    EXPECT_EQ(utf8_problem("M\xC3\xBCller"), "");
    EXPECT_EQ(utf8_problem("bib\n1,M\xFCller\n", "p.csv"), "p.csv:2: byte 0xFC at column 4 is not UTF-8");
    // A TOML line ends at LF only: a lone CR is a character of the line (the fuzzer found the
    // message naming a line the file did not have).
    EXPECT_EQ(utf8_problem("a=1\rb=2\nc=\"\xF2\"\n", "race.toml"), "race.toml:2: byte 0xF2 at column 4 is not UTF-8");
}

TEST(Utf8, ValidUtf8ReplacesEachBadByteWithTheReplacementCharacter) {
    EXPECT_EQ(valid_utf8("M\xFCller"), "M\xEF\xBF\xBDller");
    EXPECT_EQ(valid_utf8("a\xC0\xAF" "b"), "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
    EXPECT_EQ(valid_utf8("M\xC3\xBCller"), "M\xC3\xBCller");
}

TEST(Utf8, ShownEscapesControlsAndBadBytesButKeepsLetters) {
    EXPECT_EQ(shown("M\xC3\xBCller"), "M\xC3\xBCller");
    EXPECT_EQ(shown("M\xFCller\r\n"), "M\\xFCller\\x0D\\x0A");
}

// --- encodings by name -----------------------------------------------------------------------

TEST(Encoding, NamesAsPeopleWriteThem) {
    EXPECT_EQ(parse_encoding("UTF-8"), Encoding::utf8);
    EXPECT_EQ(parse_encoding("windows-1252"), Encoding::windows_1252);
    EXPECT_EQ(parse_encoding("CP1252"), Encoding::windows_1252);
    EXPECT_EQ(parse_encoding("latin1"), Encoding::latin1);
    EXPECT_EQ(parse_encoding("ISO-8859-1"), Encoding::latin1);
    EXPECT_EQ(parse_encoding("utf-16le"), Encoding::utf16le);
    EXPECT_EQ(parse_encoding("UTF_16BE"), Encoding::utf16be);
    EXPECT_EQ(parse_encoding("windows-1250"), std::nullopt);
    EXPECT_EQ(parse_encoding("ebcdic"), std::nullopt);
}

// --- reading a participants file -------------------------------------------------------------

TEST(Decode, Utf8PassesThroughUntouched) {
    const auto d = decode_text("bib,name\n1,J\xC3\xBCrgen\n", std::nullopt, "p.csv");
    EXPECT_EQ(d.text, "bib,name\n1,J\xC3\xBCrgen\n");
    EXPECT_EQ(d.encoding, Encoding::utf8);
    EXPECT_EQ(d.note, "");
}

TEST(Decode, Utf8ByteOrderMarkIsDropped) {
    const auto d = decode_text("\xEF\xBB\xBF" "bib,name\n1,J\xC3\xBCrgen\n", std::nullopt, "p.csv");
    EXPECT_EQ(d.text, "bib,name\n1,J\xC3\xBCrgen\n");
    EXPECT_EQ(d.encoding, Encoding::utf8);
}

// Excel on Windows, "CSV (Comma delimited)": Windows-1252. é E9, ü FC, ø F8, ß DF, ’ 92, Š 8A.
TEST(Decode, Windows1252IsDetectedConvertedAndSaidSo) {
    const std::string csv = "bib,name\r\n"
                            "1,Jos\xE9\r\n"
                            "2,J\xFCrgen M\xFCller\r\n"
                            "3,S\xF8ren\r\n"
                            "4,Ada\r\n"
                            "5,Gau\xDF\r\n"
                            "6,O\x92" "Brien \x8Aimek\r\n";
    const auto d = decode_text(csv, std::nullopt, "p.csv");
    EXPECT_EQ(d.encoding, Encoding::windows_1252);
    EXPECT_EQ(d.text, "bib,name\r\n"
                      "1,Jos\xC3\xA9\r\n"
                      "2,J\xC3\xBCrgen M\xC3\xBCller\r\n"
                      "3,S\xC3\xB8ren\r\n"
                      "4,Ada\r\n"
                      "5,Gau\xC3\x9F\r\n"
                      "6,O\xE2\x80\x99" "Brien \xC5\xA0imek\r\n");
    EXPECT_EQ(d.converted_lines, 5);
    EXPECT_EQ(d.note, "read as Windows-1252 (the file is not UTF-8): 5 line(s) with accented "
                      "letters converted");
}

// Windows-1250 (Polish Excel) writes Ł as A3 and ł as B3; in Windows-1252 those are £ and ³.
// Guessing would store "£ukasz Pa³ka": refused, naming the line, the byte and what to do.
TEST(Decode, LStrokeIsNotInWindows1252SoTheFileIsRefused) {
    const auto what = refusal([] {
        decode_text("bib,name\n1,Jos\xE9\n2,\xA3ukasz Pa\xB3ka\n", std::nullopt, "p.csv");
    });
    EXPECT_TRUE(what.starts_with("p.csv:3: byte 0xA3 at column 3 is not UTF-8")) << what;
    EXPECT_TRUE(has(what, "as Windows-1252 it would be '\xC2\xA3', not a letter")) << what;
    EXPECT_TRUE(has(what, "Save it as UTF-8")) << what;
}

// Said explicitly, the same bytes are read as the user says.
TEST(Decode, DeclaredWindows1252ReadsEveryDefinedByte) {
    const auto d = decode_text("1,\xA3" "5 \x80\n", Encoding::windows_1252, "p.csv");
    EXPECT_EQ(d.text, "1,\xC2\xA3" "5 \xE2\x82\xAC\n");
    EXPECT_EQ(d.note, "read as Windows-1252: 1 line(s) with accented letters converted");
}

TEST(Decode, BytesWindows1252LeavesUndefinedAreRefused) {
    const auto what = refusal([] { decode_text("bib\n1\x81\n", Encoding::windows_1252, "p.csv"); });
    EXPECT_EQ(what, "p.csv:2: byte 0x81 at column 2 is not a character in Windows-1252: save the "
                    "file as UTF-8 and import it again");
    EXPECT_TRUE(refusal([] { decode_text("bib\n1,\x9D\n", std::nullopt, "p.csv"); })
                    .starts_with("p.csv:2: byte 0x9D at column 3 is neither UTF-8 nor Windows-1252"));
}

TEST(Decode, Latin1ReadsC1BytesAsTheControlsTheyAre) {
    EXPECT_EQ(decode_text("J\xFCrgen", Encoding::latin1, "p.csv").text, "J\xC3\xBCrgen");
    const auto what = refusal([] { decode_text("O\x92" "Brien", Encoding::latin1, "p.csv"); });
    EXPECT_TRUE(what.starts_with("p.csv:1: byte 0x92 at column 2 is a control character in Latin-1"))
        << what;
}

// A UTF-8 file with rows pasted from a Windows-1252 one: line 2 is UTF-8 (ü = C3 BC), line 3
// is not (ü = FC). Either reading garbles one of them: refused, naming the line.
TEST(Decode, FileMixingEncodingsIsRefusedNamingTheLine) {
    const auto what = refusal([] {
        decode_text("bib,name\n1,J\xC3\xBCrgen\n2,M\xFCller\n", std::nullopt, "p.csv");
    });
    EXPECT_TRUE(what.starts_with("p.csv:3: byte 0xFC at column 4 is not UTF-8, but line 2 is: the "
                                 "file mixes encodings"))
        << what;
}

// ł written as UTF-8 (C5 82) into an otherwise Windows-1252 file: mixed, refused.
TEST(Decode, UtfEightLStrokeInAWindows1252FileIsRefused) {
    const auto what = refusal([] {
        decode_text("bib,name\n1,Jos\xE9\n2,\xC5\x81ukasz Pa\xC5\x82ka\n", std::nullopt, "p.csv");
    });
    EXPECT_TRUE(what.starts_with("p.csv:2: byte 0xE9 at column 6 is not UTF-8, but line 3 is"))
        << what;
}

TEST(Decode, DeclaredUtf8RefusesOtherBytesNamingLineAndByte) {
    const auto what = refusal([] { decode_text("bib\n1\n2,M\xFCller\n", Encoding::utf8, "p.csv"); });
    EXPECT_TRUE(what.starts_with("p.csv:3: byte 0xFC at column 4 is not UTF-8: save the file as UTF-8"))
        << what;
}

// Excel's "Unicode Text": UTF-16LE with the byte-order mark FF FE. ü is FC 00; U+1F600 is the
// surrogate pair D83D DE00.
TEST(Decode, Utf16LittleEndianWithByteOrderMark) {
    const std::string bytes = "\xFF\xFE"
                              "b\0i\0b\0,\0n\0a\0m\0e\0\r\0\n\0"
                              "1\0,\0M\0\xFC\0l\0l\0e\0r\0 \0\x3D\xD8\x00\xDE\r\0\n\0"s;
    const auto d = decode_text(bytes, std::nullopt, "p.csv");
    EXPECT_EQ(d.encoding, Encoding::utf16le);
    EXPECT_EQ(d.text, "bib,name\r\n1,M\xC3\xBCller \xF0\x9F\x98\x80\r\n");
    EXPECT_EQ(d.note, "read as UTF-16LE");
    // Named explicitly, with or without the mark.
    EXPECT_EQ(decode_text(bytes, Encoding::utf16le, "p.csv").text, d.text);
    EXPECT_EQ(decode_text(bytes.substr(2), Encoding::utf16le, "p.csv").text, d.text);
}

TEST(Decode, Utf16BigEndianWithByteOrderMark) {
    const std::string bytes = "\xFE\xFF\0b\0i\0b\0\n\0\x31\0\xF8\0\n"s;
    const auto d = decode_text(bytes, std::nullopt, "p.csv");
    EXPECT_EQ(d.encoding, Encoding::utf16be);
    EXPECT_EQ(d.text, "bib\n1\xC3\xB8\n");
}

TEST(Decode, BrokenUtf16IsRefusedNamingTheLine) {
    // A high surrogate followed by 'x' on line 2.
    auto what = refusal([] { decode_text("\xFF\xFE" "a\0\n\0\x3D\xD8x\0"s, std::nullopt, "p.csv"); });
    EXPECT_TRUE(what.starts_with("p.csv:2: a lone high surrogate 0xD83D: the file is not valid UTF-16LE"))
        << what;
    what = refusal([] { decode_text("\xFF\xFE" "a\0b"s, std::nullopt, "p.csv"); });
    EXPECT_TRUE(has(what, "an odd number of bytes (3)")) << what;
}

TEST(Decode, Utf16WithoutByteOrderMarkIsRecognisedAndRefused) {
    const auto what = refusal([] { decode_text("b\0i\0b\0\n\0"s, std::nullopt, "p.csv"); });
    EXPECT_TRUE(what.starts_with("p.csv:1: byte 0x00 at column 2 is NUL: the file looks like UTF-16"))
        << what;
}

TEST(Decode, AByteOrderMarkThatContradictsTheNamedEncodingIsRefused) {
    const auto what = refusal([] { decode_text("\xEF\xBB\xBF" "bib\n", Encoding::windows_1252, "p.csv"); });
    EXPECT_EQ(what, "p.csv:1: the file starts with a UTF-8 byte-order mark, but Windows-1252 was "
                    "named: leave out --encoding, or name UTF-8");
}

}  // namespace
}  // namespace fl::timing
