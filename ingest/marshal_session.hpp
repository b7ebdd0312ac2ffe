#pragma once
// One marshal client's state (authenticated or not, who it is) and the translation of its
// commands into entries and corrections. The TCP marshal port and the in-process GUI both go
// through here, so a button and a typed line do exactly the same thing.
#include <optional>
#include <string>

#include "ingest/auth_failures.hpp"
#include "ingest/journal_record.hpp"
#include "ingest/marshal_protocol.hpp"
#include "timing/config.hpp"

namespace fl::ingest {

class MarshalSession {
public:
    // `who` names the client in the race file ("marshal 127.0.0.1:5555", "gui").
    // `authenticated`: no AUTH needed (no token configured, or an in-process caller).
    MarshalSession(const timing::RaceConfig& race, std::string who, bool authenticated);

    struct Action {
        enum class Type { ignore, reply, store, status, quit, close };
        Type type = Type::ignore;
        std::string reply;                   // reply/quit/close: the full answer line(s)
        std::optional<JournalRecord> record; // store: what to commit
        std::string describe;                // store: text after "OK <id> "
    };
    Action handle(std::string_view line, timing::Instant now);

    // The answer once `record` is committed: "OK E12 scan 123 10:15:03.250" or "ERR ...".
    static std::string reply_for(const JournalRecord& record, const RecordOutcome& outcome,
                                 std::string_view describe);

    // Wrong tokens from this client's `address` count in `failures`, across its connections.
    void limit_auth(AuthFailures& failures, std::string address);

    // "<line> -> <reply>" for the log of a refused line. A presented token never reaches the
    // log: AUTH lines and lines sent before authenticating are not echoed, nor is what a reply
    // quotes of them.
    std::string loggable(std::string_view line, std::string_view reply) const;

    const std::string& who() const { return who_; }
    bool authenticated() const { return authenticated_; }

private:
    Action command(const MarshalCommand& c, timing::Instant now);
    const timing::EventConfig* find_event(std::string_view name) const;
    struct Start {
        const timing::EventConfig* event = nullptr;
        const timing::WaveConfig* wave = nullptr;  // null: the whole event
        std::string error;
    };
    Start find_start(const std::vector<MarshalWord>& names) const;
    std::string local(timing::Instant t) const { return calendar_.local_time(t); }

    const timing::RaceConfig& race_;
    timing::RaceCalendar calendar_;
    std::string who_;
    bool authenticated_;
    int failed_auth_ = 0;
    AuthFailures* auth_failures_ = nullptr;
    std::string address_;
};

inline constexpr int max_failed_auth = 5;

}  // namespace fl::ingest
