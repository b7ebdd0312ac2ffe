#pragma once
// Age grading with WMA / USATF road factor tables, in the CSV layout
// edition,sex,age,event,distance_km,open_standard_sec,age_factor (one row per single year of
// age, 5-100, per standard distance). Distances between table distances are interpolated on
// log(distance): the factor linearly, the open standard log-linearly.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/standings.hpp"
#include "timing/records.hpp"

namespace fl::results {

class AgeGradeTable {
public:
    // Parses the CSV text; `source` names the file in messages. Throws results::Error naming
    // the line and what was expected.
    static AgeGradeTable parse(std::string_view csv_text, std::string_view source);
    static AgeGradeTable load(const std::string& path);

    std::vector<int> editions() const;
    bool has_edition(int edition) const;
    // The table's distance for an event name ("5 km", "H. Mar", "Marathon"), in metres.
    std::optional<double> distance_of(std::string_view event_name) const;

    // nullopt when the edition, sex (only M and F have tables), age (5-100) or distance
    // (between the table's shortest and longest) is not covered, or time <= 0.
    std::optional<AgeGrade> grade(int edition, timing::Gender sex, int age, double distance_m,
                                  Duration time) const;
    // Factor and open standard (seconds) alone.
    std::optional<std::pair<double, double>> factor(int edition, timing::Gender sex, int age,
                                                    double distance_m) const;

private:
    struct Point {
        double distance_km;
        double open_standard_s;
        double factor;
    };
    struct Series {  // one edition + sex + age, by distance
        int edition;
        char sex;
        int age;
        std::vector<Point> points;
    };
    const Series* find(int edition, char sex, int age) const;

    std::vector<Series> series_;  // sorted by (edition, sex, age)
    std::vector<std::pair<std::string, double>> events_;  // event name → km
};

// An age-graded time as tables publish it: to the nearest second, "H:MM:SS".
std::string format_graded_time(Duration d);

}  // namespace fl::results
