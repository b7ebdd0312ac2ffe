#pragma once
// The shape every device protocol parser shares, so one connection loop serves them all and
// each parser can be tested with bytes alone.
#include <string_view>

#include "ingest/parse_output.hpp"
#include "timing/time.hpp"

namespace fl::ingest {

class DeviceProtocol {
public:
    virtual ~DeviceProtocol() = default;
    // What to send as soon as the connection is up (a greeting, the first command).
    virtual ParseOutput start(timing::Instant now) = 0;
    // Bytes from the device, split anywhere. `now` is the time they were received.
    virtual ParseOutput feed(std::string_view bytes, timing::Instant now) = 0;
    // The connection has been quiet for a while: what to send to check the device is there.
    virtual ParseOutput keepalive(timing::Instant now) = 0;
    // Whether a quiet connection is a dead one (devices with a keepalive) or just a quiet
    // person with a scanner.
    virtual bool has_keepalive() const = 0;
};

}  // namespace fl::ingest
