#include "ingest/public_url.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <memory>

#include <fmt/format.h>

namespace fl::ingest {

std::vector<std::string> network_addresses() {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return {};
    const std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> owner(list, freeifaddrs);
    std::vector<std::string> out;
    for (const auto* i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
        const auto& in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr;
        if ((ntohl(in.s_addr) >> 24) == 127) continue;  // loopback: no phone reaches it
        char text[INET_ADDRSTRLEN] = {};
        if (inet_ntop(AF_INET, &in, text, sizeof text)) out.emplace_back(text);
    }
    return out;
}

PublicUrl public_url(const timing::WebConfig& web, const std::vector<std::string>& addresses) {
    if (web.public_url_given) return {web.public_url, ""};
    const auto& host = web.listen.host;
    if (host != "0.0.0.0" && host != "::" && !host.empty()) return {web.public_url, ""};
    if (addresses.empty())
        return {web.public_url,
                fmt::format("this machine has no network address besides loopback, so phones "
                            "cannot reach {}: connect it to the venue network, or set [web] "
                            "public_url",
                            web.public_url)};
    return {timing::http_url({addresses.front(), web.listen.port}),
            fmt::format("[web] public_url not set: phones are sent to this machine's address {}{}; "
                        "set public_url for a name or another address (and before printing a sign)",
                        addresses.front(),
                        addresses.size() > 1 ? fmt::format(" (it also has {})", fmt::join(addresses.begin() + 1, addresses.end(), ", ")) : std::string{})};
}

}  // namespace fl::ingest
