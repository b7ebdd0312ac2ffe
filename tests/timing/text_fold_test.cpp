// Folding for search, against letters worked by hand from the Unicode charts (Latin-1
// Supplement, Latin Extended-A): what is folded, to what, and what is left alone.
#include "timing/text_fold.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fl::timing {
namespace {

TEST(FoldForSearch, AsciiIsLoweredAndOtherwiseKept) {
    EXPECT_EQ(fold_for_search("Ann RUNNER 12-b"), "ann runner 12-b");
    EXPECT_EQ(fold_for_search(""), "");
}

TEST(FoldForSearch, NamesFoundWithoutTheirAccents) {
    EXPECT_EQ(fold_for_search("Zo\xC3\xAB"), "zoe");                // Zoë
    EXPECT_EQ(fold_for_search("M\xC3\xBCller"), "muller");          // Müller
    EXPECT_EQ(fold_for_search("\xC3\x89MILE"), "emile");             // ÉMILE
    EXPECT_EQ(fold_for_search("Fran\xC3\xA7ois"), "francois");      // François
    EXPECT_EQ(fold_for_search("Nu\xC3\xB1" "ez"), "nunez");          // Nuñez
    EXPECT_EQ(fold_for_search("\xC5\x81\xC3\xB3" "d\xC5\xBA"), "lodz");  // Łódź
    EXPECT_EQ(fold_for_search("Dvo\xC5\x99\xC3\xA1k"), "dvorak");   // Dvořák
    EXPECT_EQ(fold_for_search("\xC4\xB0stanbul"), "istanbul");      // İstanbul
    EXPECT_EQ(fold_for_search("\xC5\x90rs"), "ors");                 // Őrs
}

TEST(FoldForSearch, LettersThatBecomeTwo) {
    EXPECT_EQ(fold_for_search("Stra\xC3\x9F" "e"), "strasse");  // ß
    EXPECT_EQ(fold_for_search("\xC3\x86sa"), "aesa");           // Æ
    EXPECT_EQ(fold_for_search("\xC3\x9Eora"), "thora");         // Þ
    EXPECT_EQ(fold_for_search("\xC5\x92uvre"), "oeuvre");       // Œ
    EXPECT_EQ(fold_for_search("\xC4\xB2sselmeer"), "ijsselmeer");  // Ĳ
}

TEST(FoldForSearch, EveryEndOfBothBlocks) {
    EXPECT_EQ(fold_for_search("\xC3\x80"), "a");  // U+00C0 À
    EXPECT_EQ(fold_for_search("\xC3\xBF"), "y");  // U+00FF ÿ
    EXPECT_EQ(fold_for_search("\xC4\x80"), "a");  // U+0100 Ā
    EXPECT_EQ(fold_for_search("\xC5\xBF"), "s");  // U+017F ſ
}

TEST(FoldForSearch, DecomposedAccentsAreDropped) {
    EXPECT_EQ(fold_for_search("Zoe\xCC\x88"), "zoe");  // e + U+0308 combining diaeresis
}

TEST(FoldForSearch, WhatIsNotFoldedStaysAsWritten) {
    EXPECT_EQ(fold_for_search("2\xC3\x97" "3"), "2\xC3\x97" "3");                // × is not a letter
    EXPECT_EQ(fold_for_search("\xC8\x98tefan"), "\xC8\x98tefan");                // Ș: Latin Extended-B
    EXPECT_EQ(fold_for_search("Nguy\xE1\xBB\x85n"), "nguy\xE1\xBB\x85n");        // ễ: Extended Additional
    EXPECT_EQ(fold_for_search("\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0"), "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0");  // Анна
    EXPECT_EQ(fold_for_search("\xF0\x9F\x8F\x83"), "\xF0\x9F\x8F\x83");          // 🏃 (4 bytes)
}

TEST(FoldForSearch, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
    EXPECT_EQ(fold_for_search("M\xFCller"), "m\xEF\xBF\xBDller");
}

}  // namespace
}  // namespace fl::timing
