#include "ingest/parse_output.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace fl::ingest {
namespace {

template <class T>
void move_into(std::vector<T>& to, std::vector<T>& from) {
    if (to.empty()) {
        to = std::move(from);
    } else {
        to.insert(to.end(), std::make_move_iterator(from.begin()),
                  std::make_move_iterator(from.end()));
    }
}

}  // namespace

void ParseOutput::append(ParseOutput&& o) {
    move_into(reads, o.reads);
    move_into(entries, o.entries);
    move_into(clock_syncs, o.clock_syncs);
    move_into(replies, o.replies);
    move_into(acks, o.acks);
    move_into(malformed, o.malformed);
    move_into(notes, o.notes);
    move_into(device_errors, o.device_errors);
    if (o.fatal && !fatal) fatal = std::move(o.fatal);
    idle = idle || o.idle;
}

std::string printable(std::string_view raw, std::size_t limit) {
    std::string out;
    out.reserve(std::min(raw.size(), limit) + 8);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (out.size() >= limit) {
            out += fmt::format("... ({} bytes)", raw.size());
            break;
        }
        const auto c = static_cast<unsigned char>(raw[i]);
        if (c < 0x20 || c >= 0x7f || c == '\\') {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

}  // namespace fl::ingest
