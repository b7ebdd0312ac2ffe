#pragma once
// A TCP connection to a device or marshal client: ordered writes from anywhere on the io
// thread, activity tracking for idle timeouts, and a count of records waiting for their
// commit (their acknowledgements must still go out before the connection closes).
#include <utility>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace fl::ingest {

// Replies a peer has not read yet (queued here, beyond what the kernel buffers) before the
// connection is closed: a client that never reads cannot make the service grow without bound.
inline constexpr std::size_t max_unsent_bytes = 1024 * 1024;

// TCP keepalive and a write timeout on every socket we accept or open (one rule for all):
// a peer that vanished (Wi-Fi dropped, power cut) is found within about a minute instead of
// the operating system's two hours, so it no longer holds a connection slot.
void tune_socket(boost::asio::ip::tcp::socket& socket);

class Connection : public std::enable_shared_from_this<Connection> {
public:
    // `label` names it in logs: "<reader> <peer address>". Tunes the socket (tune_socket).
    Connection(boost::asio::ip::tcp::socket socket, std::string reader, std::string peer);

    boost::asio::ip::tcp::socket& socket() { return socket_; }
    const std::string& reader() const { return reader_; }
    const std::string& peer() const { return peer_; }
    const std::string& label() const { return label_; }
    // The peer's IP address without the port ("127.0.0.1", "::1"): connection limits count
    // per address, since a reconnecting client comes back from a new port.
    const std::string& address() const { return address_; }

    // Queues bytes; writes go out in order. Ignored once the connection is closed. Past
    // max_unsent_bytes not yet written the connection is closed (why_closed says so).
    void send(std::string bytes);
    // Closes once everything queued is written.
    void close_after_writes();
    // Closes now; queued bytes are dropped.
    void close();
    // Stops reading (the read loop sees end of stream) but lets writes finish: shutdown.
    void stop_reading();
    bool open() const { return open_; }
    // Set by whoever closes a connection from outside its session (replaced, timed out, not
    // reading its replies), so the session's "disconnected" log line can say why.
    std::string why_closed;

    void touch() { last_activity_ = std::chrono::steady_clock::now(); }
    std::chrono::steady_clock::duration quiet_for() const {
        return std::chrono::steady_clock::now() - last_activity_;
    }

    // Malformed records seen on this connection (log rate limiting).
    std::int64_t malformed = 0;
    std::int64_t notes = 0;
    std::int64_t throttled = 0;  // times its peer went past its budget (peer_budget.hpp)
    std::uint64_t bytes_in = 0;
    // Parser outputs that were a real exchange (ParseOutput::understood): reconnect backoff.
    std::int64_t understood = 0;
    // Journal jobs submitted from this connection and not yet answered.
    int pending_commits = 0;
    // Woken when pending_commits drops to 0 or the connection closes.
    boost::asio::steady_timer& settled() { return settled_; }
    void notify_settled() { settled_.cancel(); }

    // Cancelled on close so watchdog coroutines end with the connection.
    boost::asio::steady_timer& watchdog() { return watchdog_; }

private:
    void write_next();

    boost::asio::ip::tcp::socket socket_;
    std::string reader_, peer_, label_, address_;
    std::deque<std::string> outbox_;
    std::string in_flight_;  // the write in progress
    std::size_t unsent_ = 0;  // bytes in outbox_ and in_flight_
    bool writing_ = false;
    bool open_ = true;
    bool close_when_flushed_ = false;
    std::chrono::steady_clock::time_point last_activity_ = std::chrono::steady_clock::now();
    boost::asio::steady_timer settled_;
    boost::asio::steady_timer watchdog_;
};

// An IPv4 peer reaching an IPv6 socket ("::ffff:10.0.0.7") as the IPv4 address it is, so
// allowlists and per-address limits see one address per machine.
boost::asio::ip::address plain_address(const boost::asio::ip::address& a);

// "127.0.0.1:51234" for a connected socket, "?" when the peer is already gone.
std::string peer_address(const boost::asio::ip::tcp::socket& socket);

}  // namespace fl::ingest
