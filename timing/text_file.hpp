#pragma once
// A whole file read as bytes (configs, CSVs, tables). The caller says what the file was for
// when it cannot be read: the message belongs to the caller's context.
#include <optional>
#include <string>

namespace fl::timing {

// The file's bytes, or nothing when it cannot be opened.
std::optional<std::string> read_text_file(const std::string& path);

}  // namespace fl::timing
