// The race id that names a race's MQTT topics, worked by hand from the rule in race_id.hpp.
#include <gtest/gtest.h>

#include "timing/race_id.hpp"

using namespace fl::timing;

namespace {

RaceConfig race(std::string name, date::year_month_day day) {
    RaceConfig c;
    c.name = std::move(name);
    c.date = day;
    return c;
}

using date::day;
using date::month;
using date::year;

}  // namespace

TEST(RaceId, NameLoweredWithRunsOfOtherCharactersAsOneDashThenTheDate) {
    EXPECT_EQ(race_id(race("PyCon 5K Fun Run", year{2026} / 5 / 3)), "pycon-5k-fun-run-20260503");
    EXPECT_EQ(race_id(race("  Boston Marathon!! ", year{2017} / 4 / 17)), "boston-marathon-20170417");
    EXPECT_EQ(race_id(race("Relay/Half #2 + more", year{2026} / 12 / 2)), "relay-half-2-more-20261202");
}

TEST(RaceId, AccentsFoldToAscii) {
    EXPECT_EQ(race_id(race("Course de la Mère Noël", year{2026} / 12 / 24)), "course-de-la-mere-noel-20261224");
    EXPECT_EQ(race_id(race("Łódź Półmaraton", year{2026} / 5 / 10)), "lodz-polmaraton-20260510");
}

TEST(RaceId, LongNamesAreCutAt24Characters) {
    // "the-very-long-name-of-a-" is 24 characters; the trailing dash goes.
    EXPECT_EQ(race_id(race("The Very Long Name of a Charity Trail Ultra", year{2026} / 6 / 1)),
              "the-very-long-name-of-a-20260601");
}

TEST(RaceId, NameWithoutLatinLettersUsesItsHash) {
    const auto id = race_id(race("東京マラソン", year{2026} / 3 / 1));
    ASSERT_EQ(id.size(), std::string("race-12345678-20260301").size()) << id;
    EXPECT_TRUE(id.starts_with("race-")) << id;
    EXPECT_TRUE(id.ends_with("-20260301")) << id;
    EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos) << id;
    // The same name gives the same id (a site and the finish agree); another name another.
    EXPECT_EQ(id, race_id(race("東京マラソン", year{2026} / 3 / 1)));
    EXPECT_NE(id, race_id(race("大阪マラソン", year{2026} / 3 / 1)));
}

TEST(RaceId, SameNameOtherDateIsAnotherRace) {
    EXPECT_NE(race_id(race("PyCon 5K", year{2026} / 5 / 3)), race_id(race("PyCon 5K", year{2027} / 5 / 3)));
}
