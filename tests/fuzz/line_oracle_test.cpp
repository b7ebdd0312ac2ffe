// The line oracle the fuzz targets trust: its reading of LineSplitter's contract on cases
// worked out by hand, and proof that the splitter check fails when the two disagree.
#include <string>

#include <gtest/gtest.h>

#include "fuzz/targets/line_oracle.hpp"
#include "fuzz/targets/violation.hpp"

namespace fl::fuzz {
namespace {

using Ends = ingest::LineSplitter::Ends;
using Lines = std::vector<std::string>;

TEST(LineOracle, CrlfKeepsEmptyLinesAndDropsOnlyTheCrOfTheTerminator) {
    const auto e = expected_lines(Ends::crlf, 10, "a\r\n\r\nb\r\r\nc\nunfinished");
    EXPECT_EQ(e.lines, (Lines{"a", "", "b\r", "c"}));
    EXPECT_FALSE(e.overflow);
}

TEST(LineOracle, CrlfAllowsTheLimitPlusTheCrOfItsTerminator) {
    EXPECT_EQ(expected_lines(Ends::crlf, 4, "abcd\r\n").lines, Lines{"abcd"});
    EXPECT_FALSE(expected_lines(Ends::crlf, 4, "abcd\r\n").overflow);
    EXPECT_TRUE(expected_lines(Ends::crlf, 4, "abcde\n").overflow);
    EXPECT_TRUE(expected_lines(Ends::crlf, 4, "abcd\r\rx").overflow);
    // Lines before the long one are delivered; nothing after it.
    const auto e = expected_lines(Ends::crlf, 4, "ok\r\nabcdef\r\nlater\r\n");
    EXPECT_EQ(e.lines, Lines{"ok"});
    EXPECT_TRUE(e.overflow);
}

TEST(LineOracle, CrOrLfSkipsEmptyLines) {
    const auto e = expected_lines(Ends::cr_or_lf, 10, "\r\n1\r2\n\n3\r\n");
    EXPECT_EQ(e.lines, (Lines{"1", "2", "3"}));
    EXPECT_TRUE(expected_lines(Ends::cr_or_lf, 3, "abcd").overflow);  // even unfinished
    EXPECT_FALSE(expected_lines(Ends::cr_or_lf, 3, "abc\nabc").overflow);
}

TEST(LineOracle, DollarDropsCrLfNulAndDeliversEmptyRecords) {
    const auto e = expected_lines(Ends::dollar, 10, std::string("a\r\n@b$$c\0d$e", 12));
    EXPECT_EQ(e.lines, (Lines{"a@b", "", "cd"}));
    EXPECT_FALSE(e.overflow);
}

TEST(LineOracle, LongInputsAreCutAroundEveryLineEnd) {
    const std::string bytes = std::string(300, 'x') + "\r\n" + std::string(10, 'y') + "$z";
    const auto plans = chunkings(bytes);
    EXPECT_EQ(plans[1], (std::vector<std::string_view>{std::string_view(bytes).substr(0, 300), "\r",
                                                       "\n", std::string(10, 'y'), "$", "z"}));
}

TEST(LineOracle, ChunkingsCoverWholeSingleBytesAndRandomCuts) {
    const std::string bytes = "CT01_33~1~start~9478~14:02:15.31~0~0F2A38~1\r\n";
    const auto plans = chunkings(bytes);
    ASSERT_EQ(plans.size(), 4u);
    EXPECT_EQ(plans[0].size(), 1u);
    EXPECT_EQ(plans[1].size(), bytes.size());
    for (const auto& plan : plans) {
        std::string joined;
        for (const auto chunk : plan) joined += chunk;
        EXPECT_EQ(joined, bytes);
    }
    EXPECT_EQ(chunkings(bytes)[2], plans[2]) << "random cuts must reproduce for the same input";
}

TEST(LineOracle, TheSplitterCheckFailsWhenTheSplitterDisagrees) {
    const std::string bytes = "a\r\nb\r\n";
    auto e = expected_lines(Ends::crlf, 10, bytes);
    EXPECT_NO_THROW(check_line_splitter(Ends::crlf, 10, chunkings(bytes), e));
    e.lines.back() = "c";
    EXPECT_THROW(check_line_splitter(Ends::crlf, 10, chunkings(bytes), e), Violation);
    e = expected_lines(Ends::crlf, 10, bytes);
    e.overflow = true;
    EXPECT_THROW(check_line_splitter(Ends::crlf, 10, chunkings(bytes), e), Violation);
}

}  // namespace
}  // namespace fl::fuzz
