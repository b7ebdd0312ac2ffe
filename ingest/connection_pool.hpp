#pragma once
// The connections holding one kind of slot (a reader's listener, the marshal port's consoles,
// the marshal connections not yet authenticated), in the order they arrived, with the cap on
// their number. When full, who makes way is decided by address: a client that reconnects
// (its old connection half-dead after a Wi-Fi drop) comes back from the same address on a
// new port, so its oldest connection is the one to replace. io thread only.
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "ingest/connection.hpp"

namespace fl::ingest {

class ConnectionPool {
public:
    explicit ConnectionPool(std::size_t cap) : cap_(cap) {}

    std::size_t size() const { return conns_.size(); }
    std::size_t cap() const { return cap_; }
    bool full() const { return conns_.size() >= cap_; }
    bool holds(const std::shared_ptr<Connection>& conn) const;

    void add(std::shared_ptr<Connection> conn) { conns_.push_back(std::move(conn)); }
    // No-op when `conn` is not here (already replaced or moved on).
    void remove(const std::shared_ptr<Connection>& conn);

    // The longest-held connection from `address`, or null.
    std::shared_ptr<Connection> oldest_from(std::string_view address) const;
    // The longest-held connection, or null.
    std::shared_ptr<Connection> oldest() const;

private:
    std::size_t cap_;
    std::vector<std::shared_ptr<Connection>> conns_;  // oldest first
};

}  // namespace fl::ingest
