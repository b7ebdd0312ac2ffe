#pragma once
// The device protocols a [[readers]] entry can speak: one enum and one name table, used by the
// config, the service (which parser, who dials), the simulator and the command line.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace fl::timing {

enum class Protocol { chronotrack, raceresult, mylaps, bibscan };

// Every protocol, in the order messages list them.
inline constexpr std::array all_protocols{Protocol::chronotrack, Protocol::raceresult,
                                          Protocol::mylaps, Protocol::bibscan};

// The name the config file, the race file and the command line use ("chronotrack").
std::string_view protocol_name(Protocol p);
std::optional<Protocol> parse_protocol(std::string_view name);
// Every name for a message, each in `quote`, "or" before the last:
// protocol_choices("\"") is "\"chronotrack\", \"raceresult\", \"mylaps\" or \"bibscan\"".
std::string protocol_choices(std::string_view quote = "");

// Whether the device connects to us (the reader listens); a RACE RESULT decoder is a server
// we connect to.
constexpr bool device_connects(Protocol p) { return p != Protocol::raceresult; }

}  // namespace fl::timing

template <>
struct fmt::formatter<fl::timing::Protocol> : fmt::formatter<std::string_view> {
    template <class Context>
    auto format(fl::timing::Protocol p, Context& ctx) const {
        return fmt::formatter<std::string_view>::format(fl::timing::protocol_name(p), ctx);
    }
};
