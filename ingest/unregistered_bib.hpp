#pragma once
// An entry for a bib nobody registered is still stored: the marshal or scanner saw a runner,
// who may be imported later (the results list it under unknown bibs). Its submitter is told.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace fl::ingest {

// The note stored with an entry for `bib`; nullopt when there is nothing to say (no bib, or
// `registered` finds it: asked only for a bib).
std::optional<std::string> unregistered_bib_note(
    std::string_view bib, const std::function<bool(std::string_view bib)>& registered);

}  // namespace fl::ingest
