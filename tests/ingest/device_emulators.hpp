#pragma once
// In-test devices that speak each protocol byte for byte as documented
// (../shared/reference/protocols.md): what a ChronoTrack controller, a MYLAPS system and a
// RACE RESULT decoder put on the wire.
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "tests/ingest/tcp_peer.hpp"

namespace fl::test {

// A ChronoTrack controller (the device connects to the software).
struct ChronoTrackDevice {
    TcpPeer peer;
    std::string start_command;  // what the software asked: "start", "start~finish~41", ...

    // The device speaks first: "SimpleClient~1.0~CTP01".
    static ChronoTrackDevice greeting_first(std::uint16_t port) {
        ChronoTrackDevice d{TcpPeer::connect(port), {}};
        d.peer.send("SimpleClient~1.0~CTP01\r\n");
        d.read_software_greeting();
        d.read_start();
        return d;
    }
    // The software speaks first; the device answers with its own greeting and settings.
    static ChronoTrackDevice software_first(std::uint16_t port) {
        ChronoTrackDevice d{TcpPeer::connect(port), {}};
        d.read_software_greeting();
        d.peer.send("TsConnector~2.1~2\r\nstream-mode=push\r\ntime-format=normal\r\n");
        d.read_start();
        return d;
    }
    void read_software_greeting() {
        const auto head = peer.read_line();
        if (!head || !head->starts_with("FinishLine~0.1~"))
            throw std::runtime_error("no ChronoTrack greeting from the service: " + head.value_or("(none)"));
        const int settings = std::stoi(head->substr(head->rfind('~') + 1));
        for (int i = 0; i < settings; ++i)
            if (!peer.read_line()) throw std::runtime_error("greeting settings missing");
    }
    void read_start() {
        auto line = peer.read_line();
        if (!line || !line->starts_with("start")) throw std::runtime_error("no start command");
        start_command = *line;
    }
    static std::string read_line_for(int seq, std::string_view chip, std::string_view time,
                                     std::string_view location = "finish") {
        return fmt::format("CT01_33~{}~{}~{}~{}~0~0F2A38~1", seq, location, chip, time);
    }
    bool send_read(int seq, std::string_view chip, std::string_view time) {
        return peer.send(read_line_for(seq, chip, time) + "\r\n");
    }
};

// A MYLAPS system (connects to the software; resends what was not acknowledged).
struct MylapsDevice {
    TcpPeer peer;
    std::string location = "10KM";

    static MylapsDevice connect(std::uint16_t port) {
        MylapsDevice d{TcpPeer::connect(port)};
        d.peer.send(d.location + "@Pong@$");
        const auto ack = d.peer.read_until("$");
        if (ack != "FinishLine@AckPong@Version2.1@$")
            throw std::runtime_error("no AckPong: " + ack.value_or("(none)"));
        return d;
    }
    static std::string passing(std::string_view chip, std::string_view time, int lap = 1) {
        return fmt::format("t={}|c={}|ct=UH|d=140412|l={}|dv=4|re=0|an=00001111|g=0|b=0|n=0", time,
                           chip, lap);
    }
    std::string message(int msg_no, const std::vector<std::string>& passings) const {
        std::string m = location + "@Passing@";
        for (const auto& p : passings) m += p + "@";
        return m + std::to_string(msg_no) + "@$";
    }
    // What the software stores for a passing: "<location>@<passing>".
    std::string stored_raw(const std::string& passing_text) const { return location + "@" + passing_text; }
    bool send(int msg_no, const std::vector<std::string>& passings) {
        return peer.send(message(msg_no, passings));
    }
    // The next AckPassing's message number.
    std::optional<int> read_ack(milliseconds timeout = patience) {
        for (;;) {
            auto m = peer.read_until("$", timeout);
            if (!m) return std::nullopt;
            constexpr std::string_view prefix = "FinishLine@AckPassing@";
            if (m->starts_with(prefix)) return std::stoi(m->substr(prefix.size()));
        }
    }
};

// A RACE RESULT decoder: a server the software connects to and polls.
class RaceResultDecoder {
public:
    // `clock`: what GETTIME answers (the decoder's local time of day).
    explicit RaceResultDecoder(std::string clock = "07:29:58.000")
        : RaceResultDecoder(std::function<std::string()>([clock] { return clock; })) {}
    // A running clock: asked at each GETTIME.
    explicit RaceResultDecoder(std::function<std::string()> clock)
        : clock_(std::move(clock)), thread_([this] { run(); }) {}
    ~RaceResultDecoder() {
        stop_ = true;
        thread_.join();
    }
    RaceResultDecoder(const RaceResultDecoder&) = delete;
    RaceResultDecoder& operator=(const RaceResultDecoder&) = delete;

    std::uint16_t port() const { return listener_.port(); }
    // Appends a passing record (without its number); returns the full record as sent.
    std::string add(std::string_view rest) {
        std::lock_guard lock(mutex_);
        passings_.push_back(fmt::format("{};{}", passings_.size() + 1, rest));
        return passings_.back();
    }
    // Closes the connection after answering this many more fetches (a decoder dropping out).
    void drop_after_fetches(int n) { drop_after_ = n; }
    int connections() const { return connections_; }
    std::vector<std::string> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    void run() {
        while (!stop_) {
            auto conn = listener_.accept(milliseconds{50});
            if (!conn) continue;
            ++connections_;
            serve(*conn);
        }
    }
    void serve(TcpPeer& peer) {
        while (!stop_) {
            auto line = peer.read_line(milliseconds{50});
            if (!line) {
                if (peer.closed_by_peer()) return;
                continue;
            }
            {
                std::lock_guard lock(mutex_);
                requests_.push_back(*line);
            }
            std::string reply;
            if (line->starts_with("SETPROTOCOL")) {
                reply = "SETPROTOCOL;2.0\r\n";
            } else if (*line == "GETTIME") {
                reply = "GETTIME;0000-00-00;" + clock_() + "\r\n";
            } else if (*line == "PASSINGS") {
                std::lock_guard lock(mutex_);
                reply = fmt::format("PASSINGS;{};1\r\n", passings_.size());
            } else if (const auto colon = line->find(':'); colon != std::string::npos) {
                const auto from = std::stoul(line->substr(0, colon));
                const auto n = std::stoul(line->substr(colon + 1));
                std::lock_guard lock(mutex_);
                for (auto i = from; i < from + n && i <= passings_.size(); ++i)
                    reply += passings_[i - 1] + "\r\n";
                reply += "\r\n";
                if (drop_after_ > 0 && --drop_after_ == 0) {
                    // Half the answer, then gone: the software must refetch after reconnecting.
                    peer.send(reply.substr(0, reply.size() / 2));
                    peer.abort();
                    return;
                }
            } else {
                reply = "ERROR;unknown command\r\n";
            }
            if (!peer.send(reply)) return;
        }
    }

    const std::function<std::string()> clock_;
    TcpListener listener_;
    std::atomic<bool> stop_{false};
    std::atomic<int> drop_after_{0};
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> passings_;
    std::vector<std::string> requests_;
    std::thread thread_;
};

}  // namespace fl::test
