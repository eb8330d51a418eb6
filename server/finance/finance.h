#pragma once

// Finance reconciliation (CONTRACT.md, Finance): statements and settlements imported, the shop's
// payments and refunds matched against their lines with reasons, exceptions worked, and a
// second person's sign-off that freezes a statement.

#include <cstddef>

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::finance {

// The largest statement file an import takes (the route's body limit; 413 beyond). The body is
// spooled to a file and read in pieces, so memory does not grow with it.
inline constexpr std::size_t kMaxStatementFileBytes = 200 * 1024 * 1024;

// Statements (statements.cpp)
http::Response importStatements(api::Call& call);  // POST /finance/statements
http::Response listStatements(api::Call& call);    // GET /finance/statements
http::Response getStatement(api::Call& call);      // GET /finance/statements/{id}
http::Response listLines(api::Call& call);         // GET /finance/statements/{id}/lines

// Column mappings of settlement CSVs (mappings.cpp)
http::Response listMappings(api::Call& call);   // GET /finance/mappings
http::Response createMapping(api::Call& call);  // POST /finance/mappings

// Matching (matching.cpp)
http::Response autoMatch(api::Call& call);       // POST /finance/statements/{id}/auto-match
http::Response matchLine(api::Call& call);       // POST /finance/lines/{id}/match
http::Response unmatchLine(api::Call& call);     // POST /finance/lines/{id}/unmatch
http::Response excludeLine(api::Call& call);     // POST /finance/lines/{id}/exclude
http::Response noteLine(api::Call& call);        // POST /finance/lines/{id}/note
http::Response listPayments(api::Call& call);    // GET /finance/payments
http::Response listExceptions(api::Call& call);  // GET /finance/exceptions
http::Response listRules(api::Call& call);       // GET /finance/rules
http::Response updateRule(api::Call& call);      // PATCH /finance/rules/{id}

// Sign-off (signoff.cpp)
http::Response signOff(api::Call& call);  // POST /finance/statements/{id}/sign-off
http::Response reopen(api::Call& call);   // POST /finance/statements/{id}/reopen

}  // namespace opsdesk::server::finance
