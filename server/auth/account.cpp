#include "auth/account.h"

#include <boost/json/serialize.hpp>
#include <ctime>
#include <pqxx/pqxx>

#include "app/server_app.h"
#include "audit/audit.h"
#include "auth/lockout.h"
#include "auth/password.h"
#include "auth/secret_box.h"
#include "auth/totp.h"
#include "core/api_error.h"
#include "core/log.h"
#include "db/sql_time.h"

namespace opsdesk::server::auth {

namespace {

using protocol::ErrorCode;

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

void bumpUser(pqxx::transaction_base& tx, std::int64_t id) {
    tx.exec_params("UPDATE users SET version = version + 1, updated_at = now() WHERE id = $1", id);
}

struct TotpState {
    std::optional<std::string> secret;
    std::optional<std::string> pending;
    std::optional<std::int64_t> lastStep;
};

TotpState lockTotp(pqxx::transaction_base& tx, std::int64_t userId) {
    const auto r = tx.exec_params1(
        "SELECT totp_secret, totp_pending_secret, totp_last_step FROM users WHERE id = $1 "
        "FOR UPDATE",
        userId);
    TotpState s;
    if (!r[0].is_null()) {
        s.secret = r[0].as<std::string>();
    }
    if (!r[1].is_null()) {
        s.pending = r[1].as<std::string>();
    }
    if (!r[2].is_null()) {
        s.lastStep = r[2].as<std::int64_t>();
    }
    return s;
}

// The caller's two-factor secret as the box opens it; 503 when this server lacks its key.
std::string openSecret(api::Call& call, const std::string& stored) {
    if (auto secret = call.app.secrets().open(stored, totpContext(call.user().userId))) {
        return *secret;
    }
    throw unreadableTotpSecret(call.user().userId);
}

std::string requireOtp(const boost::json::object& body) {
    auto otp = api::optionalString(body, "otp");
    if (!otp || otp->empty()) {
        throw validationFailed({{"otp", "required"}});
    }
    if (otp->size() > 16) {
        throw validationFailed({{"otp", "too long"}});
    }
    return *otp;
}

// Asking for a secret again (the current password, a code) is throttled like sign-in: per
// session, and per address together with the sign-in attempts from there.
void throttleSecretCheck(api::Call& call) {
    int retryAfter = 0;
    const bool perSession = call.app.reauthThrottle().allow(
        "session:" + std::to_string(call.user().sessionId), &retryAfter);
    if (!perSession || !call.app.loginThrottle().allow(call.request.remoteAddress, &retryAfter)) {
        throw ApiError(ErrorCode::RateLimited, "Too many attempts; try again shortly", {},
                       {{"retry_after_s", retryAfter}})
            .withHeader("Retry-After", std::to_string(retryAfter));
    }
}

// 423 while the account is locked: then no secret of it is even checked.
void refuseWhileLocked(pqxx::transaction_base& tx, std::int64_t userId) {
    if (const auto lock = lockState(tx, userId, false); lock.locked) {
        throw ApiError(ErrorCode::AccountLocked,
                       "Too many failed attempts: this account is locked for now", {},
                       {{"retry_after_s", lock.retryAfterSeconds}})
            .withHeader("Retry-After", std::to_string(lock.retryAfterSeconds));
    }
}

// The answer to a wrong secret, once its failure is counted (and committed): 423 when that
// failure locked the account, otherwise 422 on `field`.
http::Response wrongSecret(const LockState& counted, const std::string& field,
                           const std::string& why, const std::string& message) {
    if (counted.locked) {
        return lockedResponse(counted.retryAfterSeconds);
    }
    return validationFailed({{field, why}}, message).toResponse();
}

// Second step of a check of the current password, under the user's row lock: the account may
// have been locked, or the password changed, while the hash was checked.
struct Rechecked {
    std::optional<http::Response> refusal;  // the answer when the check did not pass
};

Rechecked recheckPassword(pqxx::work& tx, api::Call& call, const api::PasswordOutcome& outcome,
                          const std::string& verifiedAgainst, std::string_view check,
                          const std::string& field) {
    const auto& me = call.user();
    if (const auto lock = lockState(tx, me.userId, true); lock.locked) {
        return {lockedResponse(lock.retryAfterSeconds)};
    }
    const auto stored =
        tx.exec_params1("SELECT password_hash FROM users WHERE id = $1", me.userId)[0]
            .as<std::string>();
    if (stored != verifiedAgainst) {
        return {ApiError(ErrorCode::Conflict,
                         "Your password was changed meanwhile; sign in again and retry")
                    .toResponse()};
    }
    if (!outcome.verified) {
        const auto counted = countFailure(
            tx, call.app.config(), call.request, me.userId, me.username, "auth.reauth_failed",
            boost::json::object{{"reason", "current_password"}, {"check", check}});
        tx.commit();
        return {
            wrongSecret(counted, field, "is not correct", "The current password is not correct")};
    }
    clearFailures(tx, me.userId);
    return {};
}

// The stored password hash of the caller, read in a transaction of its own; 423 while locked.
std::string storedPasswordHash(api::Call& call) {
    pqxx::read_transaction tx(call.db);
    refuseWhileLocked(tx, call.user().userId);
    return tx.exec_params1("SELECT password_hash FROM users WHERE id = $1", call.user().userId)[0]
        .as<std::string>();
}

// A code for the user's two-factor secret, checked under their row lock; a wrong one counts
// towards the lockout (and is committed). The step it matched, or the answer to give.
struct CodeCheck {
    std::optional<std::int64_t> step;
    std::optional<http::Response> refusal;
};

CodeCheck checkCode(pqxx::work& tx, api::Call& call, const std::string& secret,
                    const std::string& otp, std::optional<std::int64_t> lastStep,
                    std::string_view check) {
    const auto& me = call.user();
    if (const auto lock = lockState(tx, me.userId, false); lock.locked) {
        return {std::nullopt, lockedResponse(lock.retryAfterSeconds)};
    }
    if (const auto step = verifyTotp(secret, otp, now(), lastStep)) {
        clearFailures(tx, me.userId);
        return {step, std::nullopt};
    }
    const auto counted = countFailure(tx, call.app.config(), call.request, me.userId, me.username,
                                      "auth.reauth_failed",
                                      boost::json::object{{"reason", "otp"}, {"check", check}});
    tx.commit();
    return {std::nullopt, wrongSecret(counted, "otp", "is not correct or was used already",
                                      "That code is not correct")};
}

}  // namespace

http::Response changeOwnPassword(api::Call& call) {
    const auto body = call.jsonBody();
    const auto current = api::optionalString(body, "current_password").value_or("");
    const auto next = api::optionalString(body, "new_password").value_or("");
    std::map<std::string, std::string> fields;
    if (current.empty()) {
        fields["current_password"] = "required";
    } else if (current.size() > 4 * kMaxPasswordLength) {
        fields["current_password"] = "too long";
    }
    if (auto why = passwordPolicyViolation(next)) {
        fields["new_password"] = *why;
    } else if (next == current) {
        fields["new_password"] = "must differ from the current password";
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    throttleSecretCheck(call);
    const std::string stored = storedPasswordHash(call);
    return call.afterPasswordWork(
        {current, stored, next}, [stored](api::Call& c, const api::PasswordOutcome& outcome) {
            const auto& me = c.user();
            pqxx::work tx(c.db);
            if (auto refused =
                    recheckPassword(tx, c, outcome, stored, "password_change", "current_password")
                        .refusal) {
                return std::move(*refused);
            }
            tx.exec_params(
                "UPDATE users SET password_hash = $2, must_change_password = false "
                "WHERE id = $1",
                me.userId, outcome.newHash);
            // Whoever might know the old password is signed out everywhere else.
            tx.exec_params(
                "UPDATE sessions SET revoked_at = now() "
                "WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL",
                me.userId, me.sessionId);
            bumpUser(tx, me.userId);
            audit::record(tx, c,
                          {"user.password_change", "user", std::to_string(me.userId), nullptr,
                           boost::json::object{{"other_sessions_ended", true}}});
            tx.commit();
            return http::Response::noContent();
        });
}

namespace {

// Starts enrolment (the caller's proof is already checked): a new pending secret.
http::Response startEnrolment(api::Call& call, pqxx::work& tx) {
    const auto& me = call.user();
    const auto state = lockTotp(tx, me.userId);
    if (state.secret) {
        throw ApiError(ErrorCode::Conflict,
                       "Two-factor sign-in is on already; turn it off first to enrol again");
    }
    const std::string secret = newTotpSecret();
    tx.exec_params("UPDATE users SET totp_pending_secret = $2 WHERE id = $1", me.userId,
                   call.app.secrets().seal(secret, totpContext(me.userId)));
    audit::record(tx, call,
                  {"user.totp_enroll", "user", std::to_string(me.userId), nullptr,
                   boost::json::object{{"confirmed", false}}});
    tx.commit();
    boost::json::object o{{"otpauth_uri", otpauthUri("OpsDesk", me.username, secret)},
                          {"secret", secret}};
    auto r = http::Response::json(200, boost::json::serialize(o));
    r.headers.set("Cache-Control", "no-store");
    return r;
}

}  // namespace

http::Response enrollTotp(api::Call& call) {
    const auto& me = call.user();
    // A stolen token alone must not set up its own second factor: enrolment needs the current
    // password, unless the session signed in (with the password) only a moment ago.
    const auto body = call.request.body.empty() ? boost::json::object{} : call.jsonBody();
    const auto password = api::optionalString(body, "password");
    if (!password) {
        pqxx::work tx(call.db);
        const bool fresh =
            tx.exec_params1(
                  "SELECT created_at > now() - make_interval(secs => $2) "
                  "FROM sessions WHERE id = $1",
                  me.sessionId, static_cast<long>(call.app.config().reauthWindow.count()))[0]
                .as<bool>();
        if (!fresh) {
            throw ApiError(ErrorCode::ValidationFailed,
                           "Sign in again, or give your current password, to set up two-factor "
                           "sign-in",
                           {{"password", "required"}}, {{"reason", "reauthentication_required"}});
        }
        return startEnrolment(call, tx);
    }
    if (password->empty() || password->size() > 4 * kMaxPasswordLength) {
        throw validationFailed({{"password", "required"}});
    }
    throttleSecretCheck(call);
    const std::string stored = storedPasswordHash(call);
    return call.afterPasswordWork(
        {*password, stored, ""}, [stored](api::Call& c, const api::PasswordOutcome& outcome) {
            pqxx::work tx(c.db);
            if (auto refused =
                    recheckPassword(tx, c, outcome, stored, "totp_enroll", "password").refusal) {
                return std::move(*refused);
            }
            return startEnrolment(c, tx);
        });
}

http::Response confirmTotp(api::Call& call) {
    const auto& me = call.user();
    const auto otp = requireOtp(call.jsonBody());
    throttleSecretCheck(call);
    pqxx::work tx(call.db);
    const auto state = lockTotp(tx, me.userId);
    if (!state.pending) {
        throw ApiError(ErrorCode::Conflict, "Start enrolment first");
    }
    const auto code =
        checkCode(tx, call, openSecret(call, *state.pending), otp, std::nullopt, "totp_confirm");
    if (code.refusal) {
        return *code.refusal;
    }
    tx.exec_params(
        "UPDATE users SET totp_secret = totp_pending_secret, "
        "totp_pending_secret = NULL, totp_last_step = $2 WHERE id = $1",
        me.userId, *code.step);
    bumpUser(tx, me.userId);
    audit::record(tx, call,
                  {"user.totp_enable", "user", std::to_string(me.userId),
                   boost::json::object{{"totp_enabled", false}},
                   boost::json::object{{"totp_enabled", true}}});
    tx.commit();
    return http::Response::noContent();
}

http::Response disableOwnTotp(api::Call& call) {
    const auto& me = call.user();
    const auto otp = requireOtp(call.jsonBody());
    throttleSecretCheck(call);
    pqxx::work tx(call.db);
    const auto state = lockTotp(tx, me.userId);
    if (!state.secret) {
        throw ApiError(ErrorCode::Conflict, "Two-factor sign-in is not on");
    }
    const auto code =
        checkCode(tx, call, openSecret(call, *state.secret), otp, state.lastStep, "totp_disable");
    if (code.refusal) {
        return *code.refusal;
    }
    tx.exec_params(
        "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, "
        "totp_last_step = NULL WHERE id = $1",
        me.userId);
    bumpUser(tx, me.userId);
    audit::record(tx, call,
                  {"user.totp_disable", "user", std::to_string(me.userId),
                   boost::json::object{{"totp_enabled", true}},
                   boost::json::object{{"totp_enabled", false}}});
    tx.commit();
    return http::Response::noContent();
}
http::Response listOwnSessions(api::Call& call) {
    const auto& me = call.user();
    pqxx::read_transaction tx(call.db);
    const auto rows = tx.exec_params(
        "SELECT json_build_object('id', id, "
        "'created_at', " OPSDESK_SQL_TS("created_at") ", "
        "'last_seen_at', " OPSDESK_SQL_TS("last_seen_at") ", "
        "'expires_at', " OPSDESK_SQL_TS("expires_at") ", "
        R"sql('address', address, 'client', client, 'current', id = $2)::text
              FROM sessions
              WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
                AND last_seen_at > now() - make_interval(secs => $3)
              ORDER BY last_seen_at DESC, id DESC)sql",
        me.userId, me.sessionId, static_cast<long>(call.app.config().sessionIdle.count()));
    std::string body = R"({"items":[)";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        body += i ? "," : "";
        body += rows[static_cast<int>(i)][0].c_str();
    }
    body += "]}";
    auto r = http::Response::json(200, std::move(body));
    r.headers.set("Cache-Control", "no-store");
    return r;
}

http::Response endOwnSession(api::Call& call) {
    const auto& me = call.user();
    const auto id = call.idParam("id");
    pqxx::work tx(call.db);
    // Someone else's session is "not found": its existence is none of the caller's business.
    const auto n = tx.exec_params(
                         "UPDATE sessions SET revoked_at = now() "
                         "WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
                         id, me.userId)
                       .affected_rows();
    if (n == 0) {
        throw notFound("No such session");
    }
    audit::record(tx, call, {"session.revoke", "session", std::to_string(id), nullptr, nullptr});
    tx.commit();
    return http::Response::noContent();
}

ApiError unreadableTotpSecret(std::int64_t userId) {
    log::error(
        "a two-factor secret is sealed with a key this server does not have (--totp-key-file)",
        {{"user_id", userId}});
    return ApiError(ErrorCode::Unavailable,
                    "Two-factor sign-in cannot be checked on this server right now; try again "
                    "later")
        .withHeader("Retry-After", "60");
}

SealedSecrets sealTotpSecrets(pqxx::connection& db, const SecretBox& box) {
    SealedSecrets out;
    if (!box.hasKey()) {
        return out;
    }
    pqxx::work tx(db);
    const auto rows = tx.exec(
        "SELECT id, totp_secret, totp_pending_secret FROM users "
        "WHERE totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL FOR UPDATE");
    for (const auto& row : rows) {
        const auto id = row[0].as<std::int64_t>();
        for (const char* column : {"totp_secret", "totp_pending_secret"}) {
            const auto& field = row[column];
            if (field.is_null() || box.isCurrent(field.c_str())) {
                continue;
            }
            const auto secret = box.open(field.c_str(), totpContext(id));
            if (!secret) {
                ++out.unreadable;
                continue;
            }
            tx.exec_params(std::string("UPDATE users SET ") + column + " = $2 WHERE id = $1", id,
                           box.seal(*secret, totpContext(id)));
            ++out.sealedNow;
        }
    }
    tx.commit();
    return out;
}

}  // namespace opsdesk::server::auth
