#pragma once
// A course for the relay tests (issue 15): a 10K whose 5 km mat is at a remote site. The
// finish's race file and the site's are made from the same race config (so they derive the
// same race id); the site's adds [site] name = "km5" and its reader, a MYLAPS mat at "5k".
// 200 runners wear chips CT0001..CT0200 (the crash tests' MYLAPS sender uses them).
// A MYLAPS sender is used because it resends what was not acknowledged: "every read the
// site's devices were acknowledged for" is then exactly what the site's service answered.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

namespace fl::test {

constexpr int course_runners = 200;

// `mqtt_extra`: more [mqtt] keys (username, password, tls_ca).
inline std::string course_toml(const std::string& broker, bool site, bool web, const std::string& mqtt_extra = "") {
    std::string t = fmt::format(R"([race]
name = "Relay Test 10K"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "10K"
distance_m = 10000
start = "07:00:00"
min_time = "00:10:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "5k"
role = "split"
distance_m = 5000
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 10000
[marshal]
listen = "127.0.0.1:0"
[mqtt]
broker = "{}"
{}
)",
                                broker, mqtt_extra);
    if (site)
        t += R"([site]
name = "km5"
[[readers]]
name = "km5-mat"
protocol = "mylaps"
listen = "127.0.0.1:0"
timing_point = "5k"
)";
    if (web) t += "[web]\nlisten = \"127.0.0.1:0\"\n";
    return t;
}

struct CourseFiles {
    std::string finish, site;
};

// Makes finish.db (with the runners) and km5.db in `dir`.
inline CourseFiles make_course(const TempDir& dir, const std::string& broker, bool web = false,
                               const std::string& mqtt_extra = "") {
    CourseFiles f{dir.file("finish.db"), dir.file("km5.db")};
    {
        auto file = timing::RaceFile::init(f.finish, course_toml(broker, false, web, mqtt_extra), "finish.toml", dir.path().string());
        std::string csv = "bib,name,chip\n";
        for (int bib = 1; bib <= course_runners; ++bib) csv += fmt::format("{},Runner {},CT{:04}\n", bib, bib, bib);
        timing::import_participants_csv(file, csv, "runners.csv");
    }
    timing::RaceFile::init(f.site, course_toml(broker, true, false, mqtt_extra), "km5.toml", dir.path().string());
    return f;
}

// The 5 km mat: MYLAPS messages of three passings each, every one acknowledged after the
// site's commit; what was not acknowledged is sent again after a reconnect.
class FiveKmMat {
public:
    // Sends `n` new messages (and first whatever was not acknowledged) to the mat on `port`;
    // false when the connection broke (the site's service was killed).
    bool send(std::uint16_t port, int n) {
        if (!device_) {
            try {
                device_.emplace(MylapsDevice::connect(port));
            } catch (const std::exception&) {
                return false;
            }
        }
        std::vector<int> todo;
        for (const auto& [m, p] : sent_)
            if (!acked_.contains(m)) todo.push_back(m);
        for (int i = 0; i < n; ++i) todo.push_back(new_message());
        for (const int m : todo) {
            if (!device_->send(m, sent_.at(m)) || device_->read_ack(std::chrono::seconds{20}) != m) {
                device_.reset();
                return false;
            }
            acked_.insert(m);
        }
        return true;
    }
    void disconnect() { device_.reset(); }

    // The raw text the site stores for each acknowledged passing ("10KM@t=...").
    std::set<std::string> acknowledged_raws() const {
        std::set<std::string> out;
        for (const auto m : acked_)
            for (const auto& p : sent_.at(m)) out.insert("10KM@" + p);
        return out;
    }
    std::size_t acknowledged() const { return acked_.size() * 3; }

private:
    int new_message() {
        const int m = next_++;
        auto& passings = sent_[m];
        for (int i = 0; i < 3; ++i, ++passing_) {
            const int bib = 1 + passing_ % course_runners;
            const auto ms = (7 * 3600 + 25 * 60) * 1000 + passing_ * 37;  // from 07:25:00
            passings.push_back(MylapsDevice::passing(
                fmt::format("CT{:04}", bib),
                fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, ms % 1000)));
        }
        return m;
    }

    std::optional<MylapsDevice> device_;
    std::map<int, std::vector<std::string>> sent_;
    std::set<int> acked_;
    int next_ = 1;
    int passing_ = 0;
};

// The relayed reads in the finish's race file: raw text -> how many times it is stored, and
// the seqs (device_seq of the relay reader) with theirs.
struct Relayed {
    std::map<std::string, int> raws;
    std::map<std::int64_t, std::string> by_seq;
    std::size_t reads = 0;
};

inline Relayed relayed(const std::string& finish) {
    timing::RaceFile f(finish, timing::RaceFile::Access::read_only);
    Relayed out;
    auto st = f.db().prepare(R"(SELECT x.device_seq, x.raw FROM reads x JOIN readers r ON r.id = x.reader_id
                                WHERE r.name = 'relay:km5')");
    while (st.step()) {
        ++out.reads;
        ++out.raws[st.column_text(1)];
        out.by_seq[st.column_int64(0)] = st.column_text(1);
    }
    return out;
}

// The site's own reads: id (its seq) -> raw.
inline std::map<std::int64_t, std::string> site_reads(const std::string& site) {
    timing::RaceFile f(site, timing::RaceFile::Access::read_only);
    std::map<std::int64_t, std::string> out;
    for (const auto& r : f.reads()) out[r.id] = r.raw;
    return out;
}

}  // namespace fl::test
