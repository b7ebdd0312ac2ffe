#pragma once
// The console's record of what this marshal sent and what the service answered, newest first,
// with what can still be undone ("OK E12 ..." → UNDO E12, a compensating correction).
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "timing/time.hpp"

namespace fl::gui {

struct LoggedAction {
    enum class State { waiting, ok, error };
    std::uint64_t seq = 0;
    std::string line;      // as sent
    timing::Instant at{};  // when it was sent (race clock)
    State state = State::waiting;
    std::string reply;      // the answer, as received
    std::string record;     // "E12" / "C5" from an OK answer; "" when none
    std::string undone_by;  // the undo's record, once undone
};

// "OK E12 scan 123 ..." → "E12"; nullopt for ERR, "OK E? ... (already stored)", "OK bye".
// A multi-line answer (HELP, STATUS) is judged by its last line.
std::optional<std::string> reply_record(std::string_view reply);

class ActionLog {
public:
    static constexpr std::size_t kept = 200;

    std::uint64_t sent(std::string line, timing::Instant at);
    // The answer to `seq`. An OK answer to "UNDO E12" marks the action that stored E12 undone.
    void answered(std::uint64_t seq, std::string reply);

    const std::deque<LoggedAction>& items() const { return items_; }
    const LoggedAction* find(std::uint64_t seq) const;
    // The latest action that has its answer.
    const LoggedAction* last_answered() const;
    std::size_t waiting() const;

    // The line that undoes `a`, when it stored something that is not itself an undo and is
    // not undone yet.
    static std::optional<std::string> undo_line(const LoggedAction& a);

private:
    std::deque<LoggedAction> items_;
    std::uint64_t next_ = 1;
    std::uint64_t last_answered_ = 0;
};

}  // namespace fl::gui
