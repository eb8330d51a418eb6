#include "auth/lockout.h"

#include <pqxx/pqxx>

#include "audit/audit.h"
#include "core/api_error.h"
#include "core/log.h"

namespace opsdesk::server::auth {

LockState lockState(pqxx::transaction_base& tx, std::int64_t userId, bool forUpdate) {
    const auto r = tx.exec_params1(
        std::string("SELECT coalesce(ceil(extract(epoch FROM locked_until - now()))::bigint, 0) "
                    "FROM users WHERE id = $1") +
            (forUpdate ? " FOR UPDATE" : ""),
        userId);
    const auto left = r[0].as<std::int64_t>();
    return {left > 0, left > 0 ? left : 0};
}

LockState countFailure(pqxx::transaction_base& tx, const Config& config,
                       const http::Request& request, std::int64_t userId, std::string_view username,
                       std::string_view action, boost::json::object details) {
    const auto r = tx.exec_params1(R"sql(
        UPDATE users SET
          failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now()
                               THEN 1 ELSE failed_logins + 1 END,
          locked_until = CASE
            WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now()
                       THEN 1 ELSE failed_logins + 1 END) >= $2
            THEN now() + make_interval(secs => $3)
            ELSE NULL END
        WHERE id = $1
        RETURNING locked_until IS NOT NULL,
                  ceil(extract(epoch FROM coalesce(locked_until, now()) - now()))::bigint)sql",
                                   userId, config.lockoutThreshold,
                                   static_cast<long>(config.lockoutDuration.count()));
    const LockState state{r[0].as<bool>(), r[1].as<std::int64_t>()};
    const auto uid = std::to_string(userId);
    audit::recordAnonymous(tx, &request, userId, username,
                           {action, "user", uid, nullptr, std::move(details)});
    if (state.locked) {
        audit::recordAnonymous(tx, &request, userId, username,
                               {"auth.account_locked", "user", uid, nullptr,
                                boost::json::object{{"retry_after_s", state.retryAfterSeconds},
                                                    {"failed_attempts", config.lockoutThreshold}}});
    }
    log::warn(
        state.locked ? "check of a secret failed; account locked" : "check of a secret failed",
        {{"user_id", userId},
         {"action", action},
         {"address", request.remoteAddress},
         {"request_id", request.requestId}});
    return state;
}

void clearFailures(pqxx::transaction_base& tx, std::int64_t userId) {
    tx.exec_params(
        "UPDATE users SET failed_logins = 0, locked_until = NULL "
        "WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
        userId);
}

http::Response lockedResponse(std::int64_t retryAfterSeconds) {
    auto e = ApiError(protocol::ErrorCode::AccountLocked,
                      "Too many failed attempts: this account is locked for now", {},
                      {{"retry_after_s", retryAfterSeconds}});
    e.withHeader("Retry-After", std::to_string(retryAfterSeconds));
    return e.toResponse();
}

}  // namespace opsdesk::server::auth
