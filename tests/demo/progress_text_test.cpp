#include <gtest/gtest.h>

#include "tools/demo/progress_text.hpp"

using namespace fl::demo;

TEST(DemoProgressText, BarFillsWithTheShareDone) {
    EXPECT_EQ(progress_bar(0, 968, 10), "[..........]");
    EXPECT_EQ(progress_bar(484, 968, 10), "[#####.....]");
    EXPECT_EQ(progress_bar(967, 968, 10), "[#########.]");  // full only when all are in
    EXPECT_EQ(progress_bar(968, 968, 10), "[##########]");
    EXPECT_EQ(progress_bar(2000, 968, 4), "[####]");
    EXPECT_EQ(progress_bar(0, 0, 4), "[####]");  // nobody to wait for
}

TEST(DemoProgressText, LineShowsFinishersRateStoredAndClock) {
    Figures f;
    f.finished = 482;
    f.expected = 968;
    f.reads_per_second = 3411.6;
    f.records = 1'254'210;
    f.race_clock = "09:31:12";
    f.elapsed_s = 76.9;
    EXPECT_EQ(progress_line(f, 10),
              "[####......] 482/968 finished | 3,412 reads/s | 1,254,210 stored | race clock 09:31:12 | 1:16");
}

TEST(DemoProgressText, Grouped) {
    EXPECT_EQ(grouped(0), "0");
    EXPECT_EQ(grouped(999), "999");
    EXPECT_EQ(grouped(1000), "1,000");
    EXPECT_EQ(grouped(-1234567), "-1,234,567");
}
