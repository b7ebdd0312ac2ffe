#include "results/qr_code.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <qrencode.h>

#include "results/error.hpp"

namespace fl::results {
namespace {

struct QrFree {
    void operator()(QRcode* q) const noexcept { QRcode_free(q); }
};
using QrPtr = std::unique_ptr<QRcode, QrFree>;

// Level M restores up to 15% of the code: enough for a printed sign that is creased, rained on
// or partly in glare, while keeping the code a version smaller than Q or H would (fewer,
// larger modules scan from further away on the board and on a sign).
constexpr QRecLevel level = QR_ECLEVEL_M;
// Version 40 at level M holds at most 2,331 bytes of 8-bit text (ISO/IEC 18004, table 7).
constexpr std::size_t most_bytes = 2331;

}  // namespace

QrCode QrCode::encode(std::string_view text) {
    if (text.empty())
        throw Error("cannot make a QR code of an empty text: give the address to encode");
    if (text.find('\0') != std::string_view::npos)
        throw Error("cannot make a QR code of a text holding a NUL byte: remove it");
    const std::string z(text);  // libqrencode reads a C string
    errno = 0;
    // Case-sensitive: a URL's path may depend on case; libqrencode picks numeric and
    // alphanumeric segments where they are shorter and 8-bit for the rest.
    QrPtr q(QRcode_encodeString(z.c_str(), 0, level, QR_MODE_8, 1));
    if (!q) {
        if (errno == ERANGE)
            throw Error(fmt::format("'{}' is {} bytes: too long for a QR code (at most about {} at "
                                    "error correction M); use a shorter address",
                                    text.size() > 60 ? std::string(text.substr(0, 60)) + "..." : z,
                                    text.size(), most_bytes));
        throw Error(fmt::format("cannot make a QR code of '{}': {}", z, std::strerror(errno)));
    }
    const auto n = static_cast<std::size_t>(q->width);
    std::vector<std::uint8_t> modules(n * n);
    // libqrencode's bit 0 is the module's colour; the other bits say what part of the symbol
    // it belongs to.
    for (std::size_t i = 0; i < n * n; ++i) modules[i] = q->data[i] & 1u;
    return QrCode(q->version, q->width, std::move(modules));
}

bool names_every_interface(std::string_view url) {
    const auto scheme = url.find("://");
    auto host = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    return host.starts_with("0.0.0.0") || host.starts_with("[::]");
}

}  // namespace fl::results
