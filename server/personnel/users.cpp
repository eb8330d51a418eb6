// Staff accounts. Every write locks the row, checks If-Match, applies the change, bumps the
// version and writes its audit row, all in one transaction.

#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "api/paging.h"
#include "app/server_app.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "core/api_error.h"
#include "db/like_pattern.h"
#include "db/sql_time.h"
#include "personnel/common.h"
#include "personnel/personnel.h"

namespace opsdesk::server::personnel {

namespace {

using protocol::ErrorCode;
using namespace detail;

// The API's user object, built by PostgreSQL. Never includes the password hash or TOTP secrets.
#define USER_JSON_SQL \
    "json_build_object( "                                                                        \
    "'id', u.id, 'username', u.username, 'display_name', u.display_name, 'email', u.email, "     \
    "'active', u.active, 'must_change_password', u.must_change_password, "                       \
    "'totp_enabled', u.totp_secret IS NOT NULL, "                                                \
    "'locked_until', CASE WHEN u.locked_until > now() "                                          \
    "THEN " OPSDESK_SQL_TS("u.locked_until") " END, "                                          \
    "'roles', coalesce((SELECT json_agg(r.name ORDER BY r.name) FROM user_roles ur "             \
    "JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), '[]'::json), "                  \
    "'created_at', " OPSDESK_SQL_TS("u.created_at") ", "                                         \
    "'updated_at', " OPSDESK_SQL_TS("u.updated_at") ", "                                         \
    "'version', u.version) "

bool plausibleEmail(const std::string& e) {
    const auto at = e.find('@');
    return e.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < e.size() &&
           e.find('@', at + 1) == std::string::npos && e.find(' ') == std::string::npos &&
           e.find('.', at) != std::string::npos;
}

bool plausibleUsername(const std::string& u) {
    if (u.empty() || u.size() > 64) {
        return false;
    }
    for (unsigned char c : u) {
        if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '@')) {
            return false;
        }
    }
    return true;
}

// Locks the user's row; 404 when there is none. Returns its version.
int lockUser(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params("SELECT version FROM users WHERE id = $1 FOR UPDATE", id);
    if (r.empty()) {
        throw notFound("No such user");
    }
    return r[0][0].as<int>();
}

void bumpVersion(pqxx::transaction_base& tx, std::int64_t id) {
    tx.exec_params("UPDATE users SET version = version + 1, updated_at = now() WHERE id = $1", id);
}

http::Response userResponse(pqxx::transaction_base& tx, std::int64_t id, int status = 200) {
    auto snapshot = userSnapshot(tx, id);
    const int version = static_cast<int>(snapshot.at("version").as_int64());
    return api::withVersion(http::Response::json(status, boost::json::serialize(snapshot)),
                            version);
}

void revokeSessions(pqxx::transaction_base& tx, std::int64_t userId) {
    tx.exec_params(
        "UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", userId);
}

// Replaces a user's roles, refusing any that would grant permissions the caller lacks.
void setRoles(pqxx::transaction_base& tx, const api::Call& call, std::int64_t userId,
              const std::vector<std::string>& names) {
    if (names.empty()) {
        throw validationFailed({{"roles", "a user needs at least one role"}});
    }
    const auto wanted = roleIds(tx, names, "roles");
    std::set<std::int64_t> current;
    for (const auto& row :
         tx.exec_params("SELECT role_id FROM user_roles WHERE user_id = $1", userId)) {
        current.insert(row[0].as<std::int64_t>());
    }
    std::vector<std::int64_t> added;
    for (const auto& [name, id] : wanted) {
        if (!current.contains(id)) {
            added.push_back(id);
        }
    }
    requireNoEscalation(call, permissionsOfRoles(tx, added));
    tx.exec_params("DELETE FROM user_roles WHERE user_id = $1", userId);
    for (const auto& [name, id] : wanted) {
        tx.exec_params("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)", userId, id);
    }
}

}  // namespace

boost::json::object userSnapshot(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r =
        tx.exec_params("SELECT " USER_JSON_SQL "::text FROM users u WHERE u.id = $1", id);
    if (r.empty()) {
        throw notFound("No such user");
    }
    return parseJson(r[0][0].as<std::string>()).as_object();
}

std::vector<std::string> permissionsNotHeld(const api::Call& call,
                                            const std::set<std::string>& permissions) {
    std::vector<std::string> missing;
    for (const auto& name : permissions) {
        const auto p = protocol::permissionFromString(name);
        if (!p || !call.user().has(*p)) {
            missing.push_back(name);
        }
    }
    return missing;
}

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string list;
    for (const auto& name : names) {
        list += (list.empty() ? "" : ", ") + name;
    }
    return list;
}

boost::json::array jsonArray(const std::vector<std::string>& names) {
    boost::json::array out;
    for (const auto& name : names) {
        out.emplace_back(name);
    }
    return out;
}

}  // namespace

void requireNoEscalation(const api::Call& call, const std::set<std::string>& granted) {
    const auto missing = permissionsNotHeld(call, granted);
    if (!missing.empty()) {
        const auto list = joined(missing);
        throw ApiError(ErrorCode::ValidationFailed,
                       "You cannot grant permissions you do not hold yourself: " + list,
                       {{"permissions", "not held by you: " + list}},
                       {{"permissions", jsonArray(missing)}});
    }
}

void requireAuthorityOver(pqxx::transaction_base& tx, const api::Call& call, std::int64_t targetId,
                          std::string_view attempted) {
    std::set<std::string> held;
    for (const auto& row :
         tx.exec_params("SELECT DISTINCT rp.permission FROM user_roles ur "
                        "JOIN role_permissions rp ON rp.role_id = ur.role_id WHERE ur.user_id = $1",
                        targetId)) {
        held.insert(row[0].as<std::string>());
    }
    const auto missing = permissionsNotHeld(call, held);
    if (missing.empty()) {
        return;
    }
    throw ApiError(
        ErrorCode::Forbidden,
        "This user holds permissions you do not hold yourself (" + joined(missing) +
            "): ask someone who holds them",
        {}, {{"required_permission", missing.front()}, {"missing_permissions", jsonArray(missing)}})
        .audited({"user.action_refused",
                  "user",
                  std::to_string(targetId),
                  {{"attempted", attempted}, {"missing_permissions", jsonArray(missing)}}});
}

void lockAdminChanges(pqxx::transaction_base& tx) {
    tx.exec("SELECT id FROM roles WHERE name = 'admin' FOR UPDATE");
}

void requireAnActiveAdmin(pqxx::transaction_base& tx) {
    const auto n = tx.exec1(
                         "SELECT count(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id "
                         "JOIN roles r ON r.id = ur.role_id WHERE r.name = 'admin' AND u.active")[0]
                       .as<long>();
    if (n == 0) {
        throw ApiError(ErrorCode::Conflict,
                       "This would leave no active administrator; make someone else an "
                       "administrator first");
    }
}

http::Response listUsers(api::Call& call) {
    const auto& r = call.request;
    const auto page = api::readPage(r);
    const std::string sort = r.queryParam("sort").value_or("username");
    const std::string order = r.queryParam("order").value_or("asc");
    std::string key;
    if (sort == "username") {
        key = "lower(u.username)";
    } else if (sort == "display_name") {
        key = "lower(u.display_name)";
    } else if (sort == "email") {
        key = "lower(u.email)";
    } else if (sort == "created_at") {
        key = "to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
    } else {
        throw validationFailed({{"sort", "must be username, display_name, email or created_at"}});
    }
    if (order != "asc" && order != "desc") {
        throw validationFailed({{"order", "must be asc or desc"}});
    }
    key = "(" + key + ") COLLATE \"C\"";
    std::optional<std::string> afterKey;
    std::optional<std::int64_t> afterId;
    if (page.after) {
        const auto& k = *page.after;
        if (k.size() != 2 || !k[0].is_string() || !k[1].is_int64()) {
            throw validationFailed({{"cursor", "is not a cursor this server handed out"}});
        }
        afterKey = std::string(k[0].as_string());
        afterId = k[1].as_int64();
    }
    std::optional<std::string> q = r.queryParam("q");
    if (q && q->empty()) {
        q.reset();
    }
    std::optional<std::string> role = r.queryParam("role");
    if (role && role->empty()) {
        role.reset();
    }
    std::optional<bool> active;
    if (const auto a = r.queryParam("active"); a && !a->empty()) {
        if (*a != "true" && *a != "false") {
            throw validationFailed({{"active", "must be true or false"}});
        }
        active = *a == "true";
    }
    const char* cmp = order == "asc" ? ">" : "<";
    const std::string sql = std::string("SELECT " USER_JSON_SQL "::text, ") + key + ", u.id " +
                            R"sql(FROM users u
        WHERE ($1::text IS NULL OR u.username ILIKE $1 OR u.display_name ILIKE $1
                                OR u.email ILIKE $1)
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r
                                           ON r.id = ur.role_id
                                           WHERE ur.user_id = u.id AND lower(r.name) = lower($2)))
          AND ($3::boolean IS NULL OR u.active = $3)
          AND ($4::text IS NULL OR ()sql" +
                            key + ", u.id) " + cmp + " ($4::text COLLATE \"C\", $5::bigint))" +
                            " ORDER BY " + key + " " + order + ", u.id " + order + " LIMIT $6";
    pqxx::read_transaction tx(call.db);
    const auto rows = tx.exec_params(sql, q ? std::optional(db::likePattern(*q)) : std::nullopt,
                                     role, active, afterKey, afterId, page.limit + 1);
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const pqxx::row& last) {
            return boost::json::array{boost::json::string(last[1].c_str()),
                                      last[2].as<std::int64_t>()};
        }));
}

http::Response getUser(api::Call& call) {
    pqxx::read_transaction tx(call.db);
    return userResponse(tx, call.idParam("id"));
}

http::Response createUser(api::Call& call) {
    const auto body = call.jsonBody();
    std::map<std::string, std::string> fields;
    const auto username = api::optionalString(body, "username").value_or("");
    const auto displayName = api::optionalString(body, "display_name").value_or("");
    const auto email = api::optionalString(body, "email").value_or("");
    const auto password = api::optionalString(body, "password").value_or("");
    const auto roles = stringArray(body, "roles").value_or(std::vector<std::string>{});
    if (!plausibleUsername(username)) {
        fields["username"] = "1 to 64 letters, digits, '.', '_', '-' or '@'";
    }
    if (displayName.size() > 200) {
        fields["display_name"] = "at most 200 characters";
    }
    if (!email.empty() && !plausibleEmail(email)) {
        fields["email"] = "not an email address";
    }
    if (auto why = auth::passwordPolicyViolation(password)) {
        fields["password"] = *why;
    }
    if (roles.empty()) {
        fields["roles"] = "a user needs at least one role";
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    // Hashed first, on the hash pool: it takes a while and needs no rows locked.
    return call.afterPasswordWork({"", "", password}, [=](api::Call& c,
                                                          const api::PasswordOutcome& outcome) {
        pqxx::work tx(c.db);
        if (!tx.exec_params("SELECT 1 FROM users WHERE lower(username) = lower($1)", username)
                 .empty()) {
            throw ApiError(ErrorCode::Conflict, "That username is taken", {{"username", "taken"}});
        }
        const auto id =
            tx.exec_params1(
                  "INSERT INTO users (username, display_name, email, password_hash, "
                  "must_change_password) VALUES ($1, $2, $3, $4, true) RETURNING id",
                  username, displayName.empty() ? username : displayName, email, outcome.newHash)[0]
                .as<std::int64_t>();
        setRoles(tx, c, id, roles);
        auto after = userSnapshot(tx, id);
        audit::record(tx, c, {"user.create", "user", std::to_string(id), nullptr, after});
        auto response = userResponse(tx, id, 201);
        tx.commit();
        return response;
    });
}

http::Response updateUser(api::Call& call) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    std::map<std::string, std::string> fields;
    const auto displayName = api::optionalString(body, "display_name");
    const auto email = api::optionalString(body, "email");
    const auto roles = stringArray(body, "roles");
    const auto active = optionalBool(body, "active");
    if (displayName && (displayName->empty() || displayName->size() > 200)) {
        fields["display_name"] = "1 to 200 characters";
    }
    if (email && !email->empty() && !plausibleEmail(*email)) {
        fields["email"] = "not an email address";
    }
    for (const auto& [key, value] : body) {
        if (key != "display_name" && key != "email" && key != "roles" && key != "active") {
            fields[std::string(key)] = "cannot be changed here";
        }
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    pqxx::work tx(call.db);
    if (roles || active) {
        lockAdminChanges(tx);
    }
    const int version = lockUser(tx, id);
    requireAuthorityOver(tx, call, id, "user.update");
    api::requireVersion(expected, version);
    const auto before = userSnapshot(tx, id);
    if (displayName) {
        tx.exec_params("UPDATE users SET display_name = $2 WHERE id = $1", id, *displayName);
    }
    if (email) {
        tx.exec_params("UPDATE users SET email = $2 WHERE id = $1", id, *email);
    }
    if (roles) {
        setRoles(tx, call, id, *roles);
    }
    if (active) {
        tx.exec_params("UPDATE users SET active = $2 WHERE id = $1", id, *active);
        if (!*active) {
            revokeSessions(tx, id);
        }
    }
    if (roles || active) {
        requireAnActiveAdmin(tx);
    }
    bumpVersion(tx, id);
    const auto after = userSnapshot(tx, id);
    audit::record(tx, call, {"user.update", "user", std::to_string(id), before, after});
    auto response = userResponse(tx, id);
    tx.commit();
    return response;
}

namespace {

http::Response setActive(api::Call& call, bool active) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    pqxx::work tx(call.db);
    lockAdminChanges(tx);
    const int version = lockUser(tx, id);
    requireAuthorityOver(tx, call, id, active ? "user.reactivate" : "user.deactivate");
    api::requireVersion(expected, version);
    const auto before = userSnapshot(tx, id);
    tx.exec_params(
        "UPDATE users SET active = $2, failed_logins = 0, locked_until = NULL "
        "WHERE id = $1",
        id, active);
    if (!active) {
        // Every session of the user ends now, on every server instance: each request re-reads
        // the user's state.
        revokeSessions(tx, id);
        requireAnActiveAdmin(tx);
    }
    bumpVersion(tx, id);
    const auto after = userSnapshot(tx, id);
    audit::record(tx, call,
                  {active ? "user.reactivate" : "user.deactivate", "user", std::to_string(id),
                   before, after});
    auto response = userResponse(tx, id);
    tx.commit();
    return response;
}

}  // namespace

http::Response deactivateUser(api::Call& call) {
    return setActive(call, false);
}
http::Response reactivateUser(api::Call& call) {
    return setActive(call, true);
}

http::Response resetPassword(api::Call& call) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    const auto password = api::optionalString(body, "new_password").value_or("");
    if (auto why = auth::passwordPolicyViolation(password)) {
        throw validationFailed({{"new_password", *why}});
    }
    {
        // Refused (and audited) before any hashing when it is refused now; checked again below.
        pqxx::work tx(call.db);
        const int version = lockUser(tx, id);
        requireAuthorityOver(tx, call, id, "user.password_reset");
        api::requireVersion(expected, version);
        tx.commit();
    }
    return call.afterPasswordWork({"", "", password}, [=](api::Call& c,
                                                          const api::PasswordOutcome& outcome) {
        pqxx::work tx(c.db);
        const int version = lockUser(tx, id);
        requireAuthorityOver(tx, c, id, "user.password_reset");
        api::requireVersion(expected, version);
        const auto before = userSnapshot(tx, id);
        // A reset also unlocks, and the user must choose their own password at the next
        // sign-in.
        tx.exec_params(
            "UPDATE users SET password_hash = $2, must_change_password = true, "
            "failed_logins = 0, locked_until = NULL WHERE id = $1",
            id, outcome.newHash);
        revokeSessions(tx, id);
        bumpVersion(tx, id);
        const auto after = userSnapshot(tx, id);
        audit::record(tx, c, {"user.password_reset", "user", std::to_string(id), before, after});
        auto response = userResponse(tx, id);
        tx.commit();
        return response;
    });
}

http::Response revokeUserSessions(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::work tx(call.db);
    lockUser(tx, id);
    requireAuthorityOver(tx, call, id, "session.revoke_all");
    const auto n = tx.exec_params(
                         "UPDATE sessions SET revoked_at = now() "
                         "WHERE user_id = $1 AND revoked_at IS NULL",
                         id)
                       .affected_rows();
    audit::record(tx, call,
                  {"session.revoke_all", "user", std::to_string(id), nullptr,
                   boost::json::object{{"sessions_ended", n}}});
    tx.commit();
    return http::Response::noContent();
}

http::Response disableUserTotp(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::work tx(call.db);
    lockUser(tx, id);
    requireAuthorityOver(tx, call, id, "user.totp_disable");
    const auto before = userSnapshot(tx, id);
    tx.exec_params(
        "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, "
        "totp_last_step = NULL WHERE id = $1",
        id);
    bumpVersion(tx, id);
    const auto after = userSnapshot(tx, id);
    audit::record(tx, call, {"user.totp_disable", "user", std::to_string(id), before, after});
    tx.commit();
    return http::Response::noContent();
}

}  // namespace opsdesk::server::personnel
