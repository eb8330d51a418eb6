#pragma once

#include <functional>
#include <pqxx/dbtransaction>

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::idempotency {

// Runs `work` at most once per (user, Idempotency-Key), inside the caller's transaction:
// - the same key with the same request replays the first response (same status and body) and
//   does nothing again;
// - the same key with another request → 422 `idempotency_key_reused`;
// - while the first request with that key is still running → 409 `conflict`.
// `work` runs in a savepoint: when it answers with an ApiError, its changes are undone but the
// error response is kept, so a retry gets the same answer. The key row commits with the work.
// A missing header → 400. Keys are kept for at least 24 hours.
http::Response once(const api::Call& call, pqxx::dbtransaction& tx,
                    const std::function<http::Response(pqxx::dbtransaction&)>& work);

}  // namespace opsdesk::server::idempotency
