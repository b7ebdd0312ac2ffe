#include "timing/records.hpp"

#include <array>
#include <utility>

namespace fl::timing {
namespace {

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view text) {
    for (const auto& [value, name] : table)
        if (name == text) return value;
    return std::nullopt;
}
template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "?";
}

constexpr std::array<std::pair<ReadKind, std::string_view>, 3> read_kinds{{
    {ReadKind::tag, "tag"}, {ReadKind::gun, "gun"}, {ReadKind::marker, "marker"}}};
constexpr std::array<std::pair<EntryKind, std::string_view>, 4> entry_kinds{{
    {EntryKind::finish, "finish"}, {EntryKind::scan, "scan"}, {EntryKind::tap, "tap"},
    {EntryKind::gun, "gun"}}};
constexpr std::array<std::pair<CorrectionKind, std::string_view>, 12> correction_kinds{{
    {CorrectionKind::ignore_read, "ignore_read"},
    {CorrectionKind::assign_read, "assign_read"},
    {CorrectionKind::assign_chip, "assign_chip"},
    {CorrectionKind::add_finish, "add_finish"},
    {CorrectionKind::move_finish, "move_finish"},
    {CorrectionKind::set_gun, "set_gun"},
    {CorrectionKind::dq, "dq"},
    {CorrectionKind::dnf, "dnf"},
    {CorrectionKind::dead_heat, "dead_heat"},
    {CorrectionKind::prefer_manual, "prefer_manual"},
    {CorrectionKind::undo, "undo"},
    {CorrectionKind::edit_participant, "edit_participant"},
}};
static_assert(correction_kinds.size() == static_cast<std::size_t>(CorrectionKind::edit_participant) + 1,
              "every correction kind needs a name");

}  // namespace

std::optional<Gender> parse_gender(std::string_view t) {
    if (t.size() != 1) return std::nullopt;
    switch (t[0]) {
        case 'M': case 'm': return Gender::M;
        case 'F': case 'f': return Gender::F;
        case 'X': case 'x': return Gender::X;
        default: return std::nullopt;
    }
}
char to_char(Gender g) { return g == Gender::M ? 'M' : g == Gender::F ? 'F' : 'X'; }

std::string_view to_string(ReadKind k) { return name_of(read_kinds, k); }
std::optional<ReadKind> parse_read_kind(std::string_view t) { return lookup(read_kinds, t); }
std::string_view to_string(EntryKind k) { return name_of(entry_kinds, k); }
std::optional<EntryKind> parse_entry_kind(std::string_view t) { return lookup(entry_kinds, t); }
std::string_view to_string(CorrectionKind k) { return name_of(correction_kinds, k); }
std::optional<CorrectionKind> parse_correction_kind(std::string_view t) {
    return lookup(correction_kinds, t);
}

}  // namespace fl::timing
