#pragma once
// The three senders of the crash test, each with the memory a real one keeps across a service
// crash: a MYLAPS system (keeps every message until it is acknowledged and resends the rest
// after reconnecting), a ChronoTrack controller (keeps its reads and streams from whatever
// sequence the software asks for) and a marshal (remembers which lines got an `OK`).
//
// Each connection's life is: connect() on the test thread (the handshake), then stream() on a
// thread of its own until the service goes away (a SIGKILL) or, when nothing new is to be
// sent, until everything pending got its answer.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/ingest/device_emulators.hpp"
#include "tests/ingest/tcp_peer.hpp"

namespace fl::test::crash {

// Bibs (and chips "CT<bib>") by sender, so each runner's finish has one source and the
// expected results follow from what was sent.
constexpr int mylaps_bibs_first = 1, mylaps_bibs = 200;
constexpr int chronotrack_bibs_first = 201, chronotrack_bibs = 150;
constexpr int marshal_bibs_first = 351, marshal_bibs = 250;
constexpr int participants = marshal_bibs_first + marshal_bibs - 1;

inline std::string chip_of(int bib) { return fmt::format("CT{:04}", bib); }

// Local time of day in milliseconds, as "HH:MM:SS.mmm" / ChronoTrack's "HH:MM:SS.hh".
inline std::string clock_ms(std::int64_t ms) {
    return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                       ms % 1000);
}
inline std::string clock_cs(std::int64_t ms) {
    return fmt::format("{:02}:{:02}:{:02}.{:02}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                       ms % 1000 / 10);
}
constexpr std::int64_t first_finish_ms = (7 * 3600 + 20 * 60) * 1000;  // 07:20:00

// What one sent record means for the results: this bib finished at this local time (ms).
struct Crossing {
    int bib = 0;
    std::int64_t at_ms = 0;
};

class MylapsStream {
public:
    explicit MylapsStream(std::uint64_t seed) : rng_(seed) {}

    void connect(std::uint16_t port) {
        device_.emplace(MylapsDevice::connect(port));
        location_ = device_->location;
    }

    // Resends every unacknowledged message (oldest first), then sends new ones (when
    // `send_new`) with up to `window` unacknowledged in flight, as a MYLAPS system does.
    // Returns when the service closed the connection, or with `send_new` false once all
    // is acknowledged.
    void stream(bool send_new, std::size_t window = 8) {
        std::vector<int> resend;
        for (const auto& [m, passings] : sent_)
            if (!acked_.count(m)) resend.push_back(m);
        resent_ += static_cast<int>(resend.size());
        std::size_t next_resend = 0;
        std::set<int> in_flight;
        for (;;) {
            while (in_flight.size() < window) {
                int m = 0;
                if (next_resend < resend.size()) {
                    m = resend[next_resend++];
                } else if (send_new) {
                    m = new_message();
                } else {
                    break;
                }
                if (!device_->send(m, sent_.at(m))) return;  // the service is gone
                in_flight.insert(m);
                ++progress;
            }
            if (in_flight.empty()) return;
            const auto ack = device_->read_ack();
            if (!ack) return;  // closed (or silent for the whole patience: the checks tell)
            acked_.insert(*ack);
            in_flight.erase(*ack);
        }
    }

    // Messages sent whose AckPassing never came (in flight when the service died).
    std::size_t unacked() const { return sent_.size() - acked_.size(); }
    const std::map<int, std::vector<std::string>>& sent() const { return sent_; }
    bool acked(int m) const { return acked_.count(m) > 0; }
    std::size_t acked_count() const { return acked_.size(); }
    int resent() const { return resent_; }
    // The raw text the service stores for a passing.
    std::string stored_raw(const std::string& passing) const { return location_ + "@" + passing; }
    const std::vector<Crossing>& crossings() const { return crossings_; }

    std::atomic<int> progress{0};  // messages put on the wire (all connections)

private:
    int new_message() {
        const int m = next_message_++;
        auto& passings = sent_[m];
        const int n = std::uniform_int_distribution<int>(1, 5)(rng_);
        for (int i = 0; i < n; ++i, ++next_passing_) {
            // Every passing differs (time), so every one must be stored exactly once.
            const int bib = mylaps_bibs_first + next_passing_ % mylaps_bibs;
            const auto at = first_finish_ms + next_passing_ * 7;
            passings.push_back(MylapsDevice::passing(chip_of(bib), clock_ms(at)));
            crossings_.push_back({bib, at});
        }
        return m;
    }

    std::mt19937_64 rng_;
    std::string location_;
    std::optional<MylapsDevice> device_;
    std::map<int, std::vector<std::string>> sent_;
    std::set<int> acked_;
    std::vector<Crossing> crossings_;
    int next_message_ = 1;
    int next_passing_ = 0;
    int resent_ = 0;
};

class ChronoTrackStream {
public:
    // Greets and takes the software's start command: "start" (from the first read: assumed
    // to be what the controller does when the software names no sequence) or
    // "start~<location>~<seq>" (from that sequence, inclusive).
    void connect(std::uint16_t port) {
        device_.emplace(ChronoTrackDevice::greeting_first(port));
        start_commands_.push_back(device_->start_command);
        const auto& s = device_->start_command;
        const auto tilde = s.rfind('~');
        cursor_ = s == "start" ? 1 : std::stoll(s.substr(tilde + 1));
    }

    // Streams from the requested sequence: what it holds, then (when `send_new`) new reads,
    // a few every couple of milliseconds (a busy finish), answering keepalive pings between.
    void stream(bool send_new) {
        auto& peer = device_->peer;
        for (;;) {
            if (cursor_ > static_cast<std::int64_t>(lines_.size())) {
                if (!send_new) return;
                add_read();
            }
            if (!peer.send(lines_[static_cast<std::size_t>(cursor_ - 1)] + "\r\n")) return;
            ++cursor_;
            if (++progress % 4 != 0) continue;
            if (const auto line = peer.read_line(std::chrono::milliseconds{2})) {
                if (*line == "ping" && !peer.send("ack~ping\r\n")) return;
            } else if (peer.closed_by_peer()) {
                return;
            }
        }
    }

    std::int64_t sent() const { return static_cast<std::int64_t>(lines_.size()); }
    const std::string& line(std::int64_t seq) const { return lines_.at(static_cast<std::size_t>(seq - 1)); }
    const std::string& last_start_command() const { return start_commands_.back(); }
    const std::vector<Crossing>& crossings() const { return crossings_; }

    std::atomic<int> progress{0};  // reads put on the wire (all connections)

private:
    void add_read() {
        const auto seq = static_cast<int>(lines_.size()) + 1;
        const int bib = chronotrack_bibs_first + (seq - 1) % chronotrack_bibs;
        const auto at = first_finish_ms + seq * 10;
        lines_.push_back(ChronoTrackDevice::read_line_for(seq, chip_of(bib), clock_cs(at)));
        crossings_.push_back({bib, at});
    }

    std::optional<ChronoTrackDevice> device_;
    std::vector<std::string> lines_;  // the controller's memory: seq n is lines_[n - 1]
    std::vector<std::string> start_commands_;
    std::vector<Crossing> crossings_;
    std::int64_t cursor_ = 1;
};

// A marshal keying finishes with their stated time ("<bib> <HH:MM:SS.mmm>"), one line at a
// time, waiting for each answer. A line that got no answer (the service died) is checked
// against the console's list of entries after the restart and keyed again only when it is not
// there: the marshal protocol has no sequence number, so keying it blindly could store a
// finish twice.
class MarshalDesk {
public:
    struct Line {
        int bib = 0;
        std::int64_t at_ms = 0;
        std::string text;
        std::string reply;       // "OK E<id> ..." once answered
        bool found_after_restart = false;  // unanswered, then seen stored: not keyed again
    };

    void connect(std::uint16_t port, const std::string& token) {
        peer_.emplace(TcpPeer::connect(port));
        peer_->send(fmt::format("AUTH {}\r\n", token));
        const auto reply = peer_->read_line();
        if (reply != "OK authenticated")
            throw std::runtime_error("marshal AUTH: " + reply.value_or("(no answer)"));
    }

    // The unanswered lines (oldest first), to be checked before keying them again.
    std::vector<std::size_t> unanswered() const {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < lines_.size(); ++i)
            if (lines_[i].reply.empty() && !lines_[i].found_after_restart) out.push_back(i);
        return out;
    }
    void mark_found(std::size_t i) { lines_[i].found_after_restart = true; }
    void rekey(std::size_t i) { rekey_.push_back(i); }

    // Keys the lines to re-enter, then (when `send_new`) new finishes until every marshal
    // bib is done; then waits for the connection to close when `send_new`.
    void stream(bool send_new) {
        auto keyed = std::move(rekey_);
        rekey_.clear();
        std::size_t next = 0;
        for (;;) {
            std::size_t i = 0;
            if (next < keyed.size()) {
                i = keyed[next++];
            } else if (send_new && lines_.size() < static_cast<std::size_t>(marshal_bibs)) {
                i = new_line();
            } else {
                break;
            }
            if (!peer_->send(lines_[i].text + "\r\n")) return;
            ++progress;
            const auto reply = peer_->read_line();
            if (!reply) return;  // no answer: unknown whether it is stored
            lines_[i].reply = *reply;
            if (!reply->starts_with("OK E")) errors.push_back(lines_[i].text + " -> " + *reply);
        }
        if (send_new) peer_->wait_closed();
    }

    const std::vector<Line>& lines() const { return lines_; }
    std::vector<std::string> errors;  // answers other than "OK E<id>"
    std::atomic<int> progress{0};

private:
    std::size_t new_line() {
        const int k = static_cast<int>(lines_.size());
        Line l;
        l.bib = marshal_bibs_first + k;
        l.at_ms = first_finish_ms + 10 * 60'000 + k * 250;
        l.text = fmt::format("{} {}", l.bib, clock_ms(l.at_ms));
        lines_.push_back(std::move(l));
        return lines_.size() - 1;
    }

    std::optional<TcpPeer> peer_;
    std::vector<Line> lines_;
    std::vector<std::size_t> rekey_;
};

}  // namespace fl::test::crash
