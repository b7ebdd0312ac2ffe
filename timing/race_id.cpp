#include "timing/race_id.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "timing/text.hpp"
#include "timing/text_fold.hpp"
#include "timing/time.hpp"

namespace fl::timing {

namespace {
// Long enough to tell races apart at a glance, short enough for a topic typed by hand.
constexpr std::size_t max_name_part = 24;
}  // namespace

std::string race_id(const RaceConfig& race) {
    const auto folded = fold_for_search(race.name);
    std::string slug;
    for (const char c : folded) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            slug += c;
        } else if (!slug.empty() && slug.back() != '-') {
            slug += '-';
        }
        if (slug.size() >= max_name_part) break;
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    if (slug.empty()) slug = fmt::format("race-{:08x}", static_cast<std::uint32_t>(fnv1a(race.name)));
    auto date = format_date(race.date);
    std::erase(date, '-');
    return slug + "-" + date;
}

}  // namespace fl::timing
