#pragma once
// Text folded for searching: what a runner types on a phone ("zoe", "muller") finds the name
// as registered ("Zoë", "Müller"). Locale-free and table-driven, so it folds the same on every
// machine.
#include <string>
#include <string_view>

namespace fl::timing {

// `text` (UTF-8; bytes that are not are replaced first) with ASCII letters lowered, the letters
// of Latin-1 Supplement (U+00C0-U+00FF) and Latin Extended-A (U+0100-U+017F) folded to ASCII
// ("Ë" -> "e", "Ł" -> "l", "ß" -> "ss", "Æ" -> "ae", "Þ" -> "th", "Œ" -> "oe") and combining
// diacritical marks (U+0300-U+036F, text written decomposed) dropped. Left as they are: "×" and
// "÷", Latin Extended-B and Additional (Romanian "ș" U+0219, Vietnamese "ễ"), and every other
// script, whose letters are not lowered either. German "ü" folds to "u", so "mueller" does not
// find "Müller".
std::string fold_for_search(std::string_view text);
// The same, appended to `out` (a search folds thousands of names into one buffer).
void fold_for_search(std::string_view text, std::string& out);

}  // namespace fl::timing
