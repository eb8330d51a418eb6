#include "core/csv.h"

namespace opsdesk::server::csv {

bool looksLikeAFormula(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

void appendText(std::string& line, std::string_view text) {
    const bool quoted = text.find_first_of(",\"\r\n") != std::string_view::npos;
    if (quoted) {
        line += '"';
    }
    if (looksLikeAFormula(text)) {
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
