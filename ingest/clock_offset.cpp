#include "ingest/clock_offset.hpp"

#include <date/tz.h>
#include <fmt/format.h>

namespace fl::ingest {

using namespace std::chrono;

timing::Duration local_time_of_day(const timing::RaceCalendar& calendar, timing::Instant t) {
    const auto local = date::make_zoned(calendar.zone(), t).get_local_time();
    return local - date::floor<date::days>(local);
}

timing::Duration time_of_day_offset(timing::Duration ours, timing::Duration device) {
    constexpr timing::Duration day = hours{24};
    auto d = (ours - device) % day;
    if (d >= day / 2) d -= day;
    else if (d < -day / 2) d += day;
    return d;
}

std::string signed_offset_text(timing::Duration offset) {
    const auto text = timing::format_duration_ms(offset);
    return offset.count() < 0 ? text : "+" + text;
}

std::optional<std::string> clock_offset_warning(std::string_view reader, timing::Duration offset) {
    if (abs(offset) <= large_clock_offset) return std::nullopt;
    return fmt::format(
        "clock offset {} is over {} min: reader {}'s clock is {} this computer's. Its times are "
        "corrected by it. If this computer's clock is the wrong one, set it right and restart "
        "serve, or set clock_offset = \"0:00:00\" on reader {} in the race config (re-run init, "
        "then restart serve); "
        "do not set the reader's clock during a race",
        signed_offset_text(offset), duration_cast<minutes>(large_clock_offset).count(), reader,
        offset.count() > 0 ? "behind" : "ahead of", reader);
}

}  // namespace fl::ingest
