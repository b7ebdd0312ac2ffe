#include "results/runner_search.hpp"

#include <string>

#include "timing/text.hpp"
#include "timing/text_fold.hpp"

namespace fl::results {

SearchHits search_runners(const Standings& s, std::string_view text, std::size_t limit) {
    SearchHits hits;
    const auto wanted = timing::trim(text);
    if (wanted.empty()) return hits;
    std::vector<std::string> words;
    for (const auto w : timing::split(timing::fold_for_search(wanted), ' '))
        if (!timing::trim(w).empty()) words.emplace_back(timing::trim(w));
    auto add = [&](const Row& row) {
        ++hits.total;
        if (hits.rows.size() < limit) hits.rows.push_back(&row);
    };
    const Row* by_bib = nullptr;
    for (const auto& e : s.events)
        for (const auto& row : e->rows)
            if (!by_bib && timing::iequals(row.runner->bib, wanted)) by_bib = &row;
    if (by_bib) add(*by_bib);
    std::string name;  // one buffer for every runner's folded name and bib
    for (const auto& e : s.events) {
        for (const auto& row : e->rows) {
            if (&row == by_bib) continue;
            name.clear();
            timing::fold_for_search(row.runner->name, name);
            name += ' ';
            timing::fold_for_search(row.runner->bib, name);
            bool all = !words.empty();
            for (const auto& w : words) all = all && name.find(w) != std::string::npos;
            if (all) add(row);
        }
    }
    return hits;
}

}  // namespace fl::results
