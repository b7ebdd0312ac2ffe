// The reader protocol names: what the config file, the race file and `simulate --protocol`
// spell (README, [[readers]]: chronotrack | raceresult | mylaps | bibscan), exactly and only.
#include "timing/reader_protocol.hpp"

#include <gtest/gtest.h>

namespace fl::timing {
namespace {

TEST(ReaderProtocol, EachNameReadsBackToItsProtocol) {
    EXPECT_EQ(parse_protocol("chronotrack"), Protocol::chronotrack);
    EXPECT_EQ(parse_protocol("raceresult"), Protocol::raceresult);
    EXPECT_EQ(parse_protocol("mylaps"), Protocol::mylaps);
    EXPECT_EQ(parse_protocol("bibscan"), Protocol::bibscan);
    EXPECT_EQ(protocol_name(Protocol::chronotrack), "chronotrack");
    EXPECT_EQ(protocol_name(Protocol::raceresult), "raceresult");
    EXPECT_EQ(protocol_name(Protocol::mylaps), "mylaps");
    EXPECT_EQ(protocol_name(Protocol::bibscan), "bibscan");
    EXPECT_EQ(fmt::format("{} devices", Protocol::mylaps), "mylaps devices");
}

TEST(ReaderProtocol, NamesAreExactAndCaseSensitive) {
    EXPECT_EQ(parse_protocol("ChronoTrack"), std::nullopt);
    EXPECT_EQ(parse_protocol("chronotrak"), std::nullopt);
    EXPECT_EQ(parse_protocol(" mylaps"), std::nullopt);
    EXPECT_EQ(parse_protocol(""), std::nullopt);
}

TEST(ReaderProtocol, ChoicesListEveryNameForAMessage) {
    EXPECT_EQ(protocol_choices("\""), "\"chronotrack\", \"raceresult\", \"mylaps\" or \"bibscan\"");
    EXPECT_EQ(protocol_choices(), "chronotrack, raceresult, mylaps or bibscan");
}

TEST(ReaderProtocol, OnlyTheRaceResultDecoderIsDialled) {
    EXPECT_TRUE(device_connects(Protocol::chronotrack));
    EXPECT_TRUE(device_connects(Protocol::mylaps));
    EXPECT_TRUE(device_connects(Protocol::bibscan));
    EXPECT_FALSE(device_connects(Protocol::raceresult));
}

}  // namespace
}  // namespace fl::timing
