#pragma once

#include <optional>
#include <pqxx/connection>
#include <string_view>

#include "api/call.h"
#include "api/principal.h"
#include "auth/password.h"
#include "core/config.h"
#include "http/message.h"

namespace opsdesk::server {
class App;
}

namespace opsdesk::server::auth {

// The signed-in user behind a bearer token, or nothing when the token is unknown, revoked,
// idle for too long, past its absolute expiry, or its user is deactivated.
std::optional<api::Principal> authenticate(pqxx::connection& db, const Config& config,
                                           std::string_view token);
// The same for a token known by its hash (auth::tokenHash), as the router has it. A lookup that
// is not the user's own doing (the live feed checking that its session still holds) passes
// recordActivity = false: it must not keep an idle session alive.
std::optional<api::Principal> authenticateHashed(pqxx::connection& db, const Config& config,
                                                 const std::string& hash,
                                                 bool recordActivity = true);

// How often a session's activity is written (last_seen_at): the idle limit is kept to within
// this much. A remembered session (SessionCache) is looked up again at least this often, so that
// its activity keeps being written.
long activityStampSeconds(const Config& config);

// The token of "Authorization: Bearer <token>", if any.
std::optional<std::string_view> bearerToken(const http::Request& request);

// POST /auth/login: database → password hash pool → database.
void login(App& app, http::Request&& request, http::Responder respond);

http::Response logout(api::Call& call);
http::Response me(api::Call& call);

// Creates a user from the command line; returns the new id. Throws ApiError on bad input.
std::int64_t createUser(pqxx::connection& db, const ScryptParams& params,
                        const std::string& username, const std::string& password,
                        const std::string& role, const std::string& displayName,
                        const std::string& email);

// The contract's user object for a principal.
std::string userJson(const api::Principal& p);

}  // namespace opsdesk::server::auth
