#include "ingest/read_builder.hpp"

#include <algorithm>
#include <charconv>

#include "timing/text.hpp"
#include "timing/text_encoding.hpp"

namespace fl::ingest {
bool has_control(std::string_view t) {
    return !timing::is_utf8(t) || std::any_of(t.begin(), t.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

std::optional<std::int64_t> parse_int(std::string_view t) {
    std::int64_t v = 0;
    if (t.empty() || t.front() == '+') return std::nullopt;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc{} || p != t.data() + t.size()) return std::nullopt;
    return v;
}

bool within_race_days(const timing::RaceCalendar& calendar, timing::Instant t) {
    return t >= calendar.midnight() - std::chrono::hours{24} && t < calendar.midnight() + std::chrono::hours{48};
}

ReadBuilder::ReadBuilder(const timing::RaceConfig& race, const timing::ReaderConfig& reader)
    : race_(race), reader_(reader), calendar_(race.calendar()) {
    if (!reader_.timing_point.empty()) {
        if (const auto* p = race_.find_point(reader_.timing_point)) default_point_ = p->id;
    }
}

timing::Instant ReadBuilder::at_time_of_day(timing::Duration tod) const {
    return calendar_.at_local(tod);
}

timing::Instant ReadBuilder::at_date(date::year_month_day day, timing::Duration tod) const {
    return calendar_.at_local(day, tod);
}

std::optional<std::int64_t> ReadBuilder::point_for(std::string_view location,
                                                   bool& unknown) const {
    unknown = false;
    if (!location.empty() && !reader_.locations.empty()) {
        if (auto it = reader_.locations.find(std::string(location)); it != reader_.locations.end())
            if (const auto* p = race_.find_point(it->second)) return p->id;
        // Devices disagree on case ("START" vs "start"); a config written either way matches.
        for (const auto& [name, point] : reader_.locations)
            if (timing::iequals(name, location))
                if (const auto* p = race_.find_point(point)) return p->id;
    }
    if (default_point_) return default_point_;
    unknown = true;
    return std::nullopt;
}

timing::NewRead ReadBuilder::make(Fields f, std::string_view raw, timing::Instant received) const {
    timing::NewRead r;
    r.reader_id = reader_.id;
    bool unknown = false;
    r.timing_point_id = point_for(f.location, unknown);
    if (unknown) r.flags |= timing::read_flag_unknown_location;
    r.kind = f.kind;
    r.chip = std::move(f.chip);
    r.device_time = f.device_time;
    if (!r.device_time) {
        r.flags |= timing::read_flag_bad_time;
    } else if (!within_race_days(calendar_, *r.device_time)) {
        r.flags |= timing::read_flag_impossible_time;
    }
    r.receive_time = received;
    r.rssi = f.rssi;
    r.hits = f.hits;
    r.location = std::move(f.location);
    r.device_seq = f.seq;
    r.raw.assign(raw);
    return r;
}

}  // namespace fl::ingest
