// Replays the committed fuzz corpus and regression inputs through the fuzz targets.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz/targets/targets.hpp"
#include "fuzz/targets/violation.hpp"

namespace fl::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path fuzz_dir = fs::path(FL_SOURCE_DIR) / "fuzz";

std::vector<fs::path> inputs(std::string_view kind, std::string_view target) {
    std::vector<fs::path> out;
    const auto dir = fuzz_dir / kind / target;
    if (!fs::is_directory(dir)) return out;
    for (const auto& f : fs::directory_iterator(dir))
        if (f.is_regular_file()) out.push_back(f.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What each target's seeds must reach between them: accepted records, refused input, and for
// the line protocols a line over the limit.
bool seeds_reach_line_limit(std::string_view target) {
    static const std::set<std::string_view> line_protocols{"chronotrack", "raceresult", "bibscan",
                                                           "marshal"};
    return line_protocols.count(target) > 0;
}

class Replay : public testing::TestWithParam<Target> {};

TEST_P(Replay, EverySeedAndRegressionInputHoldsEveryProperty) {
    const auto& target = GetParam();
    const auto seeds = inputs("corpus", target.name);
    const auto regressions = inputs("regressions", target.name);
    ASSERT_GE(seeds.size(), 3u) << "fuzz/corpus/" << target.name << " needs seeds";
    Outcome total;
    for (const auto* set : {&seeds, &regressions}) {
        for (const auto& file : *set) {
            const auto bytes = read(file);
            const Bytes data(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            try {
                const auto o = target.run(data);
                total.records += o.records;
                total.refused += o.refused;
                total.fatal = total.fatal || o.fatal;
            } catch (const Violation& v) {
                ADD_FAILURE() << file.string() << ": property violated: " << v.what();
            } catch (const std::exception& e) {
                ADD_FAILURE() << file.string() << ": exception escaped the code under test: "
                              << e.what();
            }
        }
    }
    EXPECT_GT(total.records, 0u) << "no seed of " << target.name << " is accepted";
    EXPECT_GT(total.refused, 0u) << "no seed of " << target.name << " is refused";
    if (seeds_reach_line_limit(target.name)) {
        EXPECT_TRUE(total.fatal) << "no seed of " << target.name << " goes over the line limit";
    }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, Replay, testing::ValuesIn(all_targets().begin(), all_targets().end()),
                         [](const testing::TestParamInfo<Target>& info) {
                             return std::string(info.param.name);
                         });

TEST(FuzzLayout, EveryTargetHasADictionaryAndEveryRegressionIsExplained) {
    std::ifstream readme(fuzz_dir / "regressions" / "README.md");
    ASSERT_TRUE(readme) << "fuzz/regressions/README.md is missing";
    const std::string text{std::istreambuf_iterator<char>(readme), std::istreambuf_iterator<char>()};
    for (const auto& target : all_targets()) {
        EXPECT_TRUE(fs::is_regular_file(fuzz_dir / "dict" / (std::string(target.name) + ".dict")))
            << target.name;
        for (const auto& file : inputs("regressions", target.name)) {
            const auto name = std::string(target.name) + "/" + file.filename().string();
            EXPECT_NE(text.find(name), std::string::npos)
                << "fuzz/regressions/README.md does not say what " << name << " found";
        }
    }
}

}  // namespace
}  // namespace fl::fuzz
