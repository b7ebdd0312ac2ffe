#include <utility>

#include "ingest/mqtt_client.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <mosquitto.h>

#include "ingest/error.hpp"

namespace fl::ingest {

namespace asio = boost::asio;
using namespace std::chrono;

namespace {

void init_library() {
    static std::once_flag once;
    std::call_once(once, [] {
        mosquitto_lib_init();
        // Frees what the library keeps for the process (its OpenSSL UI method among them),
        // after every client is gone: main has returned by then.
        std::atexit([] { mosquitto_lib_cleanup(); });
    });
}

// libmosquitto makes its OpenSSL UI method on a client's first TLS connect, in a static without
// a lock: two clients of one process (relay and results publisher) connecting at once both make
// one, and one is leaked (seen by LeakSanitizer). TLS connects take turns.
std::mutex& tls_connect_mutex() {
    static std::mutex m;
    return m;
}

std::string connack_advice(int rc, std::string_view credentials_from) {
    const std::string what = mosquitto_connack_string(rc);
    if (rc == 4 || rc == 5)  // bad user name or password; not authorised
        return fmt::format("{}: check {}", what, credentials_from);
    return what;
}

}  // namespace

MqttClient::MqttClient(MqttOptions options, Log& log, MqttHandlers handlers)
    : options_(std::move(options)),
      log_(log),
      handlers_(std::move(handlers)),
      reconnect_timer_(io_),
      tick_timer_(io_),
      mosq_(nullptr, mosquitto_destroy),
      backoff_(options_.reconnect_min) {
    init_library();
    mosq_.reset(mosquitto_new(options_.client_id.c_str(), options_.clean_session, this));
    if (!mosq_) throw Error(fmt::format("{}: cannot create an MQTT client (out of memory?)", options_.who));
    auto* m = mosq_.get();
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
    const auto& b = options_.broker;
    if (b.username) {
        const auto rc = mosquitto_username_pw_set(m, b.username->c_str(), b.password ? b.password->c_str() : nullptr);
        if (rc != MOSQ_ERR_SUCCESS)
            throw Error(fmt::format("{}: [mqtt] username: {}", options_.who, mosquitto_strerror(rc)));
    }
    if (b.tls_ca) {
        const auto rc = mosquitto_tls_set(m, b.tls_ca->c_str(), nullptr, nullptr, nullptr, nullptr);
        if (rc != MOSQ_ERR_SUCCESS)
            throw Error(fmt::format("{}: [mqtt] tls_ca = \"{}\": {}: name a readable CA certificate (PEM) file",
                                    options_.who, *b.tls_ca, mosquitto_strerror(rc)));
    }
    mosquitto_connect_with_flags_callback_set(m, &MqttClient::on_connect);
    mosquitto_message_callback_set(m, &MqttClient::on_message);
    mosquitto_publish_callback_set(m, &MqttClient::on_publish);
}

MqttClient::~MqttClient() { stop(); }

void MqttClient::start() {
    if (thread_.joinable()) return;
    asio::post(io_, [this] {
        connect();
        tick();
    });
    thread_ = std::thread([this] {
        auto work = asio::make_work_guard(io_);
        for (;;) {
            try {
                io_.run();
                break;
            } catch (const std::exception& e) {
                log_.say(options_.who, "an MQTT handler failed: {} (contained)", e.what());
            }
        }
    });
}

void MqttClient::stop() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
        stopping_ = true;
        reconnect_timer_.cancel();
        tick_timer_.cancel();
        if (connected_) {
            // DISCONNECT first: the broker then keeps the session and sends no will.
            mosquitto_disconnect(mosq_.get());
            mosquitto_loop_write(mosq_.get(), 1);
        }
        release_socket();
        connected_ = false;
        io_.stop();
    });
    thread_.join();
}

void MqttClient::post(std::function<void()> f) {
    asio::post(io_, [this, f = std::move(f)] {
        f();
        watch();
    });
}

std::optional<int> MqttClient::publish(std::string_view topic, std::string_view payload, int qos, bool retain) {
    if (!connected_) return std::nullopt;
    int mid = 0;
    const std::string t(topic);
    const auto rc = mosquitto_publish(mosq_.get(), &mid, t.c_str(), static_cast<int>(payload.size()),
                                      payload.data(), qos, retain);
    if (rc != MOSQ_ERR_SUCCESS) {
        log_.say_limited(options_.who, "publishing to {} failed: {}", t, mosquitto_strerror(rc));
        return std::nullopt;
    }
    watch();
    return mid;
}

void MqttClient::pause_reading(bool paused) {
    if (paused_ == paused) return;
    paused_ = paused;
    if (!paused_) watch();
}

void MqttClient::subscribe(std::string topic, int qos) {
    if (connected_) mosquitto_subscribe(mosq_.get(), nullptr, topic.c_str(), qos);
    subscriptions_.emplace_back(std::move(topic), qos);
    watch();
}

void MqttClient::connect() {
    if (stopping_) return;
    if (socket_) return;
    const auto& b = options_.broker.broker;
    // The first time sets the address; later, the same connection again (same session).
    std::unique_lock tls_turn(tls_connect_mutex(), std::defer_lock);
    if (options_.broker.tls_ca) tls_turn.lock();
    const auto rc = tried_ ? mosquitto_reconnect_async(mosq_.get())
                           : mosquitto_connect_async(mosq_.get(), b.host.c_str(), b.port, options_.keepalive_s);
    tried_ = true;
    if (tls_turn.owns_lock()) tls_turn.unlock();
    if (rc != MOSQ_ERR_SUCCESS) {
        lost(rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : std::string(mosquitto_strerror(rc)));
        return;
    }
    const int fd = mosquitto_socket(mosq_.get());
    if (fd < 0) {
        lost("no socket");
        return;
    }
    socket_.emplace(io_, fd);
    watch();
}

void MqttClient::watch() {
    if (!socket_ || stopping_) return;
    if (!reading_ && !paused_) {
        reading_ = true;
        socket_->async_wait(asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
            reading_ = false;
            if (ec || !socket_) return;
            const auto rc = mosquitto_loop_read(mosq_.get(), 1);
            if (rc != MOSQ_ERR_SUCCESS || mosquitto_socket(mosq_.get()) == -1) {
                lost(rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : std::string(mosquitto_strerror(rc)));
                return;
            }
            watch();
        });
    }
    if (!writing_ && mosquitto_want_write(mosq_.get())) {
        writing_ = true;
        socket_->async_wait(asio::posix::stream_descriptor::wait_write, [this](boost::system::error_code ec) {
            writing_ = false;
            if (ec || !socket_) return;
            auto rc = mosquitto_loop_write(mosq_.get(), 1);
            // A TLS handshake that wants the socket writable goes on in loop_read (it is
            // libmosquitto's "want_connect"), which costs nothing when there is no data.
            if (rc == MOSQ_ERR_SUCCESS && mosquitto_want_write(mosq_.get())) rc = mosquitto_loop_read(mosq_.get(), 1);
            if (rc != MOSQ_ERR_SUCCESS || mosquitto_socket(mosq_.get()) == -1) {
                lost(rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : std::string(mosquitto_strerror(rc)));
                return;
            }
            watch();
        });
    }
}

void MqttClient::release_socket() {
    if (!socket_) return;
    // libmosquitto owns the descriptor (and may already have closed it): never close it here.
    socket_->release();
    socket_.reset();
    reading_ = writing_ = false;
}

void MqttClient::lost(std::string_view why) {
    release_socket();
    const bool was = connected_;
    connected_ = false;
    if (stopping_) return;
    if (was && handlers_.disconnected) handlers_.disconnected();
    if (!said_down_) {
        log_.say(options_.who, "broker {} {}: {}; retrying every {} ms at most", options_.broker.broker.to_string(),
                 was ? "lost" : "not reachable", why, options_.reconnect_max.count());
        said_down_ = true;
    }
    reconnect_timer_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
    reconnect_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) connect();
    });
}

void MqttClient::tick() {
    if (stopping_) return;
    if (socket_) {
        mosquitto_loop_misc(mosq_.get());
        if (mosquitto_socket(mosq_.get()) == -1) lost("no answer to keepalive pings");
        else watch();
    }
    tick_timer_.expires_after(milliseconds{500});
    tick_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) tick();
    });
}

void MqttClient::on_connect(mosquitto*, void* self_, int rc, int flags) {
    auto& self = *static_cast<MqttClient*>(self_);
    if (rc != 0) {
        // Said once per reason: the same refusal every few seconds would bury the log.
        if (self.refused_ != rc)
            self.log_.say(self.options_.who, "broker {} refused the connection: {}",
                          self.options_.broker.broker.to_string(), connack_advice(rc, self.options_.credentials_from));
        self.refused_ = rc;
        self.said_down_ = true;
        return;  // the broker closes the socket: lost() retries
    }
    self.connected_ = true;
    self.said_down_ = false;
    self.refused_ = 0;
    self.backoff_ = self.options_.reconnect_min;
    const bool session_present = (flags & 1) != 0;
    self.log_.say(self.options_.who, "connected to broker {} as {} ({})", self.options_.broker.broker.to_string(),
                  self.options_.client_id, session_present ? "session resumed" : "new session");
    for (const auto& [topic, qos] : self.subscriptions_)
        mosquitto_subscribe(self.mosq_.get(), nullptr, topic.c_str(), qos);
    if (self.handlers_.connected) self.handlers_.connected(session_present);
}

void MqttClient::on_message(mosquitto*, void* self_, const mosquitto_message* m) {
    auto& self = *static_cast<MqttClient*>(self_);
    if (!self.handlers_.message || !m->topic) return;
    const std::string_view payload(static_cast<const char*>(m->payload), m->payload ? static_cast<std::size_t>(m->payloadlen) : 0);
    self.handlers_.message(m->topic, payload, m->retain);
}

void MqttClient::on_publish(mosquitto*, void* self_, int mid) {
    auto& self = *static_cast<MqttClient*>(self_);
    if (self.handlers_.published) self.handlers_.published(mid);
}

}  // namespace fl::ingest
