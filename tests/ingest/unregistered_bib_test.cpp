// An entry for a bib nobody registered is stored with a note (ingest/unregistered_bib.hpp).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "ingest/unregistered_bib.hpp"

namespace {

using fl::ingest::unregistered_bib_note;

TEST(UnregisteredBib, ABibNobodyWearsGetsANote) {
    const std::set<std::string, std::less<>> registered{"12", "34"};
    const auto lookup = [&](std::string_view bib) { return registered.contains(bib); };
    EXPECT_EQ(unregistered_bib_note("77", lookup), "bib 77 is not registered");
    EXPECT_EQ(unregistered_bib_note("12", lookup), std::nullopt);
    // Bibs are text: "012" is not bib 12.
    EXPECT_EQ(unregistered_bib_note("012", lookup), "bib 012 is not registered");
}

TEST(UnregisteredBib, AnEntryWithoutABibIsNotLookedUp) {
    int asked = 0;
    EXPECT_EQ(unregistered_bib_note("", [&](std::string_view) { return ++asked, false; }), std::nullopt);
    EXPECT_EQ(asked, 0);
}

}  // namespace
