#include "ingest/tasks.hpp"

#include <boost/asio/co_spawn.hpp>

namespace fl::ingest {

void Tasks::spawn(std::string who, boost::asio::awaitable<void> task) {
    boost::asio::co_spawn(io_, std::move(task), [this, who = std::move(who)](std::exception_ptr e) {
        if (!e) return;
        ++failures_;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            log_.say(who, "stopped on an unexpected error: {}", ex.what());
        } catch (...) {
            log_.say(who, "stopped on an unexpected error");
        }
    });
}

}  // namespace fl::ingest
