#include "gui/action_log.hpp"

#include <algorithm>

#include "timing/text.hpp"

namespace fl::gui {
namespace {

std::string_view last_line(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    const auto nl = text.rfind('\n');
    return nl == std::string_view::npos ? text : text.substr(nl + 1);
}

std::string_view first_word(std::string_view t) {
    const auto b = t.find_first_not_of(' ');
    if (b == std::string_view::npos) return {};
    t.remove_prefix(b);
    return t.substr(0, t.find(' '));
}

std::string_view second_word(std::string_view t) {
    const auto w = first_word(t);
    const auto end = static_cast<std::size_t>(w.data() + w.size() - t.data());
    return first_word(t.substr(end));
}

bool is_undo(std::string_view line) {
    return timing::iequals(first_word(line), "UNDO");
}

}  // namespace

std::optional<std::string> reply_record(std::string_view reply) {
    const auto line = last_line(reply);
    if (line.substr(0, 3) != "OK ") return std::nullopt;
    const auto id = first_word(line.substr(3));
    if (id.size() < 2 || (id[0] != 'E' && id[0] != 'C')) return std::nullopt;
    if (!std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::string(id);
}

std::uint64_t ActionLog::sent(std::string line, timing::Instant at) {
    LoggedAction a;
    a.seq = next_++;
    a.line = std::move(line);
    a.at = at;
    items_.push_front(std::move(a));
    if (items_.size() > kept) items_.pop_back();
    return items_.front().seq;
}

void ActionLog::answered(std::uint64_t seq, std::string reply) {
    auto it =
        std::find_if(items_.begin(), items_.end(), [&](const auto& a) { return a.seq == seq; });
    if (it == items_.end()) return;  // scrolled out of the log long ago
    const auto last = last_line(reply);
    it->state = last.substr(0, 2) == "OK" ? LoggedAction::State::ok : LoggedAction::State::error;
    it->record = reply_record(reply).value_or("");
    it->reply = std::move(reply);
    last_answered_ = std::max(last_answered_, seq);
    if (it->state == LoggedAction::State::ok && is_undo(it->line)) {
        // "UNDO E12": the target is the second word, as the service understood it.
        const auto target = timing::ascii_upper(second_word(it->line));
        for (auto& other : items_)
            if (other.record == target && other.undone_by.empty()) other.undone_by = it->record;
    }
}

const LoggedAction* ActionLog::find(std::uint64_t seq) const {
    auto it =
        std::find_if(items_.begin(), items_.end(), [&](const auto& a) { return a.seq == seq; });
    return it == items_.end() ? nullptr : &*it;
}

const LoggedAction* ActionLog::last_answered() const { return find(last_answered_); }

std::size_t ActionLog::waiting() const {
    return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const auto& a) {
        return a.state == LoggedAction::State::waiting;
    }));
}

std::optional<std::string> ActionLog::undo_line(const LoggedAction& a) {
    if (a.state != LoggedAction::State::ok || a.record.empty() || !a.undone_by.empty() ||
        is_undo(a.line))
        return std::nullopt;
    return "UNDO " + a.record;
}

}  // namespace fl::gui
