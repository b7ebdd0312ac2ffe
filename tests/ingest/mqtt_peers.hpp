#pragma once
// MQTT peers of a test's own, built on the same MqttClient as the services: a listener that
// keeps what arrives on a topic, and a publisher standing in for "another tool" publishing by
// the README's contract (each publish waits for the broker's acknowledgement).
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/mqtt_client.hpp"
#include "tests/ingest/tcp_peer.hpp"
#include "timing/config.hpp"

namespace fl::test {

// A subscriber of the test's own (an MqttClient like the services'), keeping what arrives.
class MqttListener {
public:
    MqttListener(const std::string& broker, std::string topic, ingest::Log& log) {
        ingest::MqttOptions o;
        o.broker.broker = *timing::parse_endpoint(broker);
        o.client_id = "test-listener";
        o.clean_session = true;
        client_ = std::make_unique<ingest::MqttClient>(
            o, log,
            ingest::MqttHandlers{{}, {},
                                 [this](std::string_view, std::string_view payload, bool) {
                                     std::lock_guard lock(mutex_);
                                     messages_.emplace_back(payload);
                                 },
                                 {}});
        client_->subscribe(std::move(topic), 1);
        client_->start();
    }
    std::vector<std::string> messages() const {
        std::lock_guard lock(mutex_);
        return messages_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> messages_;
    std::unique_ptr<ingest::MqttClient> client_;
};

// A publisher of the test's own: "another tool" publishing reads by the contract.
class MqttPublisher {
public:
    MqttPublisher(const std::string& broker, ingest::Log& log) {
        ingest::MqttOptions o;
        o.broker.broker = *timing::parse_endpoint(broker);
        o.client_id = "test-publisher";
        o.clean_session = true;
        client_ = std::make_unique<ingest::MqttClient>(
            o, log, ingest::MqttHandlers{[this](bool) { connected_ = true; }, {}, {}, [this](int) { ++acked_; }});
        client_->start();
        EXPECT_TRUE(wait_for([&] { return connected_.load(); }));
    }
    void publish(const std::string& topic, std::string payload, bool retain = false) {
        const int before = acked_;
        client_->post([this, topic, payload = std::move(payload), retain] { client_->publish(topic, payload, 1, retain); });
        EXPECT_TRUE(wait_for([&] { return acked_ > before; }));
    }

private:
    std::atomic<bool> connected_{false};
    std::atomic<int> acked_{0};
    std::unique_ptr<ingest::MqttClient> client_;
};

}  // namespace fl::test
