#pragma once
// What the board shows, decided without ImGui: which rows, in which order, which place, which
// are highlighted, the race clocks and the finish-line histogram. The board view draws exactly
// this, and the tests check it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/backyard.hpp"
#include "results/standings.hpp"
#include "timing/time.hpp"

namespace fl::gui {

using timing::Duration;
using timing::Instant;

enum class FilterKind { overall, gender, category };

// One tab of an event's standings.
struct BoardFilter {
    FilterKind kind = FilterKind::overall;
    timing::Gender gender = timing::Gender::F;  // kind == gender
    std::string category;                       // kind == category
    std::string label;                          // "Overall", "Women", "F35-39"
    bool operator==(const BoardFilter&) const = default;
};

// Overall; then Women, Men, Non-binary for the genders entered; then each category present.
std::vector<BoardFilter> board_filters(const results::EventStandings& event);

// Case-insensitive: a bib that starts with the text, or a name that contains it. Surrounding
// spaces are ignored; an empty text matches everyone.
bool matches_search(const results::RunnerResult& r, std::string_view text);

// The rows of `event` to show, as indices into event.rows, in place order. Without a search
// only finishers (what spectators watch); with one, everyone who matches, so a runner still
// on course (or DNF, DQ, not started) can be found too.
std::vector<std::uint32_t> board_rows(const results::EventStandings& event,
                                      const BoardFilter& filter, std::string_view search);

// The place a filtered table shows: overall, gender or category place.
std::optional<int> shown_place(const results::Row& row, FilterKind kind);

// What stands in the time column of a runner without a result: "on course", "DNF", "DQ",
// "DNS" (did not start); "" for a finisher.
std::string_view status_text(const results::RunnerResult& r);

// A finish that reached us within `window` before `now` (clock time).
bool highlighted(const results::RunnerResult& r, Instant now, Duration window);

struct RaceClock {
    std::string event;
    bool started = false;       // the gun (recorded, or scheduled and passed) is behind us
    bool gun_recorded = false;  // false: running from the scheduled start
    Instant gun{};              // the event's first gun
    Duration elapsed{0};        // started: since the gun; else until the scheduled gun
    results::Counts counts;
    // A backyard ultra: the loop under way and the time left in it, how many are still in, and
    // the winner once the last loop finished alone is over ("" until then).
    std::optional<results::LoopClock> loop;
    int still_in = 0;
    std::string winner;
};
// One clock per event, from its first wave's gun.
std::vector<RaceClock> race_clocks(const results::Standings& s, Instant now);

struct LatestLine {
    std::shared_ptr<const results::RunnerResult> runner;
    std::optional<int> place;
    bool highlight = false;
};
// The latest finishers of the whole race, newest first, at most `max_lines`.
std::vector<LatestLine> latest_lines(const results::Standings& s, Instant now, Duration window,
                                     std::size_t max_lines);

struct FinishHistogram {
    Instant origin{};               // the event's first gun: minute 0 of race time
    std::int64_t first_minute = 0;  // bin 0 starts here: the first finisher's minute
    int bin_minutes = 1;            // widened so a long race fits in `max_bins`
    std::vector<float> counts;      // finishers per bin
    int peak = 0;
    std::size_t peak_bin = 0;
    int total = 0;
};
// Finishers per minute of race time for an event, from the first finisher's minute on.
FinishHistogram finish_histogram(const results::EventStandings& event, std::size_t max_bins = 180);

// A race clock: whole seconds passed, "H:MM:SS" ("-0:04:59" before the gun).
std::string format_clock(Duration d);

}  // namespace fl::gui
