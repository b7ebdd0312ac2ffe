#pragma once
// A real race file in a temp folder with a real Service on it, listening on free loopback
// ports (port 0 in the config), and read-only views of the file for the checks.
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ingest/service.hpp"
#include "tests/support/temp_dir.hpp"
#include "timing/participant_import.hpp"
#include "timing/race_file.hpp"

namespace fl::test {

inline const std::string race_head = R"([race]
name = "E2E 5K"
date = "2014-04-12"
timezone = "America/Toronto"
[[events]]
name = "5K"
distance_m = 5000
start = "07:00:00"
min_time = "00:10:00"
  [[events.waves]]
  name = "A"
  offset = "00:00:00"
  [[events.waves]]
  name = "B"
  offset = "00:05:00"
[[timing_points]]
name = "start"
role = "start"
[[timing_points]]
name = "finish"
role = "finish"
distance_m = 5000
)";

inline const std::string participants_csv =
    "bib,name,gender,age,wave,chip\n"
    "1,Ann Runner,F,34,A,CT0001\n"
    "2,Bob Runner,M,41,A,CT0002\n"
    "3,Cat Runner,F,28,B,CT0003\n"
    "4,Dan Runner,M,55,B,CT0004\n"
    "5,Eve Runner,X,22,A,CT0005\n";

// A reader section listening on a free port.
inline std::string listening_reader(std::string_view name, std::string_view protocol,
                                    std::string_view extra = "timing_point = \"finish\"\n") {
    return fmt::format("[[readers]]\nname = \"{}\"\nprotocol = \"{}\"\nlisten = \"127.0.0.1:0\"\n{}",
                       name, protocol, extra);
}

class ServedRace {
public:
    // `head`: the [race], events and timing points (a night race, another schedule).
    explicit ServedRace(const std::string& readers_toml,
                        const std::string& marshal_toml = "listen = \"127.0.0.1:0\"\n",
                        const std::string& head = race_head, const std::string& people = participants_csv)
        : path_(dir_.file("race.db")) {
        const auto toml = head + readers_toml + "[marshal]\n" + marshal_toml;
        auto file = timing::RaceFile::init(path_, toml, "e2e.toml", dir_.path().string());
        timing::import_participants_csv(file, people, "participants.csv");
    }
    ~ServedRace() { stop(); }
    ServedRace(const ServedRace&) = delete;
    ServedRace& operator=(const ServedRace&) = delete;

    void start(ingest::ServiceOptions options = {}) {
        options.log_sink = [this](std::string_view line) {
            std::lock_guard lock(mutex_);
            log_.emplace_back(line);
            if (std::getenv("FL_TEST_VERBOSE")) fmt::print(stderr, "{}\n", line);
        };
        service_ = std::make_unique<ingest::Service>(path_, std::move(options));
        service_->start();
    }
    void stop() {
        if (!service_) return;
        service_->stop();
        service_->wait();
        service_.reset();
    }
    ingest::Service& service() { return *service_; }
    const std::string& path() const { return path_; }
    const TempDir& dir() const { return dir_; }

    std::uint16_t port(std::string_view reader) const {
        return service_->reader_endpoint(reader).value().port;
    }
    std::uint16_t marshal_port() const { return service_->marshal_endpoint().port; }

    // A fresh read-only view of what is committed.
    timing::RaceFile file() const {
        return timing::RaceFile(path_, timing::RaceFile::Access::read_only);
    }
    std::int64_t count(std::string_view table) const { return file().count(table); }
    // How many stored reads carry exactly these raw bytes.
    std::int64_t stored_raw(std::string_view raw) const {
        auto f = file();
        auto st = f.db().prepare("SELECT count(*) FROM reads WHERE raw = ?");
        st.bind(1, raw);
        return st.step() ? st.column_int64(0) : -1;
    }

    bool logged(std::string_view text) const {
        std::lock_guard lock(mutex_);
        for (const auto& l : log_)
            if (l.find(text) != std::string::npos) return true;
        return false;
    }
    std::string log_text() const {
        std::lock_guard lock(mutex_);
        std::string out;
        for (const auto& l : log_) out += l + "\n";
        return out;
    }
    ingest::ReaderStatus status(std::string_view reader) const {
        for (auto& s : service_->reader_status())
            if (s.name == reader) return s;
        throw std::runtime_error("no such reader");
    }

private:
    TempDir dir_;
    std::string path_;
    mutable std::mutex mutex_;
    std::vector<std::string> log_;
    std::unique_ptr<ingest::Service> service_;
};

}  // namespace fl::test
