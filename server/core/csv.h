#pragma once

// CSV as every server export writes it (products now; finance and reports next), by the same
// rules as the desktop's (services-client/export/csv.h): RFC 4180 (CRLF, fields with a comma,
// quote or line break quoted, quotes doubled), UTF-8, and no cell a spreadsheet would run.

#include <string>
#include <string_view>

namespace opsdesk::server::csv {

// A cell of text from anywhere (a product title, a tag): neutralised with a leading apostrophe
// when it looks like a formula (protocol::csvCellLooksLikeAFormula), so that it shows as the text
// it is, and quoted when it must be.
void appendText(std::string& line, std::string_view text);

// A number the server formatted itself (an amount, a count): written as it is, so that a
// negative stock stays a number.
void appendNumber(std::string& line, std::string_view number);

// Between cells, and at the end of a line.
inline void nextCell(std::string& line) {
    line += ',';
}
inline void endLine(std::string& line) {
    line += "\r\n";
}

}  // namespace opsdesk::server::csv
