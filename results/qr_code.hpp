#pragma once
// A QR code as a square of dark and light modules (libqrencode underneath): the board draws it
// and `finishline qr` prints it, each at its own size, from this one matrix.
#include <cstdint>
#include <string_view>
#include <vector>

namespace fl::results {

class QrCode {
public:
    // The smallest QR code (byte mode as needed, error correction M) holding `text`. Throws
    // results::Error, saying what to do, for an empty text, a NUL byte, or a text too long.
    static QrCode encode(std::string_view text);

    int version() const { return version_; }  // 1..40
    int size() const { return size_; }        // modules per side, without the quiet zone
    // Module (x, y), column x of row y from the top left: dark or light.
    bool dark(int x, int y) const {
        return modules_[static_cast<std::size_t>(y) * static_cast<std::size_t>(size_) +
                        static_cast<std::size_t>(x)] != 0;
    }

    // Light modules every reader wants around the code on each side (ISO/IEC 18004: 4).
    static constexpr int quiet_zone = 4;

private:
    QrCode(int version, int size, std::vector<std::uint8_t> modules)
        : version_(version), size_(size), modules_(std::move(modules)) {}

    int version_ = 0;
    int size_ = 0;
    std::vector<std::uint8_t> modules_;  // row by row, 1 = dark
};

// An address whose host is 0.0.0.0 or [::] ("every interface", what a server listens on): no
// phone can open it, so a QR code of it is useless. public_url defaults to it when [web] listen
// does.
bool names_every_interface(std::string_view url);

}  // namespace fl::results
