#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/line_splitter.hpp"

using fl::ingest::LineSplitter;

namespace {

std::vector<std::string> feed_bytewise(LineSplitter& s, std::string_view bytes, bool* ok = nullptr) {
    std::vector<std::string> lines;
    bool all = true;
    for (const char c : bytes)
        all = s.feed(std::string_view(&c, 1), [&](std::string_view l) { lines.emplace_back(l); }) && all;
    if (ok) *ok = all;
    return lines;
}

}  // namespace

TEST(LineSplitter, CrlfLinesWhateverTheChunking) {
    LineSplitter whole(LineSplitter::Ends::crlf);
    std::vector<std::string> a;
    whole.feed("one\r\ntwo\r\n\r\nthree\npartial", [&](std::string_view l) { a.emplace_back(l); });
    EXPECT_EQ(a, (std::vector<std::string>{"one", "two", "", "three"}));
    EXPECT_EQ(whole.buffered(), 7u);

    LineSplitter bytes(LineSplitter::Ends::crlf);
    EXPECT_EQ(feed_bytewise(bytes, "one\r\ntwo\r\n\r\nthree\npartial"), a);
}

TEST(LineSplitter, CrOrLfSkipsBlankLines) {
    LineSplitter s(LineSplitter::Ends::cr_or_lf);
    EXPECT_EQ(feed_bytewise(s, "123\r456\n789\r\n\r\n\n10\r"),
              (std::vector<std::string>{"123", "456", "789", "10"}));
}

TEST(LineSplitter, DollarRecordsDropCrLfAndNul) {
    LineSplitter s(LineSplitter::Ends::dollar);
    using namespace std::string_literals;
    const auto bytes = "A@P\0\rong@$\r\n\0B@Ping@\n$"s;
    ASSERT_EQ(bytes.size(), 22u);
    EXPECT_EQ(feed_bytewise(s, bytes), (std::vector<std::string>{"A@Pong@", "B@Ping@"}));
}

TEST(LineSplitter, LineOfExactlyTheLimitPassesOneMoreByteFails) {
    LineSplitter ok(LineSplitter::Ends::crlf, 4096);
    std::vector<std::string> lines;
    EXPECT_TRUE(ok.feed(std::string(4096, 'x') + "\r\n", [&](std::string_view l) { lines.emplace_back(l); }));
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].size(), 4096u);

    LineSplitter too_long(LineSplitter::Ends::crlf, 4096);
    bool result = true;
    auto got = feed_bytewise(too_long, std::string(4097, 'x') + "\r\nnext\r\n", &result);
    EXPECT_FALSE(result);
    EXPECT_TRUE(got.empty()) << "nothing after an over-long line is delivered";
    EXPECT_FALSE(too_long.feed("more\r\n", [](std::string_view) {}));
}
