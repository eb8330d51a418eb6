#pragma once

// What the dry run (imports.cpp) and the commit (import_commit.cpp) share.

#include <cstdint>
#include <string>

namespace opsdesk::server::catalog_imports {

// The reason written on the price history and stock adjustments an import makes.
inline std::string importReason(std::int64_t importId) {
    return "import " + std::to_string(importId);
}

// An import's dry run can be committed for this long; then it expires (409), and its rows are
// deleted, as are those of imports committed longer ago than this.
#define OPSDESK_SQL_IMPORT_LIFETIME "interval '24 hours'"

}  // namespace opsdesk::server::catalog_imports
