#include "auth/auth_service.h"

#include <boost/json/serialize.hpp>
#include <ctime>
#include <pqxx/pqxx>

#include "api/call.h"
#include "api/database_work.h"
#include "app/server_app.h"
#include "audit/audit.h"
#include "auth/account.h"
#include "auth/lockout.h"
#include "auth/password.h"
#include "auth/secret_box.h"
#include "auth/tokens.h"
#include "auth/totp.h"
#include "core/api_error.h"
#include "core/log.h"
#include "db/db_pool.h"
#include "db/sql_time.h"

namespace opsdesk::server::auth {

namespace {

using protocol::ErrorCode;

// Loaded with every authenticated request: one round trip answers who, what and whether the
// session is still good. Permissions and roles come comma-joined (their names have no commas).
const bool kStatementsRegistered = [] {
    db::DbPool::registerStatement("auth_principal", R"sql(
        SELECT s.id, u.id, u.username, u.display_name, u.must_change_password,
               s.last_seen_at < now() - make_interval(secs => $2) AS touch,
               coalesce((SELECT string_agg(DISTINCT rp.permission, ',')
                         FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                         WHERE ur.user_id = u.id), '') AS permissions,
               coalesce((SELECT string_agg(r.name, ',' ORDER BY r.name)
                         FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                         WHERE ur.user_id = u.id), '') AS roles,
               u.totp_secret IS NULL
                 AND coalesce((SELECT value = 'true'::jsonb FROM settings
                               WHERE key = 'totp_required_for_roles_write'), false)
                 AND EXISTS (SELECT 1 FROM user_roles ur
                             JOIN role_permissions rp ON rp.role_id = ur.role_id
                             WHERE ur.user_id = u.id AND rp.permission = 'roles.write')
                 AS totp_enrollment_required,
               u.totp_secret IS NOT NULL AS totp_enabled,
               extract(epoch FROM least(s.expires_at, s.last_seen_at + make_interval(secs => $3))
                                  - now())::float8 AS seconds_left
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $3) AND u.active)sql");
    db::DbPool::registerStatement("auth_touch",
                                  "UPDATE sessions SET last_seen_at = now() WHERE id = $1");
    return true;
}();

std::vector<std::string> splitCommas(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto comma = s.find(',', start);
        if (comma == std::string::npos) {
            comma = s.size();
        }
        out.push_back(s.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

api::Principal principalFromRow(const pqxx::row& row) {
    api::Principal p;
    p.sessionId = row[0].as<std::int64_t>();
    p.userId = row[1].as<std::int64_t>();
    p.username = row[2].as<std::string>();
    p.displayName = row[3].as<std::string>();
    p.mustChangePassword = row[4].as<bool>();
    for (const auto& name : splitCommas(row[6].as<std::string>())) {
        if (auto perm = protocol::permissionFromString(name)) {
            p.permissions.insert(*perm);
        }
    }
    p.roles = splitCommas(row[7].as<std::string>());
    p.totpEnrollmentRequired = row[8].as<bool>();
    p.totpEnabled = row[9].as<bool>();
    p.sessionSecondsLeft = row[10].as<double>();
    return p;
}

boost::json::object userObject(const api::Principal& p) {
    boost::json::array roles;
    for (const auto& r : p.roles) {
        roles.emplace_back(r);
    }
    boost::json::array perms;
    for (auto perm : p.permissions) {
        perms.emplace_back(protocol::toString(perm));
    }
    return {{"id", p.userId},
            {"username", p.username},
            {"display_name", p.displayName},
            {"roles", std::move(roles)},
            {"permissions", std::move(perms)},
            {"must_change_password", p.mustChangePassword},
            {"totp_enabled", p.totpEnabled},
            {"totp_enrollment_required", p.totpEnrollmentRequired}};
}

// What the first database step of a login learned.
struct LoginCandidate {
    std::string username;      // as typed
    std::string otp;           // as typed, may be empty
    std::int64_t userId = 0;   // 0: no such user
    std::string passwordHash;  // the hash the password is checked against
};

http::Response otpRequired(std::string_view reason) {
    return ApiError(ErrorCode::OtpRequired,
                    reason == "missing" ? "Enter the 6-digit code from your authenticator app"
                                        : "That code is not correct or was used already",
                    {}, {{"reason", reason}})
        .toResponse();
}

http::Response invalidCredentials() {
    return ApiError(ErrorCode::InvalidCredentials, "The username or password is not correct")
        .toResponse();
}

// Third step: record the outcome; on success open a session. Everything the first step read
// is read again under the user's row lock: the account may have been locked (by failures
// counted meanwhile, here or on another instance), deactivated, or given a new password or
// second factor while the password was being checked.
http::Response finishLogin(App& app, pqxx::connection& db, const http::Request& request,
                           const LoginCandidate& candidate, bool passwordOk) {
    const Config& cfg = app.config();
    pqxx::work tx(db);
    if (candidate.userId == 0) {
        audit::recordAnonymous(
            tx, &request, std::nullopt, "",
            {"auth.login_failed", "user", std::nullopt, nullptr,
             boost::json::object{{"username", candidate.username}, {"reason", "unknown_user"}}});
        tx.commit();
        return invalidCredentials();
    }
    const auto lock = lockState(tx, candidate.userId, true);
    if (lock.locked) {
        tx.commit();
        log::warn("sign-in refused: account locked", {{"user_id", candidate.userId},
                                                      {"address", request.remoteAddress},
                                                      {"request_id", request.requestId}});
        return lockedResponse(lock.retryAfterSeconds);
    }
    const auto now = tx.exec_params1(
        "SELECT password_hash, active, totp_secret, totp_last_step FROM users WHERE id = $1",
        candidate.userId);
    const bool active = now[1].as<bool>();
    std::optional<std::string> totpSecret;
    if (!now[2].is_null()) {
        totpSecret = app.secrets().open(now[2].as<std::string>(), totpContext(candidate.userId));
        if (!totpSecret) {
            return unreadableTotpSecret(candidate.userId).toResponse();
        }
    }
    std::optional<std::int64_t> totpLastStep;
    if (!now[3].is_null()) {
        totpLastStep = now[3].as<std::int64_t>();
    }
    std::string_view failure;
    if (!passwordOk || now[0].as<std::string>() != candidate.passwordHash) {
        failure = "password";  // also when it was changed while the old one was being checked
    } else if (!active) {
        failure = "inactive";
    } else if (totpSecret) {
        if (candidate.otp.empty()) {
            // The usual first step of a two-factor sign-in, not a failure.
            tx.commit();
            return otpRequired("missing");
        }
        const auto step = verifyTotp(*totpSecret, candidate.otp,
                                     static_cast<std::int64_t>(std::time(nullptr)), totpLastStep);
        // Claim the step atomically: two sign-ins racing with one code cannot both win.
        if (!step || tx.exec_params("UPDATE users SET totp_last_step = $2 WHERE id = $1 AND "
                                    "(totp_last_step IS NULL OR totp_last_step < $2)",
                                    candidate.userId, *step)
                             .affected_rows() != 1) {
            failure = "otp";
        }
    }
    if (!failure.empty()) {
        const auto counted =
            countFailure(tx, cfg, request, candidate.userId, candidate.username,
                         "auth.login_failed", boost::json::object{{"reason", failure}});
        tx.commit();
        if (counted.locked) {
            return lockedResponse(counted.retryAfterSeconds);
        }
        return failure == "otp" ? otpRequired("invalid") : invalidCredentials();
    }
    const std::string token = newSessionToken();
    std::string client(request.headers.get("User-Agent").value_or(""));
    if (client.size() > 200) {
        client.resize(200);
    }
    clearFailures(tx, candidate.userId);
    const auto session = tx.exec_params1(
        "INSERT INTO sessions (user_id, token_hash, expires_at, address, client) "
        "VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5) "
        "RETURNING " OPSDESK_SQL_TS("expires_at") ", id",
        candidate.userId, tokenHash(token), static_cast<long>(cfg.sessionMax.count()),
        request.remoteAddress, client);
    const auto row = tx.exec_prepared1("auth_principal", tokenHash(token),
                                       static_cast<long>(cfg.sessionIdle.count()),
                                       static_cast<long>(cfg.sessionIdle.count()));
    const api::Principal principal = principalFromRow(row);
    audit::recordAnonymous(
        tx, &request, candidate.userId, principal.username,
        {"auth.login", "session", session[1].as<std::string>(), nullptr,
         boost::json::object{{"address", request.remoteAddress}, {"client", client}}});
    tx.commit();
    boost::json::object body{{"token", token},
                             {"expires_at", session[0].as<std::string>()},
                             {"user", userObject(principal)}};
    auto response = http::Response::json(200, boost::json::serialize(body));
    response.headers.set("Cache-Control", "no-store");
    response.logUser = principal.username;
    return response;
}

}  // namespace

std::optional<std::string_view> bearerToken(const http::Request& request) {
    const auto header = request.headers.get("Authorization");
    if (!header) {
        return std::nullopt;
    }
    std::string_view v = *header;
    constexpr std::string_view scheme = "Bearer ";
    if (v.size() <= scheme.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(v[i])) !=
            std::tolower(static_cast<unsigned char>(scheme[i]))) {
            return std::nullopt;
        }
    }
    v.remove_prefix(scheme.size());
    while (!v.empty() && v.front() == ' ') {
        v.remove_prefix(1);
    }
    if (v.empty() || v.size() > 256) {
        return std::nullopt;
    }
    return v;
}

long activityStampSeconds(const Config& config) {
    // Record activity at most every few seconds (a tenth of the idle limit, at most 15 s), not
    // on every request.
    return std::max<long>(0,
                          std::min<long>(15, static_cast<long>(config.sessionIdle.count()) / 10));
}

std::optional<api::Principal> authenticate(pqxx::connection& db, const Config& config,
                                           std::string_view token) {
    return authenticateHashed(db, config, tokenHash(token));
}

std::optional<api::Principal> authenticateHashed(pqxx::connection& db, const Config& config,
                                                 const std::string& hash, bool recordActivity) {
    const long touchAfter = activityStampSeconds(config);
    // One statement (and now and then the touch, a statement of its own): no transaction
    // around them, so no BEGIN/COMMIT round trips on every request.
    pqxx::nontransaction tx(db);
    const auto result = tx.exec_prepared("auth_principal", hash, touchAfter,
                                         static_cast<long>(config.sessionIdle.count()));
    if (result.empty()) {
        return std::nullopt;
    }
    api::Principal p = principalFromRow(result[0]);
    if (recordActivity && result[0][5].as<bool>()) {
        tx.exec_prepared("auth_touch", p.sessionId);
    }
    return p;
}

void login(App& app, http::Request&& request, http::Responder respond) {
    auto req = std::make_shared<http::Request>(std::move(request));
    std::string username;
    std::string password;
    std::string otp;
    try {
        const auto body = api::parseJsonObject(req->body);
        std::map<std::string, std::string> fields;
        auto u = api::optionalString(body, "username");
        auto p = api::optionalString(body, "password");
        if (!u || u->empty()) {
            fields["username"] = "required";
        }
        if (!p || p->empty()) {
            fields["password"] = "required";
        } else if (p->size() > 4 * kMaxPasswordLength) {
            fields["password"] = "too long";
        }
        if (u && u->size() > 64) {
            fields["username"] = "too long";
        }
        if (!fields.empty()) {
            throw validationFailed(std::move(fields));
        }
        username = std::move(*u);
        password = std::move(*p);
        otp = api::optionalString(body, "otp").value_or("");
        if (otp.size() > 16) {
            throw validationFailed({{"otp", "too long"}});
        }
        int retryAfter = 0;
        if (!app.loginThrottle().allow(req->remoteAddress, &retryAfter)) {
            throw ApiError(ErrorCode::RateLimited,
                           "Too many sign-in attempts from this address; try again shortly", {},
                           {{"retry_after_s", retryAfter}})
                .withHeader("Retry-After", std::to_string(retryAfter));
        }
    } catch (...) {
        respond(api::responseForException(std::current_exception(), *req));
        return;
    }

    // Step 1 (database): who is this, and are they locked out?
    auto candidate = std::make_shared<LoginCandidate>();
    candidate->username = username;
    candidate->otp = std::move(otp);
    api::runOnDatabase(
        app.db(), *req,
        [&app, req, candidate, username, password = std::move(password),
         respond](pqxx::connection& db) -> std::optional<http::Response> {
            pqxx::read_transaction tx(db);
            // Only to spare a locked account the hashing: step 3 decides, under the row lock.
            const auto r = tx.exec_params(
                "SELECT id, password_hash, "
                "  ceil(extract(epoch FROM locked_until - now()))::bigint "
                "FROM users WHERE lower(username) = lower($1)",
                username);
            tx.commit();
            if (!r.empty()) {
                candidate->userId = r[0][0].as<std::int64_t>();
                candidate->passwordHash = r[0][1].as<std::string>();
                if (!r[0][2].is_null() && r[0][2].as<std::int64_t>() > 0) {
                    log::warn("sign-in refused: account locked", {{"user_id", candidate->userId},
                                                                  {"address", req->remoteAddress},
                                                                  {"request_id", req->requestId}});
                    return lockedResponse(r[0][2].as<std::int64_t>());
                }
            }
            // Step 2 (hash pool): check the password, or burn the same time for an unknown user.
            const std::string hash = candidate->userId ? candidate->passwordHash : app.dummyHash();
            const bool queued =
                app.hashPool().trySubmit([&app, req, candidate, hash, password, respond] {
                    bool ok = false;
                    try {
                        ok = verifyPassword(password, hash) && candidate->userId != 0;
                    } catch (const std::exception& e) {
                        log::error("password verification failed", {{"what", e.what()}});
                        respond(ApiError(ErrorCode::Internal, "Sign-in failed").toResponse());
                        return;
                    }
                    // Step 3 (database): record the outcome.
                    api::runOnDatabase(
                        app.db(), *req,
                        [&app, req, candidate, ok](pqxx::connection& db2) {
                            return std::optional(finishLogin(app, db2, *req, *candidate, ok));
                        },
                        respond);
                });
            if (!queued) {
                return ApiError(ErrorCode::Unavailable,
                                "The server is busy signing people in; try again in a moment")
                    .withHeader("Retry-After", "2")
                    .toResponse();
            }
            return std::nullopt;  // the hash pool's step answers
        },
        respond);
}

http::Response logout(api::Call& call) {
    pqxx::work tx(call.db);
    const auto ended =
        tx.exec_params(
              "UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
              call.user().sessionId)
            .affected_rows();
    if (ended > 0) {
        audit::record(tx, call,
                      {"auth.logout", "session", std::to_string(call.user().sessionId), nullptr,
                       boost::json::object{{"address", call.request.remoteAddress}}});
    }
    tx.commit();
    return http::Response::noContent();
}

http::Response me(api::Call& call) {
    auto r = http::Response::json(200, userJson(call.user()));
    r.headers.set("Cache-Control", "no-store");
    return r;
}

std::string userJson(const api::Principal& p) {
    return boost::json::serialize(userObject(p));
}

std::int64_t createUser(pqxx::connection& db, const ScryptParams& params,
                        const std::string& username, const std::string& password,
                        const std::string& role, const std::string& displayName,
                        const std::string& email) {
    std::map<std::string, std::string> fields;
    if (username.empty() || username.size() > 64) {
        fields["username"] = "must be 1 to 64 characters";
    }
    if (auto why = passwordPolicyViolation(password)) {
        fields["password"] = *why;
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    const std::string hash = hashPassword(password, params);
    pqxx::work tx(db);
    const auto roleRow = tx.exec_params("SELECT id FROM roles WHERE lower(name) = lower($1)", role);
    if (roleRow.empty()) {
        throw validationFailed({{"role", "no such role: " + role}});
    }
    const auto existing =
        tx.exec_params("SELECT 1 FROM users WHERE lower(username) = lower($1)", username);
    if (!existing.empty()) {
        throw ApiError(ErrorCode::Conflict, "A user with that username exists already",
                       {{"username", "taken"}});
    }
    const auto id = tx.exec_params1(
                          "INSERT INTO users (username, display_name, email, password_hash) "
                          "VALUES ($1, $2, $3, $4) RETURNING id",
                          username, displayName.empty() ? username : displayName, email, hash)[0]
                        .as<std::int64_t>();
    tx.exec_params("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)", id,
                   roleRow[0][0].as<std::int64_t>());
    tx.commit();
    return id;
}

}  // namespace opsdesk::server::auth
