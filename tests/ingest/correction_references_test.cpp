// A correction only names what the race file holds (ingest/correction_references.hpp). The
// expected refusals are the marshal port's answers (README, marshal commands).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ingest/correction_references.hpp"

namespace {

using namespace fl::ingest;
using fl::timing::CorrectionKind;
using fl::timing::NewCorrection;
using Kind = CorrectionReference::Kind;

NewCorrection correction(CorrectionKind kind) {
    NewCorrection c;
    c.kind = kind;
    return c;
}

// A race file holding reads R1-R3, entry E4, correction C5 and bibs 12 and 34.
bool held(const CorrectionReference& r) {
    switch (r.kind) {
        case Kind::read:
            return r.id >= 1 && r.id <= 3;
        case Kind::entry:
            return r.id == 4;
        case Kind::correction:
            return r.id == 5;
        case Kind::participant:
        case Kind::tied_participant:
            return r.bib == "12" || r.bib == "34";
    }
    return false;
}

TEST(CorrectionReferences, NamesAreCheckedReadEntryCorrectionThenBib) {
    auto c = correction(CorrectionKind::assign_read);
    c.read_id = 7;
    c.entry_id = 8;
    c.target_id = 9;
    c.bib = "55";
    const std::vector<CorrectionReference> expected{
        {Kind::read, 7, ""}, {Kind::entry, 8, ""}, {Kind::correction, 9, ""}, {Kind::participant, 0, "55"}};
    EXPECT_EQ(references_of(c), expected);
    // All four missing: the first is the one reported.
    EXPECT_EQ(correction_refusal(c, held), "no read R7 in the race file");
    c.read_id = 2;
    EXPECT_EQ(correction_refusal(c, held), "no entry E8 in the race file");
    c.entry_id = 4;
    EXPECT_EQ(correction_refusal(c, held), "no correction C9 in the race file");
    c.target_id = 5;
    EXPECT_EQ(correction_refusal(c, held), "no participant with bib 55: check the bib, or import them first");
    c.bib = "12";
    EXPECT_EQ(correction_refusal(c, held), "");
}

TEST(CorrectionReferences, ADeadHeatNamesEveryTiedBibInOrder) {
    auto c = correction(CorrectionKind::dead_heat);
    c.data = "12  34 56 ";  // spaces doubled and trailing, as typed
    const std::vector<CorrectionReference> expected{
        {Kind::tied_participant, 0, "12"}, {Kind::tied_participant, 0, "34"}, {Kind::tied_participant, 0, "56"}};
    EXPECT_EQ(references_of(c), expected);
    EXPECT_EQ(correction_refusal(c, held), "no participant with bib 56");
    c.data = "34 12";
    EXPECT_EQ(correction_refusal(c, held), "");
    // Read as scoring reads it (timing/dead_heat.hpp): a tab separates too, a bib named twice
    // is one reference.
    c.data = "12\t34 12";
    const std::vector<CorrectionReference> two{{Kind::tied_participant, 0, "12"}, {Kind::tied_participant, 0, "34"}};
    EXPECT_EQ(references_of(c), two);
}

TEST(CorrectionReferences, OnlyADeadHeatsDataNamesBibs) {
    auto c = correction(CorrectionKind::edit_participant);
    c.bib = "12";
    c.data = "name=Ann Lee";
    const std::vector<CorrectionReference> expected{{Kind::participant, 0, "12"}};
    EXPECT_EQ(references_of(c), expected);
    EXPECT_EQ(correction_refusal(c, held), "");
}

TEST(CorrectionReferences, ACorrectionNamingNothingIsNeverLookedUp) {
    auto c = correction(CorrectionKind::set_gun);
    c.event_id = 1;
    int asked = 0;
    EXPECT_EQ(correction_refusal(c, [&](const CorrectionReference&) { return ++asked, false; }), "");
    EXPECT_EQ(asked, 0);
}

TEST(CorrectionReferences, TheRefusalSaysWhatIsMissing) {
    EXPECT_EQ(missing_reference_error({Kind::read, 77, ""}), "no read R77 in the race file");
    EXPECT_EQ(missing_reference_error({Kind::entry, 3, ""}), "no entry E3 in the race file");
    EXPECT_EQ(missing_reference_error({Kind::correction, 42, ""}), "no correction C42 in the race file");
    EXPECT_EQ(missing_reference_error({Kind::participant, 0, "999"}),
              "no participant with bib 999: check the bib, or import them first");
    EXPECT_EQ(missing_reference_error({Kind::tied_participant, 0, "9"}), "no participant with bib 9");
}

}  // namespace
