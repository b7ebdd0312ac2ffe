#pragma once
// One MQTT connection (libmosquitto) driven by Asio: its socket is waited on by an io_context
// of its own, on a thread of its own, so a broker far away (a slow DNS lookup, a TLS
// handshake, a link that drops) never stalls the service's io thread, where the devices are.
// libmosquitto is not thread-safe without its own loop thread, so every mosquitto_* call is
// made on this thread: the handlers run there, and post() is how other threads get there.
//
// It reconnects by itself (0.5 s doubling to 5 s), resubscribes what was subscribed, and
// tells the owner through the handlers. The session is persistent (clean session off,
// fixed client id) unless `clean_session`: QoS 1 messages wait in the broker while we are away.
#include <utility>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "ingest/log.hpp"
#include "timing/config.hpp"

struct mosquitto;
struct mosquitto_message;

namespace fl::ingest {

struct MqttOptions {
    timing::MqttConfig broker;
    std::string client_id;
    bool clean_session = false;
    int keepalive_s = 10;
    std::chrono::milliseconds reconnect_min{500};
    std::chrono::milliseconds reconnect_max{5000};
    std::string who = "mqtt";  // names the log lines
    // Where the user name and password come from, for the advice when the broker refuses them.
    std::string credentials_from = "username and password under [mqtt] in the race config";
};

struct MqttHandlers {
    std::function<void(bool session_present)> connected;
    std::function<void()> disconnected;
    std::function<void(std::string_view topic, std::string_view payload, bool retained)> message;
    std::function<void(int mid)> published;  // the broker acknowledged a QoS 1 publish
};

class MqttClient {
public:
    MqttClient(MqttOptions options, Log& log, MqttHandlers handlers);
    ~MqttClient();  // stop()
    MqttClient(const MqttClient&) = delete;
    MqttClient& operator=(const MqttClient&) = delete;

    void start();  // connects and runs the thread
    void stop();   // closes the connection (no will is sent) and joins; any thread but its own

    // Runs `f` on the client's thread (thread-safe).
    void post(std::function<void()> f);
    boost::asio::io_context& context() { return io_; }

    // Client thread only.
    bool connected() const { return connected_; }
    // The message id of a QoS 1 publish, nullopt when not connected or libmosquitto refused it.
    std::optional<int> publish(std::string_view topic, std::string_view payload, int qos, bool retain);
    // While paused the socket is not read (a consumer that cannot keep up: TCP holds the rest
    // in the broker). Keep pauses shorter than the keepalive.
    void pause_reading(bool paused);
    // Subscribed now when connected, and again after every reconnect.
    void subscribe(std::string topic, int qos);

private:
    static void on_connect(mosquitto*, void*, int rc, int flags);
    static void on_message(mosquitto*, void*, const mosquitto_message*);
    static void on_publish(mosquitto*, void*, int mid);

    void connect();
    void lost(std::string_view why);
    void watch();   // wait for what the socket needs next
    void release_socket();
    void tick();    // keepalive pings (mosquitto_loop_misc)

    MqttOptions options_;
    Log& log_;
    MqttHandlers handlers_;
    boost::asio::io_context io_;
    std::optional<boost::asio::posix::stream_descriptor> socket_;
    boost::asio::steady_timer reconnect_timer_;
    boost::asio::steady_timer tick_timer_;
    std::unique_ptr<mosquitto, void (*)(mosquitto*)> mosq_;
    std::vector<std::pair<std::string, int>> subscriptions_;
    std::chrono::milliseconds backoff_;
    bool connected_ = false;
    bool tried_ = false;  // connect_async once, then reconnect_async
    bool reading_ = false, writing_ = false;
    bool stopping_ = false;
    bool paused_ = false;
    bool said_down_ = false;
    int refused_ = 0;  // the broker's last CONNACK refusal, said once
    std::thread thread_;
};

}  // namespace fl::ingest
