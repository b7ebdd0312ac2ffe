#pragma once
// Finding runners by what someone types on a phone: a bib, or part of a name, in any case and
// with or without accents (timing/text_fold says which letters fold).
#include <cstddef>
#include <string_view>
#include <vector>

#include "results/standings.hpp"

namespace fl::results {

struct SearchHits {
    std::vector<const Row*> rows;  // points into the Standings searched
    std::size_t total = 0;         // every match, also past the limit
};

// The runner whose bib is `text` (ASCII case ignored) first, then every runner whose name (or
// bib) contains each blank-separated word of `text`, in event order and each event's place
// order; at most `limit` rows. Nothing for text that is only blanks.
SearchHits search_runners(const Standings& s, std::string_view text, std::size_t limit = 100);

}  // namespace fl::results
