// A RACE RESULT decoder whose clock has no date (0000-00-00), read the way timers do: its
// passings pulled on a later day than the race. Real loopback TCP, a real race file dated in the
// past (2014-04-12), the service on the wall clock; the decoder's clock is today's time of day
// in the race's zone. Results must be the ones of race day.
#include <gtest/gtest.h>

#include <functional>

#include "tests/ingest/child_process.hpp"
#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/parser_fixture.hpp"
#include "tests/ingest/served_race.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono;

namespace {

// What the decoder's GETTIME answers: the time of day now in the race's zone, `behind` slow.
// The zone is looked up and used once here, on the test's thread, before the decoder's thread
// exists: the date library loads a zone's rules lazily, behind synchronisation that
// ThreadSanitizer cannot see (libdate-tz is not instrumented), so a first use from two threads
// at once is reported as a race.
std::function<std::string()> decoder_clock(timing::Duration behind) {
    const timing::RaceCalendar calendar(date::year{2014} / 4 / 12,
                                        timing::find_zone("America/Toronto"), hours{7});
    (void)calendar.local_time(timing::RaceCalendar::now());
    return [behind, calendar] { return calendar.local_time(timing::RaceCalendar::now() - behind); };
}

std::string decoder_reader(std::uint16_t port) {
    return fmt::format("[[readers]]\nname = \"decoder\"\nprotocol = \"raceresult\"\n"
                       "connect = \"127.0.0.1:{}\"\ntiming_point = \"finish\"\n"
                       "poll_interval = \"00:00:00.050\"\n",
                       port);
}

// Race-day passings: bib 1 (wave A, gun 07:00) and bib 3 (wave B, gun 07:05), both EDT (UTC-4).
const std::string bib1 = "CT0001;0000-00-00;07:31:05.500;6692;12;-68;09ca52";
const std::string bib3 = "CT0003;0000-00-00;07:40:00.250;6692;40;-60;ff;1;2;3;0;77;3.1;21;0;Box;1;2;B9";

}  // namespace

TEST(RaceResultClock, PassingsPulledAfterTheRaceDayScoreAsOnRaceDay) {
    RaceResultDecoder decoder(decoder_clock(timing::Duration{0}));
    decoder.add(bib1);
    decoder.add(bib3);
    ServedRace race(decoder_reader(decoder.port()));
    race.start();
    ASSERT_TRUE(wait_for([&] { return race.count("reads") == 2; })) << race.log_text();

    // Stored as the decoder said: race-day instants, no offset.
    const auto reads = race.file().reads();
    ASSERT_EQ(reads.size(), 2u);
    EXPECT_EQ(reads[0].device_time, utc(2014, 4, 12, 11, 31, 5, 500'000));
    EXPECT_EQ(reads[1].device_time, utc(2014, 4, 12, 11, 40, 0, 250'000));
    EXPECT_EQ(reads[0].flags, 0);

    // The offset measured is the decoder's against ours within the round trip, not the days
    // between the race and today.
    const auto syncs = race.file().clock_syncs();
    ASSERT_FALSE(syncs.empty());
    EXPECT_LT(abs(syncs.back().offset), milliseconds{500}) << syncs.back().offset.count() << " us";
    ASSERT_TRUE(race.status("decoder").clock_offset.has_value());
    EXPECT_LT(abs(*race.status("decoder").clock_offset), milliseconds{500});
    EXPECT_FALSE(ingest::clock_warning(race.status("decoder")).has_value());

    // Scored as on race day: 0:31:05.5 after wave A's gun, 0:35:00.25 after wave B's.
    std::optional<timing::Duration> t1, t3;
    ASSERT_TRUE(wait_for([&] {
        const auto s = race.service().standings();
        const auto* r1 = s->find_bib("1");
        const auto* r3 = s->find_bib("3");
        if (!r1 || !r3) return false;
        t1 = r1->runner->gun_time;
        t3 = r3->runner->gun_time;
        return t1 && t3;
    })) << race.log_text();
    EXPECT_LT(abs(*t1 - (minutes{31} + milliseconds{5'500})), milliseconds{500}) << t1->count();
    EXPECT_LT(abs(*t3 - (minutes{35} + milliseconds{250})), milliseconds{500}) << t3->count();
}

// `finishline serve` and `finishline status` as a timer runs them, with a decoder 5 minutes
// slow: the offset is applied to the results, and status and the log say so and what to do.
TEST(RaceResultClock, AnOffsetOverAMinuteIsWarnedAboutAndApplied) {
    // 5 min 0.25 s slow: the measured offset (midpoint of GETTIME's round trip) stays within
    // +0:05:00.xxx however late the answer comes under load (< 250 ms either way).
    RaceResultDecoder decoder(decoder_clock(minutes{5} + milliseconds{250}));
    decoder.add(bib1);
    TempDir dir;
    const auto path = dir.file("race.db");
    {
        auto file = timing::RaceFile::init(path, race_head + decoder_reader(decoder.port()) +
                                                     "[marshal]\nlisten = \"127.0.0.1:0\"\n",
                                           "race.toml", dir.path().string());
        timing::import_participants_csv(file, participants_csv, "participants.csv");
    }
    const auto err = dir.file("serve.err");
    ChildProcess serve({FL_BINARY, "serve", path}, dir.file("serve.out"), err);
    ASSERT_TRUE(wait_for([&] { return slurp(err).find("warning: clock offset +0:05:00.") != std::string::npos; }))
        << slurp(err);
    const auto log = slurp(err);
    EXPECT_NE(log.find("set clock_offset = \"0:00:00\" on reader decoder in the race config"), std::string::npos)
        << log;

    const auto status = run_command({FL_BINARY, "status", path}, dir.path().string());
    EXPECT_EQ(status.exit_code, 0) << status.err;
    EXPECT_NE(status.out.find("warning: decoder: clock offset +0:05:00."), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("reader decoder's clock is behind this computer's"), std::string::npos)
        << status.out;
    EXPECT_NE(status.out.find("(!)"), std::string::npos) << status.out;

    ASSERT_TRUE(wait_for([&] {
        timing::RaceFile f(path, timing::RaceFile::Access::read_only);
        return f.count("reads") == 1;
    })) << slurp(err);
    serve.signal(SIGTERM);
    EXPECT_EQ(serve.wait(), 0) << slurp(err);

    // 0:31:05.5 on the decoder's clock, 5 min 0.25 s slow: 0:36:05.75 after the gun, shown 0:36:06.
    const auto results = run_command({FL_BINARY, "results", path}, dir.path().string());
    EXPECT_EQ(results.exit_code, 0) << results.err;
    const auto at = results.out.find(",1,Ann Runner,");
    ASSERT_NE(at, std::string::npos) << results.out;
    const auto row = results.out.substr(at, results.out.find('\n', at) - at);
    EXPECT_NE(row.find(",0:36:06,0:36:06,"), std::string::npos) << row;
}
