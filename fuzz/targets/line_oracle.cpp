#include "fuzz/targets/line_oracle.hpp"

#include <algorithm>
#include <cstdint>

#include "fuzz/targets/violation.hpp"
#include "ingest/parse_output.hpp"
#include "ingest/record_hash.hpp"

namespace fl::fuzz {
namespace {

using Ends = ingest::LineSplitter::Ends;

bool ends_line(Ends ends, char c) {
    switch (ends) {
        case Ends::crlf: return c == '\n';
        case Ends::cr_or_lf: return c == '\r' || c == '\n';
        case Ends::dollar: return c == '$';
    }
    return false;
}

// splitmix64: small, good enough to pick cut points, and the same on every machine.
std::uint64_t next(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

std::vector<std::string_view> random_chunks(std::string_view bytes, std::uint64_t seed,
                                            std::size_t max_chunk) {
    std::vector<std::string_view> out;
    while (!bytes.empty()) {
        const auto n = std::min<std::size_t>(bytes.size(), 1 + next(seed) % max_chunk);
        out.push_back(bytes.substr(0, n));
        bytes.remove_prefix(n);
    }
    return out;
}

}  // namespace

std::string_view as_text(const void* data, std::size_t size) {
    return size == 0 ? std::string_view{} : std::string_view(static_cast<const char*>(data), size);
}

ExpectedLines expected_lines(Ends ends, std::size_t max, std::string_view bytes) {
    std::string text;
    if (ends == Ends::dollar) {
        std::copy_if(bytes.begin(), bytes.end(), std::back_inserter(text),
                     [](char c) { return c != '\r' && c != '\n' && c != '\0'; });
    } else {
        text.assign(bytes);
    }
    ExpectedLines out;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = start;
        while (end < text.size() && !ends_line(ends, text[end])) ++end;
        std::string_view line(text.data() + start, end - start);
        // CRLF lines may hold one byte more than the limit when that byte is the CR of the
        // terminator (it is dropped with the LF).
        const bool too_long =
            ends == Ends::crlf
                ? line.size() > max + 1 || (line.size() == max + 1 && line.back() != '\r')
                : line.size() > max;
        if (too_long) {
            out.overflow = true;
            return out;
        }
        if (end == text.size()) return out;  // an unfinished line is never delivered
        if (ends == Ends::crlf && !line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!(ends == Ends::cr_or_lf && line.empty())) out.lines.emplace_back(line);
        start = end + 1;
    }
}

std::vector<std::vector<std::string_view>> chunkings(std::string_view bytes) {
    std::vector<std::vector<std::string_view>> plans;
    plans.push_back({bytes});
    std::vector<std::string_view> fine;
    if (bytes.size() <= 256) {
        for (std::size_t i = 0; i < bytes.size(); ++i) fine.push_back(bytes.substr(i, 1));
    } else {
        // One byte at a time costs a feed per byte: on long inputs, cut on both sides of every
        // byte that ends or is dropped from a line instead (CR|LF is the split that matters).
        std::size_t start = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            const char c = bytes[i];
            if (c != '\r' && c != '\n' && c != '$' && c != '\0') continue;
            if (i > start) fine.push_back(bytes.substr(start, i - start));
            fine.push_back(bytes.substr(i, 1));
            start = i + 1;
        }
        if (start < bytes.size()) fine.push_back(bytes.substr(start));
    }
    plans.push_back(std::move(fine));
    const auto seed = static_cast<std::uint64_t>(ingest::record_hash(bytes));
    plans.push_back(random_chunks(bytes, seed, bytes.size() <= 1024 ? 7 : 64));
    plans.push_back(random_chunks(bytes, seed ^ 0x5eed, 700));
    return plans;
}

void check_line_splitter(Ends ends, std::size_t max,
                         const std::vector<std::vector<std::string_view>>& plans,
                         const ExpectedLines& expected) {
    for (std::size_t p = 0; p < plans.size(); ++p) {
        ingest::LineSplitter splitter(ends, max);
        std::vector<std::string> lines;
        bool overflow = false;
        for (const auto chunk : plans[p]) {
            if (!splitter.feed(chunk, [&](std::string_view line) { lines.emplace_back(line); })) {
                overflow = true;
                break;
            }
            require(splitter.buffered() <= max + 1, "the splitter buffers {} bytes, over its bound {}",
                    splitter.buffered(), max);
        }
        if (overflow) {
            const auto before = lines.size();
            require(!splitter.feed("x\n$", [&](std::string_view line) { lines.emplace_back(line); }),
                    "a splitter past its limit accepted more bytes");
            require(lines.size() == before, "a splitter past its limit delivered another line");
        }
        for (const auto& line : lines) {
            require(line.size() <= max, "chunking {}: a line of {} bytes passed the {} byte limit", p,
                    line.size(), max);
        }
        require(overflow == expected.overflow, "chunking {}: overflow {} where {} was expected", p,
                overflow, expected.overflow);
        require(lines.size() == expected.lines.size(), "chunking {}: {} lines where {} were expected",
                p, lines.size(), expected.lines.size());
        for (std::size_t i = 0; i < lines.size(); ++i) {
            require(lines[i] == expected.lines[i], "chunking {}: line {} is \"{}\", expected \"{}\"", p,
                    i + 1, Shown{lines[i]}, Shown{expected.lines[i]});
        }
    }
}

}  // namespace fl::fuzz
