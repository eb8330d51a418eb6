#include "opsdesk/protocol/csv.h"

namespace opsdesk::protocol {

bool csvCellLooksLikeAFormula(std::string_view utf8) {
    if (utf8.empty()) {
        return false;
    }
    switch (utf8.front()) {
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

}  // namespace opsdesk::protocol
