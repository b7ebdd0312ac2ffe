#include "timing/csv.hpp"

#include <fmt/format.h>

#include "timing/error.hpp"
#include "timing/text_encoding.hpp"

namespace fl::timing {

std::vector<CsvRecord> parse_csv(std::string_view text, std::string_view source) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<CsvRecord> out;
    CsvRecord rec;
    std::string field;
    int line = 1;
    rec.line = 1;
    bool in_quotes = false;
    bool after_quote = false;  // a quoted field just closed; only , or EOL may follow
    bool any = false;          // the current record has content

    auto end_field = [&] {
        rec.fields.push_back(std::move(field));
        field.clear();
        after_quote = false;
    };
    auto end_record = [&] {
        end_field();
        const bool blank = rec.fields.size() == 1 && rec.fields[0].empty() && !any;
        if (!blank) out.push_back(std::move(rec));
        rec = CsvRecord{};
        rec.line = line;
        any = false;
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                    after_quote = true;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == ',') {
            end_field();
            any = true;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            end_record();
        } else if (after_quote) {
            throw Error(fmt::format("{}:{}: unexpected '{}' after a closing quote: a quoted "
                                    "field must be followed by a comma or the end of the line",
                                    source, line, c));
        } else if (c == '"' && field.empty()) {
            in_quotes = true;
            any = true;
        } else {
            field += c;
            any = true;
        }
    }
    if (in_quotes) {
        throw Error(fmt::format("{}:{}: a quoted field is never closed (missing '\"')", source,
                                rec.line));
    }
    if (any || !field.empty() || !rec.fields.empty()) end_record();
    return out;
}

std::string csv_field(std::string_view text) {
    // A race file written before text was checked may hold bytes that are not UTF-8.
    const auto v = valid_utf8(text);
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_text_field(std::string_view text) {
    // The first byte decides: every formula trigger is ASCII, so no UTF-8 decoding is needed.
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
        return csv_field(fmt::format("'{}", text));
    return csv_field(text);
}

}  // namespace fl::timing
