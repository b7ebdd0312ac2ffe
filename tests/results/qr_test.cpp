// The QR code wrapper against ISO/IEC 18004 (sizes, capacities, the fixed patterns), the sign
// layout, and the bitmap font written under it. That the codes scan is checked by ZBar on the
// real command's PNG (tests/cli/qr_cli_test.cpp).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "results/bitmap_font.hpp"
#include "results/error.hpp"
#include "results/qr_code.hpp"
#include "results/qr_sign.hpp"

namespace fl::results {
namespace {

// The 7x7 finder pattern of the spec (6.3.3): a dark ring, a light ring, a dark 3x3 centre.
bool finder_at(const QrCode& q, int x0, int y0) {
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) {
            const int ring = std::max(std::abs(x - 3), std::abs(y - 3));
            const bool want = ring != 2;
            if (q.dark(x0 + x, y0 + y) != want) return false;
        }
    return true;
}

TEST(QrCode, FourteenLowercaseBytesFitVersion1AtLevelM) {
    // Table 7: version 1-M holds 14 bytes in byte mode, 2-M 26; a side is 17 + 4 x version.
    const auto q = QrCode::encode("abcdefghijklmn");
    EXPECT_EQ(q.version(), 1);
    EXPECT_EQ(q.size(), 21);
    const auto r = QrCode::encode("abcdefghijklmno");
    EXPECT_EQ(r.version(), 2);
    EXPECT_EQ(r.size(), 25);
    const auto s = QrCode::encode(std::string(26, 'a'));
    EXPECT_EQ(s.version(), 2);
    EXPECT_EQ(QrCode::encode(std::string(27, 'a')).version(), 3);
}

TEST(QrCode, FinderPatternsAtThreeCornersOnly) {
    const auto q = QrCode::encode("http://192.168.1.10:8080/");
    const int n = q.size();
    EXPECT_TRUE(finder_at(q, 0, 0));
    EXPECT_TRUE(finder_at(q, n - 7, 0));
    EXPECT_TRUE(finder_at(q, 0, n - 7));
    EXPECT_FALSE(finder_at(q, n - 7, n - 7));
    // Separators: the light row and column between each finder and the data.
    for (int i = 0; i < 8; ++i) {
        EXPECT_FALSE(q.dark(i, 7));
        EXPECT_FALSE(q.dark(7, i));
        EXPECT_FALSE(q.dark(n - 1 - i, 7));
        EXPECT_FALSE(q.dark(i, n - 8));
    }
}

TEST(QrCode, TimingPatternsAndTheDarkModule) {
    const auto q = QrCode::encode("https://results.example.org/race?id=42");
    const int n = q.size();
    // 6.3.5: row 6 and column 6 alternate between the finders, dark at even positions.
    for (int i = 8; i < n - 8; ++i) {
        EXPECT_EQ(q.dark(i, 6), i % 2 == 0) << i;
        EXPECT_EQ(q.dark(6, i), i % 2 == 0) << i;
    }
    // 7.9.1: the module at (8, 4V + 9) is always dark.
    EXPECT_TRUE(q.dark(8, 4 * q.version() + 9));
}

TEST(QrCode, TooLongSaysSo) {
    // Version 40-M: 2,331 bytes at most.
    EXPECT_NO_THROW(QrCode::encode(std::string(2331, 'a')));
    try {
        QrCode::encode(std::string(2332, 'a'));
        FAIL() << "a text past version 40 was encoded";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("too long for a QR code"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("2332 bytes"), std::string::npos) << e.what();
    }
}

TEST(QrCode, EmptyOrNulIsRefused) {
    EXPECT_THROW(QrCode::encode(""), Error);
    EXPECT_THROW(QrCode::encode(std::string_view("http://a\0b/", 11)), Error);
}

TEST(QrCode, WildcardHostsNamed) {
    EXPECT_TRUE(names_every_interface("http://0.0.0.0:8080/"));
    EXPECT_TRUE(names_every_interface("http://[::]:8080/"));
    EXPECT_FALSE(names_every_interface("http://192.168.1.10:8080/"));
    EXPECT_FALSE(names_every_interface("http://[::1]:8080/"));
    EXPECT_FALSE(names_every_interface("https://results.example.org/"));
}

TEST(QrSign, EveryModuleIsASquareOfEqualPixelsInsideTheQuietZone) {
    const auto q = QrCode::encode("http://192.168.1.10:8080/");  // version 2: 25 + 8 modules
    QrSignLayout l;
    const auto img = qr_sign(q, "http://192.168.1.10:8080/", 1200, &l);
    EXPECT_EQ(l.module_px, 36);  // 1200 / 33, rounded down
    EXPECT_EQ(l.code_px, 36 * 33);
    EXPECT_EQ(img.width, 1188);
    ASSERT_GT(img.height, img.width);
    const int quiet = 4 * l.module_px;
    for (int y = 0; y < l.code_px; y += 3)
        for (int x = 0; x < l.code_px; x += 3) {
            const int mx = (x - quiet) / l.module_px, my = (y - quiet) / l.module_px;
            const bool inside = x >= quiet && y >= quiet && mx < q.size() && my < q.size();
            const bool dark = inside && q.dark(mx, my);
            ASSERT_EQ(img.at(x, y), dark ? 0 : 255) << x << "," << y;
        }
}

TEST(QrSign, TheAddressIsWrittenCentredUnderTheCode) {
    const std::string url = "http://192.168.1.10:8080/";
    const auto q = QrCode::encode(url);
    QrSignLayout l;
    const auto img = qr_sign(q, url, 1200, &l);
    EXPECT_EQ(l.text_lines, 1);
    // One line as wide as fits inside the quiet zones: 25 characters of 6 font pixels.
    EXPECT_EQ(l.text_scale, (1188 - 2 * 4 * 36) / (25 * 6));
    int left = img.width, right = -1, ink = 0;
    for (int y = l.code_px; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (img.at(x, y) == 0) {
                left = std::min(left, x);
                right = std::max(right, x);
                ++ink;
            }
    ASSERT_GT(ink, 0);
    EXPECT_LE(std::abs(left - (img.width - 1 - right)), l.text_scale * 2);
    // Capitals and digits are 7 font pixels tall.
    EXPECT_GE(7 * l.text_scale, 40);
}

TEST(QrSign, ALongAddressWrapsInsteadOfShrinking) {
    const std::string url =
        "https://results.example-marathon.org/2026/spring/live?race=half&lang=en&view=phone&x=" +
        std::string(40, 'y');
    const auto q = QrCode::encode(url);
    QrSignLayout l;
    const auto img = qr_sign(q, url, 1200, &l);
    EXPECT_GT(l.text_lines, 1);
    EXPECT_GE(l.text_scale, 3);
    for (int y = l.code_px; y < img.height; ++y)  // nothing drawn past the sides
        EXPECT_EQ(img.at(0, y), 255);
}

TEST(BitmapFont, EveryPrintableCharacterHasItsOwnShape) {
    std::set<std::string> shapes;
    for (char c = '!'; c <= '~'; ++c) {
        std::string shape;
        for (int y = 0; y < bitmap_font::glyph_height; ++y)
            for (int x = 0; x < bitmap_font::glyph_width; ++x)
                shape += bitmap_font::ink(c, x, y) ? '#' : '.';
        EXPECT_NE(shape.find('#'), std::string::npos) << c;
        EXPECT_TRUE(shapes.insert(shape).second) << "'" << c << "' looks like another character";
    }
    for (int y = 0; y < bitmap_font::glyph_height; ++y)
        for (int x = 0; x < bitmap_font::glyph_width; ++x) {
            EXPECT_FALSE(bitmap_font::ink(' ', x, y));
            EXPECT_EQ(bitmap_font::ink('\xc3', x, y), bitmap_font::ink('?', x, y));
        }
}

}  // namespace
}  // namespace fl::results
