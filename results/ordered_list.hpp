#pragma once
// Sorted vectors the engine keeps live: an event's ranking, the latest finishers, the runners
// in conflict. Changes come one by one while a race runs and all at once when it is re-scored;
// apply() takes a batch, so a re-score sorts once instead of shifting the vector per runner.
#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace fl::results {

// Inserts `value` in sorted order unless an equal element is there; false when it was.
template <class T, class Less>
bool insert_sorted_unique(std::vector<T>& v, T value, Less less) {
    auto it = std::lower_bound(v.begin(), v.end(), value, less);
    if (it != v.end() && !less(value, *it)) return false;
    v.insert(it, std::move(value));
    return true;
}

// Distinct values in ascending order (T's operator<).
template <class T>
class OrderedList {
public:
    std::span<const T> items() const { return items_; }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }
    const T& operator[](std::size_t i) const { return items_[i]; }
    void clear() { items_.clear(); }

    // Takes out every value of `removed` (each must be present) and puts in every value of
    // `added` (none may be present). Both are left in an unspecified order.
    void apply(std::vector<T>& removed, std::vector<T>& added) {
        if (removed.size() + added.size() <= one_by_one) {
            for (const auto& v : removed) items_.erase(std::lower_bound(items_.begin(), items_.end(), v));
            for (auto& v : added) items_.insert(std::lower_bound(items_.begin(), items_.end(), v), std::move(v));
            return;
        }
        std::sort(removed.begin(), removed.end());
        std::sort(added.begin(), added.end());
        if (!removed.empty())
            items_.erase(std::remove_if(items_.begin(), items_.end(),
                                        [&](const T& v) {
                                            return std::binary_search(removed.begin(), removed.end(), v);
                                        }),
                         items_.end());
        const auto kept = static_cast<std::ptrdiff_t>(items_.size());
        items_.insert(items_.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
        std::inplace_merge(items_.begin(), items_.begin() + kept, items_.end());
    }

private:
    // Up to this many changes, shifting the vector per change beats sorting and merging.
    static constexpr std::size_t one_by_one = 16;
    std::vector<T> items_;
};

}  // namespace fl::results
