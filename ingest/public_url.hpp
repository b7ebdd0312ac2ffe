#pragma once
// The address phones open, as the service and the QR code use it. A config that listens on
// every interface ("0.0.0.0:8080") without a public_url would otherwise hand phones
// http://0.0.0.0:8080/, which reaches nothing: the machine's own network address stands in.
#include <string>
#include <vector>

#include "timing/config.hpp"

namespace fl::ingest {

struct PublicUrl {
    std::string url;
    std::string note;  // "" when the config says it; else how it was chosen, or what to set
};

// This machine's IPv4 addresses other than loopback, in interface order ("192.168.1.10").
std::vector<std::string> network_addresses();

// [web] public_url when written; else http://<listen>/, with listen's "every interface" host
// replaced by the first of `addresses` (and a note saying to set public_url for a sign).
PublicUrl public_url(const timing::WebConfig& web, const std::vector<std::string>& addresses);

}  // namespace fl::ingest
