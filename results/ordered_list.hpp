#pragma once
// Sorted vectors the engine keeps live: an event's ranking, the latest finishers, the runners
// in conflict. Changes come one by one while a race runs and all at once when it is re-scored;
// remove() and insert() take a batch, so a re-score sorts once instead of shifting the vector
// per runner.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
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

// Distinct values in the order of `Less` (which may look the values up elsewhere: it must not
// change for a value while the value is in the list).
template <class T, class Less = std::less<T>>
class OrderedList {
public:
    OrderedList() = default;
    explicit OrderedList(Less less) : less_(std::move(less)) {}

    std::span<const T> items() const { return items_; }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }
    const T& operator[](std::size_t i) const { return items_[i]; }
    void clear() { items_.clear(); }

    // Takes out every value of `removed` (each must be present); leaves `removed` in an
    // unspecified order.
    void remove(std::vector<T>& removed) {
        if (removed.size() <= one_by_one) {
            for (const auto& v : removed) items_.erase(std::lower_bound(items_.begin(), items_.end(), v, less_));
            return;
        }
        std::sort(removed.begin(), removed.end(), less_);
        items_.erase(std::remove_if(items_.begin(), items_.end(),
                                    [&](const T& v) { return std::binary_search(removed.begin(), removed.end(), v, less_); }),
                     items_.end());
    }

    // Puts in every value of `added` (none may be present); leaves `added` in an unspecified
    // order.
    void insert(std::vector<T>& added) {
        if (added.size() <= one_by_one) {
            for (auto& v : added) items_.insert(std::lower_bound(items_.begin(), items_.end(), v, less_), std::move(v));
            return;
        }
        std::sort(added.begin(), added.end(), less_);
        const auto kept = static_cast<std::ptrdiff_t>(items_.size());
        items_.insert(items_.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
        std::inplace_merge(items_.begin(), items_.begin() + kept, items_.end(), less_);
    }

    void apply(std::vector<T>& removed, std::vector<T>& added) {
        remove(removed);
        insert(added);
    }

private:
    // Up to this many changes, shifting the vector per change beats sorting and merging.
    static constexpr std::size_t one_by_one = 16;
    Less less_{};
    std::vector<T> items_;
};

}  // namespace fl::results
