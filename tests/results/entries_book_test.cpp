// The entries book: an undo of an entry takes it out of every list at once, and undoing the
// undo puts it back.
#include <gtest/gtest.h>

#include "results/entries_book.hpp"

namespace fl::results::test {
namespace {

timing::Entry entry(std::int64_t id, timing::EntryKind kind, std::int64_t time_us) {
    timing::Entry e;
    e.id = id;
    e.kind = kind;
    e.time = timing::instant_from_micros(time_us);
    e.created = timing::instant_from_micros(time_us + 1000);
    e.source = "marshal";
    return e;
}

TEST(EntriesBook, WithdrawnEntriesLeaveEveryListAndComeBackWhenPutBack) {
    EntriesBook book;
    book.add(entry(1, timing::EntryKind::finish, 100), 4);
    book.add(entry(2, timing::EntryKind::scan, 200), 5);
    book.add(entry(3, timing::EntryKind::tap, 190), 0);
    book.add(entry(4, timing::EntryKind::gun, 10), 0);
    book.add(entry(5, timing::EntryKind::finish, 90), 4);
    EXPECT_TRUE(book.contains(3));
    EXPECT_FALSE(book.contains(6));
    EXPECT_EQ(book.finishes(4).size(), 2u);
    EXPECT_TRUE(book.finishes(9).empty());  // a bib id with no entries
    EXPECT_EQ(book.bib_entries().size(), 3u);

    // Undo entries 5 (a finish of bib 4), 2 (bib 5's scan), 3 (a tap) and 4 (a gun).
    auto bibs = book.withdraw({2, 3, 4, 5});
    std::sort(bibs.begin(), bibs.end());
    EXPECT_EQ(bibs, (std::vector<std::uint32_t>{4, 5}));  // the bibs whose finishes changed
    ASSERT_EQ(book.finishes(4).size(), 1u);
    EXPECT_EQ(book.finishes(4)[0].id, 1);
    EXPECT_TRUE(book.scans().empty());
    EXPECT_TRUE(book.taps().empty());
    EXPECT_TRUE(book.guns().empty());
    ASSERT_EQ(book.bib_entries().size(), 1u);
    EXPECT_EQ(book.bib_entries()[0].id, 1);

    // An entry fed while withdrawn (a resend after the undo) stays out.
    book.add(entry(7, timing::EntryKind::finish, 80), 4);
    book.withdraw({2, 3, 4, 5, 7});
    EXPECT_EQ(book.finishes(4).size(), 1u);

    // The undo undone: entry 5 is back; only bib 4 changed.
    bibs = book.withdraw({2, 3, 4, 7});
    EXPECT_EQ(bibs, (std::vector<std::uint32_t>{4}));
    EXPECT_EQ(book.finishes(4).size(), 2u);
    EXPECT_EQ(book.bib_entries().size(), 2u);
}

TEST(EntriesBook, ListsAreByEntryIdWhateverTheFeedingOrder) {
    EntriesBook book;
    book.add(entry(9, timing::EntryKind::tap, 300), 0);
    book.add(entry(2, timing::EntryKind::tap, 100), 0);
    book.add(entry(5, timing::EntryKind::scan, 250), 1);
    book.add(entry(3, timing::EntryKind::scan, 150), 2);
    ASSERT_EQ(book.taps().size(), 2u);
    EXPECT_EQ(book.taps()[0].id, 2);
    EXPECT_EQ(book.scans()[0].id, 3);
    EXPECT_EQ(book.scans()[0].bib, 2u);
    EXPECT_EQ(book.scans()[1].known, 1250);  // created 1 ms after its time
}

}  // namespace
}  // namespace fl::results::test
