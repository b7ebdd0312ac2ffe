#pragma once
// RFC 4180 CSV: quoted fields (with "" for a quote, commas and line breaks inside),
// CRLF or LF, UTF-8 with or without a byte-order mark (decode_text turns other encodings into
// UTF-8 first).
#include <string>
#include <string_view>
#include <vector>

namespace fl::timing {

struct CsvRecord {
    int line = 0;  // the line the record starts on (1-based), for messages
    std::vector<std::string> fields;
};

// Splits the whole text into records; blank lines are skipped. Throws timing::Error naming
// `source` and the line for an unterminated quote or text after a closing quote.
std::vector<CsvRecord> parse_csv(std::string_view text, std::string_view source);

// Quotes a field when it holds a comma, quote or line break; bytes that are not UTF-8 become
// U+FFFD, so that an export is UTF-8 whatever the race file holds.
std::string csv_field(std::string_view value);

// csv_field for text a person typed (a participant's bib, name or category, a timing point's
// name) in a CSV made to be opened in a spreadsheet. Text starting with = + - @, a tab or a
// carriage return is what Excel, LibreOffice and Google Sheets run as a formula
// (=HYPERLINK(...) sends the sheet's data away), so it gets a leading ' first, OWASP's
// "CSV Injection" advice: every spreadsheet shows it as plain text, and a program reading the
// file can tell exactly what was added. Values the program formats itself (places, ages, times,
// statuses) go through csv_field or none: a time "-0:00:03" must stay a time.
std::string csv_text_field(std::string_view value);

}  // namespace fl::timing
