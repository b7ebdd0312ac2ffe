#include "ingest/reader_status.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ingest/clock_offset.hpp"
#include "ingest/marshal_protocol.hpp"
#include "ingest/parse_output.hpp"

namespace fl::ingest {

StatusBoard::StatusBoard(const timing::RaceConfig& race, timing::Clock clock) : clock_(clock) {
    for (const auto& r : race.readers) {
        ReaderStatus s;
        s.name = r.name;
        s.protocol = timing::protocol_name(r.protocol);
        s.endpoint = r.listen ? "listen " + r.listen->to_string() : "connect " + r.connect->to_string();
        if (r.clock_offset) {
            s.clock_offset = r.clock_offset;
            s.clock_offset_from_config = true;
        }
        readers_.push_back(std::move(s));
    }
}

std::vector<ReaderStatus> StatusBoard::snapshot() const {
    std::lock_guard lock(mutex_);
    return readers_;
}

void StatusBoard::site(SiteStatus s) {
    std::lock_guard lock(mutex_);
    for (auto& x : sites_)
        if (x.name == s.name) {
            x = std::move(s);
            return;
        }
    sites_.push_back(std::move(s));
}

std::vector<SiteStatus> StatusBoard::sites() const {
    std::lock_guard lock(mutex_);
    return sites_;
}

ReaderStatus* StatusBoard::find(std::string_view reader) {
    auto it = std::find_if(readers_.begin(), readers_.end(),
                           [&](const auto& r) { return r.name == reader; });
    return it == readers_.end() ? nullptr : &*it;
}

void StatusBoard::set_endpoint(std::string_view reader, std::string endpoint) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader)) r->endpoint = std::move(endpoint);
}

void StatusBoard::connected(std::string_view reader, std::string peer) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader)) r->peers.push_back(std::move(peer));
}

void StatusBoard::disconnected(std::string_view reader, std::string_view peer) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader)) {
        if (auto it = std::find(r->peers.begin(), r->peers.end(), peer); it != r->peers.end())
            r->peers.erase(it);
    }
}

void StatusBoard::stored(std::string_view reader, std::int64_t stored, std::int64_t resends,
                         std::optional<timing::Instant> last) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader)) {
        r->reads_today += stored;
        r->resends += resends;
        if (last && (!r->last_read || *last > *r->last_read)) r->last_read = last;
    }
}

void StatusBoard::set_reads_today(std::string_view reader, std::int64_t n) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader)) r->reads_today = n;
}

void StatusBoard::parse_errors(std::string_view reader, std::int64_t n, std::string_view last) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader)) {
        r->parse_errors += n;
        r->last_error = std::string(last);
        r->last_error_time = clock_.now();
    }
}

void StatusBoard::error(std::string_view reader, std::string_view what) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader)) {
        r->last_error = std::string(what);
        r->last_error_time = clock_.now();
    }
}

void StatusBoard::clock_offset(std::string_view reader, timing::Duration offset) {
    std::lock_guard lock(mutex_);
    if (auto* r = find(reader); r && !r->clock_offset_from_config) r->clock_offset = offset;
}

std::optional<std::string> clock_warning(const ReaderStatus& r) {
    if (!r.clock_offset || r.clock_offset_from_config) return std::nullopt;
    return clock_offset_warning(r.name, *r.clock_offset);
}

std::vector<std::string> status_lines(const std::vector<ReaderStatus>& readers,
                                      const timing::RaceCalendar& calendar) {
    std::vector<std::string> out;
    for (const auto& r : readers) {
        // Names, the warning and the error as marshal words: "finish mat" stays one field.
        const auto error = marshal_word(printable(r.last_error, 160));
        const auto warning = marshal_word(clock_warning(r).value_or(""));
        const auto space = r.endpoint.find(' ');
        out.push_back(fmt::format(
            "STATUS {} {} {}={} connected={} peers={} last_read={} reads_today={} resends={} "
            "parse_errors={} clock_offset={}{} clock_warning={} last_error={}",
            marshal_word(r.name), r.protocol, r.endpoint.substr(0, space), r.endpoint.substr(space + 1),
            r.peers.size(), r.peers.empty() ? "-" : fmt::format("{}", fmt::join(r.peers, ",")),
            r.last_read ? calendar.local_time(*r.last_read) : "-", r.reads_today, r.resends,
            r.parse_errors,
            r.clock_offset ? fmt::format("{:+.3f}s", static_cast<double>(r.clock_offset->count()) / 1e6)
                           : "-",
            r.clock_offset_from_config ? "(config)" : "", warning, error));
    }
    return out;
}

std::vector<std::string> site_lines(const std::vector<SiteStatus>& sites, const timing::RaceCalendar& calendar) {
    std::vector<std::string> out;
    for (const auto& s : sites)
        out.push_back(fmt::format(
            "SITE {} connected={} last_heartbeat={} last_read={} last_seq={} held={} behind={} clock_difference={}",
            s.name, s.connected ? 1 : 0, s.last_heartbeat ? calendar.local_time(*s.last_heartbeat) : "-",
            s.last_read ? calendar.local_time(*s.last_read) : "-", s.last_seq, s.held, s.behind,
            s.clock_difference ? fmt::format("{:+.3f}s", static_cast<double>(s.clock_difference->count()) / 1e6)
                               : "-"));
    return out;
}

}  // namespace fl::ingest
