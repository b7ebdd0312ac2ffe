#include "ingest/connection_pool.hpp"

#include <algorithm>

namespace fl::ingest {

bool ConnectionPool::holds(const std::shared_ptr<Connection>& conn) const {
    return std::find(conns_.begin(), conns_.end(), conn) != conns_.end();
}

void ConnectionPool::remove(const std::shared_ptr<Connection>& conn) {
    std::erase(conns_, conn);
}

std::shared_ptr<Connection> ConnectionPool::oldest_from(std::string_view address) const {
    const auto it = std::find_if(conns_.begin(), conns_.end(),
                                 [&](const auto& c) { return c->address() == address; });
    return it == conns_.end() ? nullptr : *it;
}

std::shared_ptr<Connection> ConnectionPool::oldest() const {
    return conns_.empty() ? nullptr : conns_.front();
}

}  // namespace fl::ingest
