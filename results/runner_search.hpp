#pragma once
// Finding runners by what someone types on a phone: a bib, or part of a name, in any case and
// with or without accents (timing/text_fold says which letters fold).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "results/standings.hpp"

namespace fl::results {

struct SearchHits {
    std::vector<const Row*> rows;  // points into the Standings searched
    std::size_t total = 0;         // every match, also past the limit
};

// Every runner's name and bib folded once per snapshot: a search is then substring tests only,
// so a phone typing searches cannot hold the web server's thread (shared with ingest) for long.
// Holds the snapshot it points into.
class SearchIndex {
public:
    explicit SearchIndex(std::shared_ptr<const Standings> s);

    const Standings& standings() const { return *standings_; }
    // The runner whose bib is `text` (ASCII case ignored) first, then every runner whose name
    // (or bib) contains each blank-separated word of `text`, in event order and each event's
    // place order; at most `limit` rows. Nothing for text that is only blanks.
    SearchHits find(std::string_view text, std::size_t limit = 100) const;

private:
    struct Entry {
        const Row* row;
        std::string folded;  // the name, a space, the bib: folded for search
    };
    std::shared_ptr<const Standings> standings_;
    std::vector<Entry> entries_;
};

// One search without keeping an index (tests, one-off callers).
SearchHits search_runners(const Standings& s, std::string_view text, std::size_t limit = 100);

}  // namespace fl::results
