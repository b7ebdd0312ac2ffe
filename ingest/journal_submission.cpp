#include "ingest/journal_submission.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace fl::ingest {

namespace asio = boost::asio;

JournalSubmission::JournalSubmission(asio::io_context& io, JournalWriter& writer,
                                     std::size_t queue_capacity)
    : io_(io), writer_(writer), admission_(io, queue_capacity) {}

void JournalSubmission::submit(const std::shared_ptr<Connection>& conn,
                               std::vector<JournalRecord> records, Then then, bool fail_fast) {
    const auto n = records.size();
    admission_.acquire(n);
    if (conn) ++conn->pending_commits;
    writer_.submit(
        std::move(records),
        [this, conn, n, then = std::move(then)](std::vector<RecordOutcome> outcomes) mutable {
            // On the writer thread: the rest happens on the io thread.
            asio::post(io_, [this, conn, n, then = std::move(then),
                             outcomes = std::move(outcomes)]() mutable {
                admission_.release(n);
                if (conn && --conn->pending_commits == 0) conn->notify_settled();
                if (then) then(std::move(outcomes));
            });
        },
        fail_fast);
}

asio::awaitable<void> settle(std::shared_ptr<Connection> conn) {
    while (conn->pending_commits > 0 && conn->open()) {
        boost::system::error_code ec;
        conn->settled().expires_at(asio::steady_timer::time_point::max());
        co_await conn->settled().async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace fl::ingest
