#pragma once
// Line splitting, checked two ways: a second, deliberately naive reading of LineSplitter's
// contract (line_splitter.hpp) on the whole input, against the real splitter fed the same
// bytes in the chunks a socket might deliver them in.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/line_splitter.hpp"

namespace fl::fuzz {

struct ExpectedLines {
    std::vector<std::string> lines;  // delivered, in order, without terminators
    bool overflow = false;           // a line outgrew the limit: feed() must return false
};

ExpectedLines expected_lines(ingest::LineSplitter::Ends ends, std::size_t max_bytes,
                             std::string_view bytes);

// Chunkings of `bytes`: whole; one byte at a time (long inputs: every line-ending byte on its
// own); and two pseudo-random ones seeded from the bytes themselves, so a failing input
// reproduces. The first is always the whole input.
std::vector<std::vector<std::string_view>> chunkings(std::string_view bytes);

// Feeds every chunking through a fresh LineSplitter and requires exactly `expected`.
void check_line_splitter(ingest::LineSplitter::Ends ends, std::size_t max_bytes,
                         const std::vector<std::vector<std::string_view>>& plans,
                         const ExpectedLines& expected);

std::string_view as_text(const void* data, std::size_t size);

}  // namespace fl::fuzz
