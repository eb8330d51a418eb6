#pragma once

#include <string_view>

namespace opsdesk::protocol {

// The one rule every CSV export follows, on the desk and on the server: a text cell that starts
// with '=', '+', '-', '@', a tab or a carriage return would be run by a spreadsheet as a formula
// or command, so the export puts an apostrophe before it and it shows as the text it is.
bool csvCellLooksLikeAFormula(std::string_view utf8);

}  // namespace opsdesk::protocol
