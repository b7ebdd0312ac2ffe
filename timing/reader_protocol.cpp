#include "timing/reader_protocol.hpp"

namespace fl::timing {

std::string_view protocol_name(Protocol p) {
    switch (p) {
        case Protocol::chronotrack: return "chronotrack";
        case Protocol::raceresult: return "raceresult";
        case Protocol::mylaps: return "mylaps";
        case Protocol::bibscan: return "bibscan";
    }
    return "?";
}

std::optional<Protocol> parse_protocol(std::string_view name) {
    for (const auto p : all_protocols)
        if (protocol_name(p) == name) return p;
    return std::nullopt;
}

std::string protocol_choices(std::string_view quote) {
    std::string out;
    for (std::size_t i = 0; i < all_protocols.size(); ++i) {
        if (i > 0) out += i + 1 == all_protocols.size() ? " or " : ", ";
        out += fmt::format("{0}{1}{0}", quote, protocol_name(all_protocols[i]));
    }
    return out;
}

}  // namespace fl::timing
