#include "results/runner_search.hpp"

#include <string>

#include "timing/text.hpp"
#include "timing/text_fold.hpp"

namespace fl::results {

SearchIndex::SearchIndex(std::shared_ptr<const Standings> s) : standings_(std::move(s)) {
    for (const auto& e : standings_->events) {
        for (const auto& row : e->rows) {
            Entry entry{&row, {}};
            timing::fold_for_search(row.runner->name, entry.folded);
            entry.folded += ' ';
            timing::fold_for_search(row.runner->bib, entry.folded);
            entries_.push_back(std::move(entry));
        }
    }
}

SearchHits SearchIndex::find(std::string_view text, std::size_t limit) const {
    SearchHits hits;
    const auto wanted = timing::trim(text);
    if (wanted.empty()) return hits;
    // Named: a range-for keeps only the outermost temporary alive (the split's vector), so the
    // folded text its views point into must outlive the loop.
    const auto folded = timing::fold_for_search(wanted);
    std::vector<std::string> words;
    for (const auto w : timing::split(folded, ' '))
        if (!timing::trim(w).empty()) words.emplace_back(timing::trim(w));
    auto add = [&](const Row& row) {
        ++hits.total;
        if (hits.rows.size() < limit) hits.rows.push_back(&row);
    };
    const Row* by_bib = nullptr;
    for (const auto& entry : entries_) {
        if (timing::iequals(entry.row->runner->bib, wanted)) {
            by_bib = entry.row;
            break;
        }
    }
    if (by_bib) add(*by_bib);
    for (const auto& entry : entries_) {
        if (entry.row == by_bib) continue;
        bool all = !words.empty();
        for (const auto& w : words) all = all && entry.folded.find(w) != std::string::npos;
        if (all) add(*entry.row);
    }
    return hits;
}

SearchHits search_runners(const Standings& s, std::string_view text, std::size_t limit) {
    // Not owned: the index lives only as long as this call.
    return SearchIndex(std::shared_ptr<const Standings>(&s, [](const Standings*) {})).find(text, limit);
}

}  // namespace fl::results
