#include "ingest/unregistered_bib.hpp"

#include <fmt/format.h>

namespace fl::ingest {

std::optional<std::string> unregistered_bib_note(
    std::string_view bib, const std::function<bool(std::string_view)>& registered) {
    if (bib.empty() || registered(bib)) return std::nullopt;
    return fmt::format("bib {} is not registered", bib);
}

}  // namespace fl::ingest
