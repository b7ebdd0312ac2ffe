#include "results/categories.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace fl::results {

int age_at(date::year_month_day born, date::year_month_day on) {
    int years = static_cast<int>(on.year()) - static_cast<int>(born.year());
    if (std::pair(unsigned(on.month()), unsigned(on.day())) <
        std::pair(unsigned(born.month()), unsigned(born.day())))
        --years;
    return years;
}

std::optional<int> runner_age(const timing::Participant& p, date::year_month_day race_date,
                              timing::AgeOn age_on) {
    if (p.birthdate) {
        const auto on = age_on == timing::AgeOn::year_end
                            ? date::year_month_day{race_date.year(), date::December, date::day{31}}
                            : race_date;
        return age_at(*p.birthdate, on);
    }
    return p.age;
}

std::string category_name(std::optional<timing::Gender> g, std::optional<int> age,
                          const std::vector<int>& lower_bounds) {
    if (!g || !age || lower_bounds.empty()) return {};
    const char letter = timing::to_char(*g);
    // The last bound not above the age; ages below the first bound join the first group.
    auto it = std::upper_bound(lower_bounds.begin(), lower_bounds.end(), *age);
    const auto i = it == lower_bounds.begin() ? 0 : static_cast<std::size_t>(it - lower_bounds.begin()) - 1;
    if (i + 1 == lower_bounds.size()) return fmt::format("{}{}+", letter, lower_bounds[i]);
    return fmt::format("{}{}-{}", letter, lower_bounds[i], lower_bounds[i + 1] - 1);
}

}  // namespace fl::results
