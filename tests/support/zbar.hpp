#pragma once
// Reads QR codes in a picture with ZBar (`zbarimg`, Debian zbar-tools): a decoder written
// independently of libqrencode, so a code that it reads back is a code a phone reads.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"

namespace fl::test {

// Every QR code ZBar finds in `png`, one text each (empty: none). A missing zbarimg fails the
// test, saying what to install.
inline std::vector<std::string> read_qr_codes(const TempDir& dir, const std::string& png) {
    const auto out = dir.file("zbarimg.txt");
    // --raw: the text only; -q: no statistics. ZBar's stderr (D-Bus chatter) is dropped.
    const auto cmd = fmt::format(
        "zbarimg --quiet --raw -Sdisable -Sqrcode.enable '{}' >'{}' 2>/dev/null", png, out);
    const int status = std::system(cmd.c_str());
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::vector<std::string> found;
    if (code == 127) {
        ADD_FAILURE() << "zbarimg is not installed: install zbar-tools (tools/setup.sh does)";
        return found;
    }
    // 0: symbols found; 4: none found; anything else is ZBar failing on the file.
    if (code != 0 && code != 4) {
        ADD_FAILURE() << "zbarimg could not read " << png << " (exit " << code << ")";
        return found;
    }
    const auto text = slurp(out);
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        found.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return found;
}

}  // namespace fl::test
