#pragma once
// A real MQTT client in a test, as any tool at another site would be: subscribes to topics on
// the test's broker and keeps every message it receives, in order, with its retain flag.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ingest/log.hpp"
#include "ingest/mqtt_client.hpp"
#include "tests/ingest/tcp_peer.hpp"
#include "timing/time.hpp"

namespace fl::test {

struct MqttReceived {
    std::string topic, payload;
    bool retained = false;
    Clock::time_point at;
};

class MqttSubscriber {
public:
    // With a `client_id` the session is persistent: QoS 1 messages wait in the broker for it.
    MqttSubscriber(const std::string& broker, std::vector<std::string> topics, std::string client_id = "")
        : log_(timing::find_zone("UTC"), [](std::string_view line) {
              if (std::getenv("FL_TEST_VERBOSE")) fmt::print(stderr, "subscriber: {}\n", line);
          }) {
        static std::atomic<int> n{0};
        ingest::MqttOptions o;
        o.broker.broker = timing::parse_endpoint(broker).value();
        o.client_id = client_id.empty() ? fmt::format("test-subscriber-{}-{}", ::getpid(), n++) : client_id;
        o.clean_session = client_id.empty();
        o.who = "subscriber";
        client_ = std::make_unique<ingest::MqttClient>(
            std::move(o), log_,
            ingest::MqttHandlers{[this](bool) { connected_ = true; },
                                 [this] { connected_ = false; },
                                 [this](std::string_view topic, std::string_view payload, bool retained) {
                                     std::lock_guard lock(mutex_);
                                     got_.push_back({std::string(topic), std::string(payload), retained, Clock::now()});
                                 },
                                 [this](int) { ++acked_; }});
        for (auto& t : topics) client_->subscribe(std::move(t), 1);
        client_->start();
    }
    ~MqttSubscriber() { client_->stop(); }

    bool wait_connected() { return wait_for([&] { return connected_.load(); }); }
    std::vector<MqttReceived> on(const std::string& topic) const {
        std::lock_guard lock(mutex_);
        std::vector<MqttReceived> out;
        for (const auto& m : got_)
            if (m.topic == topic) out.push_back(m);
        return out;
    }
    std::size_t count(const std::string& topic) const { return on(topic).size(); }
    // Publishes from the test (a hand-written message, as another tool would send it) and
    // waits for the broker's acknowledgement.
    void publish(const std::string& topic, const std::string& payload, bool retain = false) {
        const int before = acked_;
        std::atomic<bool> done{false}, sent{false};
        client_->post([&] {
            sent = client_->publish(topic, payload, 1, retain).has_value();
            done = true;
        });
        wait_for([&] { return done.load(); });
        if (sent) {
            EXPECT_TRUE(wait_for([&] { return acked_ > before; })) << "no PUBACK for " << topic;
        }
    }

private:
    ingest::Log log_;
    mutable std::mutex mutex_;
    std::vector<MqttReceived> got_;
    std::atomic<bool> connected_{false};
    std::atomic<int> acked_{0};
    std::unique_ptr<ingest::MqttClient> client_;
};

}  // namespace fl::test
