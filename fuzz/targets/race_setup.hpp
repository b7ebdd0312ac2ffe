#pragma once
// The races the fuzz targets run against: a 5K with waves A and B plus a 1K on 2014-04-12 in
// Toronto, with one reader per protocol shape, ids set as a race file would set them. Built
// once per process (parsing TOML and finding the zone per input would swamp the parsers).
#include <string_view>

#include "timing/config.hpp"
#include "timing/time.hpp"

namespace fl::fuzz {

struct RaceSetup {
    explicit RaceSetup(timing::RaceConfig cfg);

    const timing::ReaderConfig& reader(std::string_view name) const;

    timing::RaceConfig config;
    timing::RaceCalendar calendar;
    timing::Instant now;  // "received at": 10:00 local on the race day, the same for every feed
};

// The device readers: ct (single location), ct-multi (locations start/finish), mylaps
// (locations 10KM → finish), mylaps-start (timing_point start), rr, scan. No marshal token.
const RaceSetup& device_race();
// The same race with [marshal] token = "s3cret-finish-line".
const RaceSetup& token_race();

// Race configs for the import target's race files: two events (5K waves A/B, 1K) and one
// event (5K waves A/B, as examples/race.toml).
std::string_view two_event_race_toml();
std::string_view one_event_race_toml();

}  // namespace fl::fuzz
