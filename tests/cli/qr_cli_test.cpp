// `finishline qr` as a user runs it: the built binary on a race file made by `finishline init`,
// its PNG read back by an independent decoder (ZBar).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/run_finishline.hpp"
#include "tests/support/slurp.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/zbar.hpp"

namespace fl::cli {
namespace {

using Result = test::CommandOutput;

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::string lines_of(const Result& r) {
    return fmt::format("exit {}\n--- stdout\n{}--- stderr\n{}", r.exit_code, r.out, r.err);
}

class QrCommand : public ::testing::Test {
protected:
    Result run(std::vector<std::string> args) { return test::run_finishline(dir, std::move(args)); }
    // The example race with `web` appended to its config, made into race.db by `init`.
    std::string race_with(std::string_view web) {
        const auto config = dir.write(
            "race.toml",
            test::slurp(fmt::format("{}/examples/race.toml", FL_SOURCE_DIR)) + std::string(web));
        const auto race = dir.file("race.db");
        const auto r = run({"init", race, "--config", config});
        EXPECT_EQ(r.exit_code, 0) << lines_of(r);
        return race;
    }

    test::TempDir dir;
};

TEST_F(QrCommand, TheSignScansToThePublicUrl) {
    const std::string url = "http://192.168.1.10:8080/";
    const auto race = race_with(
        fmt::format("\n[web]\nlisten = \"0.0.0.0:8080\"\npublic_url = \"{}\"\n", url));
    const auto png = dir.file("sign.png");
    const auto r = run({"qr", race, "-o", png});
    ASSERT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_TRUE(contains(r.out, fmt::format("wrote {}: the QR code of {}", png, url))) << r.out;
    EXPECT_EQ(test::read_qr_codes(dir, png), std::vector<std::string>{url});
}

TEST_F(QrCommand, TheDefaultPublicUrlComesFromListen) {
    // README: public_url defaults to http://<listen host>:<port>/.
    const auto race = race_with("\n[web]\nlisten = \"127.0.0.1:8181\"\n");
    const auto png = dir.file("sign.png");
    const auto r = run({"qr", race, "--output", png, "--size", "400"});
    ASSERT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_EQ(test::read_qr_codes(dir, png), std::vector<std::string>{"http://127.0.0.1:8181/"});
}

TEST_F(QrCommand, ALongUrlStillScans) {
    const std::string url =
        "https://results.example-marathon.org/2026/spring/live?race=half_marathon&lang=en";
    const auto race = race_with(
        fmt::format("\n[web]\nlisten = \"0.0.0.0:8080\"\npublic_url = \"{}\"\n", url));
    const auto png = dir.file("sign.png");
    const auto r = run({"qr", race, "-o", png});
    ASSERT_EQ(r.exit_code, 0) << lines_of(r);
    EXPECT_EQ(test::read_qr_codes(dir, png), std::vector<std::string>{url});
}

TEST_F(QrCommand, NoWebSectionSaysWhatToAdd) {
    const auto race = race_with("");
    const auto png = dir.file("sign.png");
    const auto r = run({"qr", race, "-o", png});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_TRUE(contains(r.err, "has no [web] section")) << r.err;
    EXPECT_TRUE(contains(r.err, "listen = \"0.0.0.0:8080\"")) << r.err;
    EXPECT_TRUE(contains(r.err, "finishline init")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(png));
}

TEST_F(QrCommand, AWildcardAddressIsRefused) {
    // listen = 0.0.0.0 without public_url: the default address is one no phone can open.
    const auto race = race_with("\n[web]\nlisten = \"0.0.0.0:8080\"\n");
    const auto png = dir.file("sign.png");
    const auto r = run({"qr", race, "-o", png});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_TRUE(contains(r.err, "public_url is http://0.0.0.0:8080/")) << r.err;
    EXPECT_TRUE(contains(r.err, "set public_url")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(png));
}

TEST_F(QrCommand, MissingOutputIsAUsageError) {
    const auto race = race_with("\n[web]\nlisten = \"127.0.0.1:8080\"\n");
    const auto r = run({"qr", race});
    EXPECT_EQ(r.exit_code, 2) << lines_of(r);
    EXPECT_TRUE(contains(r.err, "--output is required")) << r.err;
    EXPECT_TRUE(contains(r.err, "--help")) << r.err;
}

TEST_F(QrCommand, AnUnwritablePathSaysWhatToCheck) {
    const auto race = race_with("\n[web]\nlisten = \"127.0.0.1:8080\"\n");
    const auto png = dir.file("no-such-folder/sign.png");
    const auto r = run({"qr", race, "-o", png});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_TRUE(contains(r.err, fmt::format("cannot write {}: check that its folder exists", png)))
        << r.err;
}

TEST_F(QrCommand, MissingRaceFile) {
    const auto r = run({"qr", dir.file("nope.db"), "-o", dir.file("sign.png")});
    EXPECT_EQ(r.exit_code, 1) << lines_of(r);
    EXPECT_TRUE(contains(r.err, "nope.db")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("sign.png")));
}

}  // namespace
}  // namespace fl::cli
