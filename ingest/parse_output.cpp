#include "ingest/parse_output.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "timing/text_encoding.hpp"

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

std::string printable(std::string_view raw, std::size_t limit) { return timing::escaped_bytes(raw, limit); }

}  // namespace fl::ingest
