#pragma once
// A device clock against ours: how the offset of a clock that reports only a time of day is
// measured, and when an offset is large enough that a timer must look at it.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "timing/time.hpp"

namespace fl::ingest {

// Over this a device clock (or this computer's) is set wrong, not merely drifting: the offset
// is still applied, and the timer is told which clock to check.
inline constexpr timing::Duration large_clock_offset = std::chrono::minutes{1};

// The local time of day (race zone) at `t`.
timing::Duration local_time_of_day(const timing::RaceCalendar& calendar, timing::Instant t);

// The offset (ours − device) of a clock that reports a time of day without a date (RACE RESULT
// `0000-00-00`): the difference of the two times of day wrapped into [−12 h, +12 h), so a
// decoder read the day after the race, or either clock just past midnight, gives its real
// offset and not the days in between.
timing::Duration time_of_day_offset(timing::Duration ours, timing::Duration device);

// "+0:05:00.000" / "-0:00:02.500".
std::string signed_offset_text(timing::Duration offset);

// What a timer must be told about an offset measured from `reader`'s clock over
// large_clock_offset (nullopt when within it), with what to do.
std::optional<std::string> clock_offset_warning(std::string_view reader, timing::Duration offset);

}  // namespace fl::ingest
