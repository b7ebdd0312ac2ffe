#pragma once
// How the io thread hands records to the journal writer: admission counts them until their
// commit (back-pressure: connections stop reading while it is full), the outcome comes back
// on the io thread, and a connection counts its jobs until then so its acknowledgements still
// go out before it closes (settle). io thread only.
#include <utility>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "ingest/admission.hpp"
#include "ingest/connection.hpp"
#include "ingest/journal_record.hpp"
#include "ingest/journal_writer.hpp"

namespace fl::ingest {

class JournalSubmission {
public:
    // At most `queue_capacity` records submitted and not yet committed before connections
    // stop reading.
    JournalSubmission(boost::asio::io_context& io, JournalWriter& writer, std::size_t queue_capacity);

    using Then = std::function<void(std::vector<RecordOutcome>)>;
    // Hands records to the journal writer; `then` runs on the io thread after the commit.
    // `conn` (may be null) counts the job as pending until then. `fail_fast`: a person waits
    // for the answer (JournalWriter::submit).
    void submit(const std::shared_ptr<Connection>& conn, std::vector<JournalRecord> records,
                Then then, bool fail_fast = false);

    // Returns at once while there is room, else when commits have made room.
    boost::asio::awaitable<void> wait_for_room() { return admission_.wait_for_room(); }

    // Where a device resumes: what the writer has committed (resume_points.hpp).
    std::optional<std::int64_t> last_seq(std::int64_t reader_id) const {
        return writer_.last_seq(reader_id);
    }
    std::map<std::string, std::int64_t> last_seq_by_location(std::int64_t reader_id) const {
        return writer_.last_seq_by_location(reader_id);
    }

private:
    boost::asio::io_context& io_;
    JournalWriter& writer_;
    Admission admission_;
};

// Waits until every journal job of `conn` is answered (or the connection is gone).
boost::asio::awaitable<void> settle(std::shared_ptr<Connection> conn);

}  // namespace fl::ingest
