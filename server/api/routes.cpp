// The route table: every endpoint of the server, who may call it and what handles it. The router
// enforces the access column; the authorisation tests walk this same table.

#include "api/router.h"
#include "auth/auth_service.h"
#include "health/health.h"

namespace opsdesk::server::api {

const std::vector<Route>& routeTable() {
    static const std::vector<Route> routes{
        {"GET", "/api/v1/health", Access::open(), nullptr, &health::health,
         "Liveness and database reachability"},
        {"POST", "/api/v1/auth/login", Access::open(), nullptr, &auth::login,
         "Sign in with username, password (and one-time code)"},
        {"POST", "/api/v1/auth/logout", Access::signedIn(), &auth::logout, nullptr,
         "End the current session"},
        {"GET", "/api/v1/auth/me", Access::signedIn(), &auth::me, nullptr,
         "The signed-in user with roles and effective permissions"},
    };
    return routes;
}

}  // namespace opsdesk::server::api
