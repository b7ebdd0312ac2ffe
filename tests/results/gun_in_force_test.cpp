// The gun in force for a wave, hand-worked on the test course (10K: waves A +0 and B +10 min,
// a start point; 5K: one start, a start point).
#include <gtest/gtest.h>

#include "results/gun_in_force.hpp"
#include "tests/results/rule_inputs.hpp"

namespace fl::results::test {
namespace {

RecordedGun gun_entry(std::int64_t id, std::int64_t known, std::int64_t time, std::optional<std::int64_t> event,
                      std::optional<std::int64_t> wave = std::nullopt) {
    return {known, GunRecord::entry, id, event, wave, -1, time};
}

RecordedGun gun_read(std::int64_t id, std::int64_t known, std::int64_t time, int point) {
    return {known, GunRecord::read, id, std::nullopt, std::nullopt, point, time};
}

TEST(GunInForce, TheScheduleUntilAGunIsRecorded) {
    Course c;
    const auto& ten = c.ten_k();
    EXPECT_EQ(gun_in_force(ten, ten.waves[1], {}, {}), (Gun{c.at(600), GunSource::scheduled}));
}

TEST(GunInForce, AnEventGunMovesEachWaveByItsOffsetAWaveGunItsWaveOnly) {
    Course c;
    const auto& ten = c.ten_k();
    const std::vector<RecordedGun> event_gun{gun_entry(1, c.at(31), c.at(30), ev10k)};
    EXPECT_EQ(gun_in_force(ten, ten.waves[0], {}, event_gun), (Gun{c.at(30), GunSource::recorded}));
    EXPECT_EQ(gun_in_force(ten, ten.waves[1], {}, event_gun), (Gun{c.at(630), GunSource::recorded}));
    // A later gun for wave B alone is B's start; A keeps the event's.
    const std::vector<RecordedGun> both{event_gun[0], gun_entry(2, c.at(700), c.at(655), ev10k, wave_b)};
    EXPECT_EQ(gun_in_force(ten, ten.waves[1], {}, both).time, c.at(655));
    EXPECT_EQ(gun_in_force(ten, ten.waves[0], {}, both).time, c.at(30));
    // A gun for every event (no event named) counts for the 5K too; one for the 10K does not.
    const std::vector<RecordedGun> all{gun_entry(3, c.at(1802), c.at(1801), std::nullopt)};
    EXPECT_EQ(gun_in_force(c.five_k(), c.five_k().waves[0], {}, all).time, c.at(1801));
    EXPECT_EQ(gun_in_force(c.five_k(), c.five_k().waves[0], {}, event_gun).source, GunSource::scheduled);
}

TEST(GunInForce, TheLatestRecordedGunWinsAndADeviceGunCountsAtAStartPoint) {
    Course c;
    const auto& ten = c.ten_k();
    // Known at the same moment: a read after an entry; otherwise the one known later.
    const std::vector<RecordedGun> guns{gun_entry(5, c.at(40), c.at(2), ev10k), gun_read(9, c.at(40), c.at(1), at_start),
                                        gun_read(3, c.at(20), c.at(5), at_start)};
    EXPECT_EQ(gun_in_force(ten, ten.waves[0], {}, guns).time, c.at(1));
    // A device gun at a split point starts nothing.
    const std::vector<RecordedGun> at_split{gun_read(9, c.at(40), c.at(1), at_km5)};
    EXPECT_EQ(gun_in_force(ten, ten.waves[0], {}, at_split).source, GunSource::scheduled);
}

TEST(GunInForce, AnOfficialsSetGunBeatsRecordedGuns) {
    Course c;
    const auto& ten = c.ten_k();
    const std::vector<RecordedGun> recorded{gun_entry(1, c.at(31), c.at(30), ev10k)};
    std::vector<GunCorrection> set{{4, ev10k, std::nullopt, timing::instant_from_micros(c.at(20))},
                                   {7, ev10k, wave_b, timing::instant_from_micros(c.at(640))}};
    EXPECT_EQ(gun_in_force(ten, ten.waves[0], set, recorded), (Gun{c.at(20), GunSource::corrected}));
    // Wave B: its own set_gun (the latest, id 7), not the event's plus the offset.
    EXPECT_EQ(gun_in_force(ten, ten.waves[1], set, recorded).time, c.at(640));
    set[1].id = 2;  // the event's set_gun is now the latest for B
    EXPECT_EQ(gun_in_force(ten, ten.waves[1], set, recorded).time, c.at(620));
}

}  // namespace
}  // namespace fl::results::test
