#include "timing/participant_fields.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "timing/text_encoding.hpp"

namespace fl::timing {
namespace {

constexpr std::array<std::pair<Field, std::string_view>, 10> field_names{{
    {Field::bib, "bib"},
    {Field::name, "name"},
    {Field::gender, "gender"},
    {Field::age, "age"},
    {Field::birthdate, "birthdate"},
    {Field::event, "event"},
    {Field::wave, "wave"},
    {Field::category, "category"},
    {Field::team, "team"},
    {Field::chip, "chip"},
}};

// Printable ASCII without the space: what one token of a scanner or marshal line can hold.
bool token_text(std::string_view t, std::size_t max, std::string_view also_excluded = {}) {
    return !t.empty() && t.size() <= max && std::all_of(t.begin(), t.end(), [&](char c) {
               return c > 0x20 && c < 0x7f && also_excluded.find(c) == std::string_view::npos;
           });
}

// UTF-8 without control characters (C0, DEL, C1): every output can show it on one line.
bool plain_text(std::string_view t, std::size_t max) {
    if (t.size() > max || !is_utf8(t)) return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x20 || c == 0x7f) return false;
        // U+0080-U+009F are C2 80 - C2 9F.
        if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) < 0xA0) return false;
    }
    return true;
}

}  // namespace

std::string_view to_string(Field f) {
    for (const auto& [field, name] : field_names)
        if (field == f) return name;
    return "?";
}

std::optional<Field> parse_field(std::string_view name) {
    for (const auto& [field, n] : field_names)
        if (n == name) return field;
    return std::nullopt;
}

bool editable_field(std::string_view name) {
    return std::find(editable_fields.begin(), editable_fields.end(), name) != editable_fields.end();
}

std::string_view field_rule(Field f) {
    switch (f) {
    case Field::bib:
        return "1 to 32 ASCII letters, digits or punctuation without spaces (what a bib scanner, "
               "a marshal line and `finishline enter` can carry)";
    case Field::chip: return "1 to 64 ASCII letters, digits or punctuation without spaces or ';'";
    case Field::gender: return "M, F or X";
    case Field::age: return "a whole number from 0 to 120";
    case Field::birthdate: return "a date YYYY-MM-DD from 1900-01-01, not after the race date";
    case Field::category: return "UTF-8 text of at most 64 bytes without control characters";
    case Field::name:
    case Field::team:
    case Field::event:
    case Field::wave: return "UTF-8 text of at most 200 bytes without control characters";
    }
    return "?";
}

bool valid_bib(std::string_view bib) { return token_text(bib, max_bib_length); }

std::optional<int> parse_age(std::string_view a) {
    int v = -1;
    const auto [ptr, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
    if (a.empty() || ec != std::errc{} || ptr != a.data() + a.size() || v < 0 || v > max_age)
        return std::nullopt;
    return v;
}

std::optional<date::year_month_day> parse_birthdate(std::string_view value,
                                                    date::year_month_day race_date) {
    const auto d = parse_date(value);
    if (!d || d->year() < earliest_birth_year || date::sys_days{*d} > date::sys_days{race_date})
        return std::nullopt;
    return d;
}

std::string field_problem(Field f, std::string_view value, date::year_month_day race_date) {
    if (value.empty() && f != Field::bib) return {};
    bool ok = false;
    switch (f) {
    case Field::bib: ok = valid_bib(value); break;
    case Field::chip: ok = token_text(value, max_chip_length, ";"); break;
    case Field::gender: ok = parse_gender(value).has_value(); break;
    case Field::age: ok = parse_age(value).has_value(); break;
    case Field::birthdate: ok = parse_birthdate(value, race_date).has_value(); break;
    case Field::category: ok = plain_text(value, max_category_length); break;
    case Field::name:
    case Field::team:
    case Field::event:
    case Field::wave: ok = plain_text(value, max_name_length); break;
    }
    if (ok) return {};
    if (value.empty()) return fmt::format("missing {}: expected {}", to_string(f), field_rule(f));
    // A long value is cut short in the message: the line number says where the rest is.
    const auto head = value.size() > 60 ? shown(value.substr(0, 60)) + "..." : shown(value);
    const auto utf8 = utf8_problem(value);
    return fmt::format("bad {} '{}': expected {}{}", to_string(f), head, field_rule(f),
                       utf8.empty() ? "" : fmt::format(" ({})", utf8));
}

}  // namespace fl::timing
