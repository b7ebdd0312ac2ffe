#pragma once
// The board's results table sized to what it will show: each fixed column as wide as the widest
// text it can hold for this event ("Wheelchair (12)", a bib "W1234", "on course", a 10-hour
// time), measured in the font in use — so nothing is clipped at any text size, and the widths
// stay put while the board pages through the list.
#include <functional>
#include <string_view>

#include "results/standings.hpp"
#include "timing/time.hpp"

namespace fl::gui {

struct ResultColumns {
    float place = 0, bib = 0, category = 0, time = 0, pace = 0;
};

// `width` measures a text in the font the table is drawn in; each column is at least as wide
// as its header.
ResultColumns measure_result_columns(const results::EventStandings& e, timing::Resolution display,
                                     const std::function<float(std::string_view)>& width);

}  // namespace fl::gui
