#pragma once

// CSV imports of the catalog: a dry run that says what a file would change (and what is wrong
// with it, by line and column) and writes only the import, then one all-or-nothing commit.

#include <cstddef>

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::catalog_imports {

// The largest file an import takes (the route's body limit; the transport answers 413 beyond).
inline constexpr std::size_t kMaxFileBytes = 20 * 1024 * 1024;

http::Response dryRun(api::Call& call);  // POST /catalog/imports (body text/csv)
http::Response commit(api::Call& call);  // POST /catalog/imports/{id}/commit

}  // namespace opsdesk::server::catalog_imports
