#pragma once

#include <cstdint>
#include <pqxx/transaction_base>
#include <string_view>

#include "core/config.h"
#include "http/message.h"

namespace opsdesk::server::auth {

// The per-account lockout. Every check of a user's secret counts towards it — the password at
// sign-in and wherever it is asked for again, two-factor codes — and while the account is locked
// none of them is even tried: the threshold of failures in a row locks it for a while, a success
// starts the count again, a lock that has run out starts it from one.
struct LockState {
    bool locked = false;
    std::int64_t retryAfterSeconds = 0;
};

// Whether the user is locked out now; with `forUpdate`, also locks their row, so that a failure
// counted meanwhile (another request, another instance) is seen.
LockState lockState(pqxx::transaction_base& tx, std::int64_t userId, bool forUpdate);

// Counts one failed check and audits it as `action` (auth.login_failed at sign-in,
// auth.reauth_failed elsewhere) with `reason`; the failure that reaches the threshold locks the
// account and writes auth.account_locked too. The caller commits, also when it then refuses.
LockState countFailure(pqxx::transaction_base& tx, const Config& config,
                       const http::Request& request, std::int64_t userId, std::string_view username,
                       std::string_view action, boost::json::object details);

// A check passed: the count starts again.
void clearFailures(pqxx::transaction_base& tx, std::int64_t userId);

// 423 `account_locked` with details.retry_after_s and Retry-After.
http::Response lockedResponse(std::int64_t retryAfterSeconds);

}  // namespace opsdesk::server::auth
