// The bibs of a dead_heat correction, as the journal writer checks them and scoring groups them.
#include <gtest/gtest.h>

#include "timing/dead_heat.hpp"

namespace {

using fl::timing::dead_heat_bibs;
using Bibs = std::vector<std::string>;

TEST(DeadHeatBibs, SpacesAndOtherWhitespaceSeparateEachBibOnceInOrder) {
    EXPECT_EQ(dead_heat_bibs("12 34"), (Bibs{"12", "34"}));
    EXPECT_EQ(dead_heat_bibs("  12\t\t34 \r\n 007 "), (Bibs{"12", "34", "007"}));
    EXPECT_EQ(dead_heat_bibs("34 12 34"), (Bibs{"34", "12"}));
    EXPECT_EQ(dead_heat_bibs("7 007"), (Bibs{"7", "007"}));  // different bibs
    EXPECT_TRUE(dead_heat_bibs("").empty());
    EXPECT_TRUE(dead_heat_bibs(" \t ").empty());
}

}  // namespace
