// The relay across a course under the faults of issue 15, with the real programs as a user
// runs them: `finishline relay km5.db` at the site, `finishline serve finish.db` at the finish,
// a real mosquitto between them (persistence on), all child processes killed with SIGKILL and
// started again. A MYLAPS mat at the site resends what was not acknowledged. After each
// fault: every read the mat was acknowledged for is in the finish's race file exactly once
// (under the site's seq, with the site's raw text), nothing is there twice, and the finish's
// live results (its web server's /results.csv) equal a full re-score (`finishline results`).
#include <gtest/gtest.h>

#include <signal.h>

#include <regex>
#include <thread>

#include "tests/ingest/child_process.hpp"
#include "tests/ingest/http_client.hpp"
#include "tests/ingest/relay_course.hpp"

using namespace fl;
using namespace fl::test;
using namespace std::chrono;

namespace {

// A running `finishline serve|relay RACE` and the ports it bound (read from its log).
class Program {
public:
    Program(std::string command, std::string race, std::string log_path)
        : command_(std::move(command)), race_(std::move(race)), log_path_(std::move(log_path)) {
        start();
    }
    void start() {
        ++runs_;
        const auto log = fmt::format("{}.{}", log_path_, runs_);
        child_ = std::make_unique<ChildProcess>(std::vector<std::string>{FL_BINARY, command_, race_}, log + ".out", log);
        current_log_ = log;
        ports_ = served_ports(log);
        if (ports_.empty()) throw std::runtime_error(command_ + " did not start: " + slurp(log));
    }
    void kill9() {
        child_->signal(SIGKILL);
        child_->wait();
    }
    void terminate() {
        child_->signal(SIGTERM);
        EXPECT_EQ(child_->wait(), 0) << slurp(current_log_);
    }
    std::uint16_t port(const std::string& name) const { return ports_.at(name); }
    std::string log() const { return slurp(current_log_); }

private:
    std::string command_, race_, log_path_, current_log_;
    int runs_ = 0;
    std::unique_ptr<ChildProcess> child_;
    std::map<std::string, std::uint16_t> ports_;
};

std::uint16_t web_port(const Program& finish) {
    const std::regex listening(R"(web: listening on 127\.0\.0\.1:(\d+))");
    std::smatch m;
    const auto log = finish.log();
    if (!std::regex_search(log, m, listening)) throw std::runtime_error("no web port in the finish's log");
    return static_cast<std::uint16_t>(std::stoi(m[1]));
}

struct Course {
    TempDir dir;
    MosquittoBroker broker{dir.file("broker")};
    CourseFiles files = make_course(dir, broker.address(), true);
    Program finish{"serve", files.finish, dir.file("finish.log")};
    Program site{"relay", files.site, dir.file("site.log")};
    FiveKmMat mat;

    // Sends `n` messages, reconnecting to the mat (its port changes when the relay restarts).
    void send(int n) {
        for (int attempt = 0; attempt < 50 && !mat.send(site.port("km5-mat"), n); ++attempt) {
            n = 0;  // what was not acknowledged goes again; nothing new
            std::this_thread::sleep_for(milliseconds{100});
        }
    }

    // Every acknowledged read at the finish exactly once, equal to the site's reads by seq;
    // the finish's live results equal a full re-score.
    void expect_all_there_once() {
        const auto acked = mat.acknowledged_raws();
        const bool arrived = wait_for(
            [&] {
                const auto got = relayed(files.finish);
                for (const auto& raw : acked)
                    if (!got.raws.contains(raw)) return false;
                return true;
            },
            seconds{60});
        const auto got = relayed(files.finish);
        EXPECT_TRUE(arrived) << "finish holds " << got.reads << " of " << acked.size() << "\nsite log:\n"
                             << site.log() << "\nfinish log:\n" << finish.log();
        for (const auto& [raw, n] : got.raws) EXPECT_EQ(n, 1) << "stored " << n << " times: " << raw;
        const auto at_site = site_reads(files.site);
        for (const auto& [seq, raw] : got.by_seq) EXPECT_EQ(at_site.at(seq), raw) << "seq " << seq;
        EXPECT_EQ(got.reads, got.by_seq.size());
        // Live (incremental) results equal the full re-score of the same file.
        const auto rescored = [&] {
            return run_command({FL_BINARY, "results", files.finish, "--format", "csv"}, dir.path().string()).out;
        };
        std::string live, full;
        const bool same = wait_for([&] {
            HttpClient http(web_port(finish));
            live = http.get("/results.csv").body();
            full = rescored();
            return !full.empty() && live == full;
        }, seconds{20});
        EXPECT_TRUE(same) << "live:\n" << live << "\nre-scored:\n" << full;
    }
};

}  // namespace

TEST(RelayFaults, BrokerKilledAndRestartedWithItsPersistence) {
    Course c;
    c.send(40);
    std::thread later([&] {
        std::this_thread::sleep_for(milliseconds{300});
        c.broker.kill9();
        std::this_thread::sleep_for(seconds{2});
        c.broker.start();
    });
    c.send(80);  // the site acknowledges and stores while its broker is away
    later.join();
    c.send(20);
    c.expect_all_there_once();
}

TEST(RelayFaults, BrokerDownThirtySecondsWhileReadsKeepArriving) {
    Course c;
    c.send(20);
    c.broker.kill9();
    const auto until = steady_clock::now() + seconds{30};
    while (steady_clock::now() < until) {
        c.send(5);
        std::this_thread::sleep_for(milliseconds{200});
    }
    c.broker.start();
    c.send(10);
    c.expect_all_there_once();
}

TEST(RelayFaults, RelayKilledMidStream) {
    Course c;
    std::thread killer([&] {
        std::this_thread::sleep_for(milliseconds{400});
        c.site.kill9();
    });
    c.send(150);  // breaks when the relay dies: what was not acknowledged is sent again
    killer.join();
    c.mat.disconnect();
    c.site.start();
    c.send(30);
    c.expect_all_there_once();
}

TEST(RelayFaults, FinishKilledMidStream) {
    Course c;
    std::thread killer([&] {
        std::this_thread::sleep_for(milliseconds{400});
        c.finish.kill9();
        std::this_thread::sleep_for(seconds{2});
        c.finish.start();
    });
    c.send(150);
    killer.join();
    c.send(20);
    c.expect_all_there_once();
}

TEST(RelayFaults, RelayRestartedWithAnEmptyBrokerSession) {
    Course c;
    c.send(40);
    c.expect_all_there_once();
    c.site.terminate();
    c.broker.wipe();  // a broker replaced by an empty one: no sessions, no retained messages
    c.broker.start();
    c.mat.disconnect();
    c.site.start();
    c.send(40);
    c.expect_all_there_once();
}
