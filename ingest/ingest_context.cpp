#include "ingest/ingest_context.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace fl::ingest {

namespace asio = boost::asio;

IngestContext::IngestContext(asio::io_context& io_, const timing::RaceConfig& race_, Log& log_,
                             StatusBoard& status_, JournalWriter& journal_,
                             std::size_t queue_capacity, timing::Clock clock_)
    : io(io_),
      race(race_),
      calendar(race_.calendar()),
      clock(clock_),
      log(log_),
      status(status_),
      journal(journal_),
      admission(io_, queue_capacity),
      drained_(io_, asio::steady_timer::time_point::max()) {}

void IngestContext::submit(const std::shared_ptr<Connection>& conn,
                           std::vector<JournalRecord> records, Then then, bool fail_fast) {
    const auto n = records.size();
    admission.acquire(n);
    if (conn) ++conn->pending_commits;
    journal.submit(
        std::move(records),
        [this, conn, n, then = std::move(then)](std::vector<RecordOutcome> outcomes) mutable {
            // On the writer thread: the rest happens on the io thread.
            asio::post(io, [this, conn, n, then = std::move(then),
                            outcomes = std::move(outcomes)]() mutable {
                admission.release(n);
                if (conn && --conn->pending_commits == 0) conn->notify_settled();
                if (then) then(std::move(outcomes));
            });
        },
        fail_fast);
}

void IngestContext::spawn(std::string who, asio::awaitable<void> task) {
    asio::co_spawn(io, std::move(task), [this, who = std::move(who)](std::exception_ptr e) {
        if (!e) return;
        ++failures_;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            log.say(who, "stopped on an unexpected error: {}", ex.what());
        } catch (...) {
            log.say(who, "stopped on an unexpected error");
        }
    });
}

void IngestContext::closed(const std::shared_ptr<Connection>& conn) {
    live_.erase(conn);
    if (stopping && live_.empty()) drained_.cancel();
}

void IngestContext::wake_sleepers() {
    for (auto* t : sleepers_) t->cancel();
}

asio::awaitable<void> settle(std::shared_ptr<Connection> conn) {
    while (conn->pending_commits > 0 && conn->open()) {
        boost::system::error_code ec;
        conn->settled().expires_at(asio::steady_timer::time_point::max());
        co_await conn->settled().async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace fl::ingest
