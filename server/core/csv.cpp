#include "core/csv.h"

#include "opsdesk/protocol/csv.h"

namespace opsdesk::server::csv {

void appendText(std::string& line, std::string_view text) {
    const bool quoted = text.find_first_of(",\"\r\n") != std::string_view::npos;
    if (quoted) {
        line += '"';
    }
    if (protocol::csvCellLooksLikeAFormula(text)) {
        line += '\'';
    }
    for (const char c : text) {
        if (c == '"') {
            line += '"';
        }
        line += c;
    }
    if (quoted) {
        line += '"';
    }
}

void appendNumber(std::string& line, std::string_view number) {
    line += number;
}

}  // namespace opsdesk::server::csv
