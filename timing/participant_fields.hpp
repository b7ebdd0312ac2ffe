#pragma once
// What each participant field may hold: one rule per field, applied by the participants import,
// the marshal protocol's EDIT (and so the console) and the CLI. A value that passes can be
// carried by every way in (a scanner line, a marshal line, `finishline enter`) and shown by every
// output; import refuses what could not be used later.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "timing/records.hpp"

namespace fl::timing {

enum class Field { bib, name, gender, age, birthdate, event, wave, category, team, chip };
std::string_view to_string(Field f);
std::optional<Field> parse_field(std::string_view name);  // "bib", "name", ... (lower case)

// The fields an EDIT (an edit_participant correction) may change, in the order messages and the
// console list them: every field but the bib (the key) and chips (ASSIGN). Each name is a
// literal, so data() is NUL-terminated for ImGui.
inline constexpr std::array<std::string_view, 8> editable_fields{
    "name", "gender", "age", "birthdate", "category", "team", "wave", "event"};
bool editable_field(std::string_view name);

inline constexpr std::size_t max_bib_length = 32;
inline constexpr std::size_t max_chip_length = 64;
inline constexpr std::size_t max_name_length = 200;  // bytes of UTF-8: name, team, event, wave
inline constexpr std::size_t max_category_length = 64;
inline constexpr int max_age = 120;
inline constexpr date::year earliest_birth_year{1900};

// The rule in words, as messages say it after "expected": "a whole number from 0 to 120".
std::string_view field_rule(Field f);

// Why `value` cannot be the field, naming the value and the rule ("bad age '-3': expected a whole
// number from 0 to 120"), or "" when it can. An empty value means "not given" and passes for every
// field but bib. A birthdate may not be after `race_date`. Event and wave are checked as text here;
// whether the race has them is the config's to say.
std::string field_problem(Field f, std::string_view value, date::year_month_day race_date);

// A bib as scanners, marshal lines and `finishline enter` carry it: 1-32 printable ASCII
// characters, no spaces.
bool valid_bib(std::string_view bib);

// The parsed value when it passes the field's rule, else nullopt.
std::optional<int> parse_age(std::string_view value);
std::optional<date::year_month_day> parse_birthdate(std::string_view value,
                                                    date::year_month_day race_date);

}  // namespace fl::timing
