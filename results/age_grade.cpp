#include "results/age_grade.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "results/error.hpp"
#include "timing/csv.hpp"
#include "timing/error.hpp"
#include "timing/text_file.hpp"

namespace fl::results {
namespace {

double to_double(std::string_view text, std::string_view source, std::size_t line,
                 std::string_view column) {
    double v = 0;
    const auto* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc{} || p != end || !std::isfinite(v))
        throw Error(fmt::format("{}:{}: {}: expected a number, got \"{}\"", source, line, column, text));
    return v;
}

int to_int(std::string_view text, std::string_view source, std::size_t line,
           std::string_view column) {
    int v = 0;
    const auto* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc{} || p != end)
        throw Error(fmt::format("{}:{}: {}: expected a whole number, got \"{}\"", source, line, column, text));
    return v;
}

}  // namespace

AgeGradeTable AgeGradeTable::parse(std::string_view csv_text, std::string_view source) {
    static constexpr std::array<std::string_view, 7> columns{
        "edition", "sex", "age", "event", "distance_km", "open_standard_sec", "age_factor"};
    AgeGradeTable t;
    std::vector<std::pair<std::array<int, 3>, Point>> rows;  // (edition, sex, age), point
    std::vector<timing::CsvRecord> records;
    try {
        records = timing::parse_csv(csv_text, source);
    } catch (const timing::Error& e) {
        throw Error(e.what());
    }
    std::array<int, columns.size()> at{};
    bool header = true;
    for (const auto& record : records) {
        const auto& fields = record.fields;
        const auto line = static_cast<std::size_t>(record.line);
        if (header) {
            header = false;
            for (std::size_t i = 0; i < columns.size(); ++i) {
                auto it = std::find(fields.begin(), fields.end(), columns[i]);
                if (it == fields.end())
                    throw Error(fmt::format("{}:{}: expected a header with the column \"{}\" "
                                            "(edition,sex,age,event,distance_km,open_standard_sec,"
                                            "age_factor)",
                                            source, line, columns[i]));
                at[i] = static_cast<int>(it - fields.begin());
            }
            continue;
        }
        if (fields.size() == 1 && fields[0].empty()) continue;
        auto field = [&](std::size_t i) -> std::string_view {
            const auto k = static_cast<std::size_t>(at[i]);
            if (k >= fields.size())
                throw Error(fmt::format("{}:{}: expected {} fields, found {}", source, line,
                                        columns.size(), fields.size()));
            return fields[k];
        };
        const int edition = to_int(field(0), source, line, "edition");
        const auto sex = field(1);
        if (sex != "M" && sex != "F")
            throw Error(fmt::format("{}:{}: sex: expected M or F, got \"{}\"", source, line, sex));
        const int age = to_int(field(2), source, line, "age");
        const auto event = std::string(field(3));
        Point p{to_double(field(4), source, line, "distance_km"),
                to_double(field(5), source, line, "open_standard_sec"),
                to_double(field(6), source, line, "age_factor")};
        if (p.distance_km <= 0 || p.open_standard_s <= 0 || p.factor <= 0 || p.factor > 1)
            throw Error(fmt::format("{}:{}: expected distance and standard > 0 and a factor in "
                                    "(0, 1]",
                                    source, line));
        if (std::none_of(t.events_.begin(), t.events_.end(),
                         [&](const auto& e) { return e.first == event; }))
            t.events_.emplace_back(event, p.distance_km * 1000.0);
        rows.push_back({{edition, sex[0], age}, p});
    }
    if (rows.empty()) throw Error(fmt::format("{}: no factor rows found", source));
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first, a.second.distance_km) < std::tie(b.first, b.second.distance_km);
    });
    for (const auto& [key, p] : rows) {
        if (t.series_.empty() || t.series_.back().edition != key[0] ||
            t.series_.back().sex != key[1] || t.series_.back().age != key[2])
            t.series_.push_back({key[0], static_cast<char>(key[1]), key[2], {}});
        auto& pts = t.series_.back().points;
        if (!pts.empty() && pts.back().distance_km == p.distance_km)
            throw Error(fmt::format("{}: edition {} {} age {} lists {} km twice", source, key[0],
                                    static_cast<char>(key[1]), key[2], p.distance_km));
        pts.push_back(p);
    }
    return t;
}

AgeGradeTable AgeGradeTable::load(const std::string& path) {
    const auto text = timing::read_text_file(path);
    if (!text)
        throw Error(fmt::format("cannot read the age-grading table '{}': check [results] "
                                "age_grade_table in the race config",
                                path));
    return parse(*text, path);
}

std::vector<int> AgeGradeTable::editions() const {
    std::vector<int> out;
    for (const auto& s : series_)
        if (out.empty() || out.back() != s.edition) out.push_back(s.edition);
    return out;
}

bool AgeGradeTable::has_edition(int edition) const {
    return std::any_of(series_.begin(), series_.end(),
                       [&](const Series& s) { return s.edition == edition; });
}

std::optional<double> AgeGradeTable::distance_of(std::string_view event_name) const {
    for (const auto& [name, m] : events_)
        if (name == event_name) return m;
    return std::nullopt;
}

const AgeGradeTable::Series* AgeGradeTable::find(int edition, char sex, int age) const {
    auto it = std::lower_bound(series_.begin(), series_.end(), std::tuple(edition, sex, age),
                               [](const Series& s, const std::tuple<int, char, int>& k) {
                                   return std::tuple(s.edition, s.sex, s.age) < k;
                               });
    if (it == series_.end() || it->edition != edition || it->sex != sex || it->age != age)
        return nullptr;
    return &*it;
}

std::optional<std::pair<double, double>> AgeGradeTable::factor(int edition, timing::Gender sex,
                                                               int age, double distance_m) const {
    if (sex == timing::Gender::X || distance_m <= 0) return std::nullopt;
    const auto* s = find(edition, timing::to_char(sex), age);
    if (!s || s->points.empty()) return std::nullopt;
    const double km = distance_m / 1000.0;
    const auto& pts = s->points;
    // Standard distances are matched exactly (to a millimetre); others are interpolated.
    constexpr double tolerance_km = 1e-6;
    if (km < pts.front().distance_km - tolerance_km || km > pts.back().distance_km + tolerance_km)
        return std::nullopt;
    auto hi = std::lower_bound(pts.begin(), pts.end(), km - tolerance_km,
                               [](const Point& p, double d) { return p.distance_km < d; });
    if (hi == pts.end()) hi = pts.end() - 1;
    if (std::abs(hi->distance_km - km) <= tolerance_km) return std::pair(hi->factor, hi->open_standard_s);
    const auto lo = hi - 1;
    const double x = (std::log(km) - std::log(lo->distance_km)) /
                     (std::log(hi->distance_km) - std::log(lo->distance_km));
    const double f = lo->factor + x * (hi->factor - lo->factor);
    const double standard = std::exp(std::log(lo->open_standard_s) +
                                     x * (std::log(hi->open_standard_s) - std::log(lo->open_standard_s)));
    return std::pair(f, standard);
}

std::optional<AgeGrade> AgeGradeTable::grade(int edition, timing::Gender sex, int age,
                                             double distance_m, Duration time) const {
    if (time.count() <= 0) return std::nullopt;
    const auto fs = factor(edition, sex, age, distance_m);
    if (!fs) return std::nullopt;
    const auto [f, standard] = *fs;
    const double seconds = static_cast<double>(time.count()) / 1e6;
    AgeGrade g;
    g.factor = f;
    g.open_standard_s = standard;
    g.age_standard_s = standard / f;
    g.graded_time = Duration{static_cast<std::int64_t>(std::llround(seconds * f * 1e6))};
    g.percent = standard / (seconds * f) * 100.0;
    return g;
}

std::string format_graded_time(Duration d) {
    const auto s = (d.count() + 500'000) / 1'000'000;
    return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

}  // namespace fl::results
