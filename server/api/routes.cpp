// The route table: every endpoint of the server, who may call it and what handles it. The router
// enforces the access column; the authorisation tests walk this same table.

#include "api/router.h"
#include "audit/audit.h"
#include "auth/account.h"
#include "auth/auth_service.h"
#include "feed/hub.h"
#include "health/health.h"
#include "orders/orders.h"
#include "personnel/personnel.h"

namespace opsdesk::server::api {

namespace {
using P = protocol::Permission;
constexpr bool kRestrictedOk = true;
constexpr bool kCacheable = true;
}  // namespace

const std::vector<Route>& routeTable() {
    static const std::vector<Route> routes{
        // method, path, access, handler, async handler, summary[, reachable while restricted,
        // cacheable]
        {"GET", "/api/v1/health", Access::open(), nullptr, &health::health,
         "Liveness and database reachability"},
        // Upgraded to a WebSocket by the transport; authentication is the first message.
        {"GET", "/api/v1/feed", Access::open(), nullptr, &feed::notAWebSocket,
         "The live feed (WebSocket; see CONTRACT.md)"},

        {"POST", "/api/v1/auth/login", Access::open(), nullptr, &auth::login,
         "Sign in with username, password (and one-time code)"},
        {"POST", "/api/v1/auth/logout", Access::signedIn(), &auth::logout, nullptr,
         "End the current session", kRestrictedOk},
        {"GET", "/api/v1/auth/me", Access::signedIn(), &auth::me, nullptr,
         "The signed-in user with roles and effective permissions", kRestrictedOk},
        {"POST", "/api/v1/auth/password", Access::signedIn(), &auth::changeOwnPassword, nullptr,
         "Change one's own password", kRestrictedOk},
        {"POST", "/api/v1/auth/totp/enroll", Access::signedIn(), &auth::enrollTotp, nullptr,
         "Start two-factor enrolment: a new secret and its otpauth URI", kRestrictedOk},
        {"POST", "/api/v1/auth/totp/confirm", Access::signedIn(), &auth::confirmTotp, nullptr,
         "Confirm enrolment with a first code", kRestrictedOk},
        {"POST", "/api/v1/auth/totp/disable", Access::signedIn(), &auth::disableOwnTotp, nullptr,
         "Turn one's own two-factor sign-in off (needs a current code)"},
        {"GET", "/api/v1/auth/sessions", Access::signedIn(), &auth::listOwnSessions, nullptr,
         "One's own active sessions", kRestrictedOk},
        {"DELETE", "/api/v1/auth/sessions/{id}", Access::signedIn(), &auth::endOwnSession, nullptr,
         "End one of one's own sessions", kRestrictedOk},

        {"GET", "/api/v1/users", Access::needs(P::PersonnelRead), &personnel::listUsers, nullptr,
         "Staff accounts: search, filter, keyset paging"},
        {"POST", "/api/v1/users", Access::needs(P::PersonnelWrite), &personnel::createUser, nullptr,
         "Create a staff account"},
        {"GET", "/api/v1/users/{id}", Access::needs(P::PersonnelRead), &personnel::getUser, nullptr,
         "One staff account"},
        {"PATCH", "/api/v1/users/{id}", Access::needs(P::PersonnelWrite), &personnel::updateUser,
         nullptr, "Change name, email, roles or active (If-Match)"},
        {"POST", "/api/v1/users/{id}/deactivate", Access::needs(P::PersonnelWrite),
         &personnel::deactivateUser, nullptr, "Deactivate: every session ends at once (If-Match)"},
        {"POST", "/api/v1/users/{id}/reactivate", Access::needs(P::PersonnelWrite),
         &personnel::reactivateUser, nullptr, "Reactivate (If-Match)"},
        {"POST", "/api/v1/users/{id}/password", Access::needs(P::PersonnelWrite),
         &personnel::resetPassword, nullptr,
         "Reset the password; the user must change it at next sign-in (If-Match)"},
        {"POST", "/api/v1/users/{id}/sessions/revoke", Access::needs(P::PersonnelWrite),
         &personnel::revokeUserSessions, nullptr, "End every session of the user"},
        {"POST", "/api/v1/users/{id}/totp/disable", Access::needs(P::PersonnelWrite),
         &personnel::disableUserTotp, nullptr, "Turn the user's two-factor sign-in off"},

        {"GET", "/api/v1/roles", Access::needs(P::PersonnelRead), &personnel::listRoles, nullptr,
         "Roles with their permissions and holders"},
        {"POST", "/api/v1/roles", Access::needs(P::RolesWrite), &personnel::createRole, nullptr,
         "Create a custom role"},
        {"GET", "/api/v1/roles/{id}", Access::needs(P::PersonnelRead), &personnel::getRole, nullptr,
         "One role"},
        {"PATCH", "/api/v1/roles/{id}", Access::needs(P::RolesWrite), &personnel::updateRole,
         nullptr, "Change a role's permissions, description or name (If-Match)"},
        {"DELETE", "/api/v1/roles/{id}", Access::needs(P::RolesWrite), &personnel::deleteRole,
         nullptr, "Delete a custom role nobody holds"},
        {"GET", "/api/v1/permissions", Access::signedIn(), &personnel::listPermissions, nullptr,
         "The permission catalog with descriptions"},
        {"GET", "/api/v1/settings/security", Access::needs(P::RolesWrite),
         &personnel::getSecuritySettings, nullptr, "Security settings"},
        {"PATCH", "/api/v1/settings/security", Access::needs(P::RolesWrite),
         &personnel::updateSecuritySettings, nullptr,
         "Make two-factor sign-in mandatory for holders of roles.write (If-Match)"},

        {"GET", "/api/v1/audit", Access::needs(P::AuditRead), &audit::list, nullptr,
         "The audit trail: filter by actor, entity, entity id, action and time"},

        {"GET", "/api/v1/orders", Access::needs(P::OrdersRead), &orders::list, nullptr,
         "Orders: filters, sorts, keyset paging, estimated total", false, kCacheable},
        {"GET", "/api/v1/orders/{id}", Access::needs(P::OrdersRead), &orders::detail, nullptr,
         "One order with items, payments, refunds, shipments, notes and history"},
        {"POST", "/api/v1/orders/{id}/transitions", Access::needs(P::OrdersWrite),
         &orders::transition, nullptr, "Move an order along its state machine (If-Match)"},
        {"POST", "/api/v1/orders/{id}/refunds", Access::needs(P::OrdersRefund), &orders::refund,
         nullptr, "Refund part or all of what was captured (Idempotency-Key)"},
        {"POST", "/api/v1/orders/{id}/notes", Access::needs(P::OrdersWrite), &orders::addNote,
         nullptr, "Add an internal note"},
        {"POST", "/api/v1/storefront/orders", Access::serviceKey(), &orders::ingestOrder, nullptr,
         "A storefront hands in an order (idempotent by external_id)"},
        {"POST", "/api/v1/storefront/payments", Access::serviceKey(), &orders::ingestPayment,
         nullptr, "A storefront reports a captured payment (idempotent by provider_ref)"},
        {"POST", "/api/v1/storefront/cancellations", Access::serviceKey(),
         &orders::ingestCancellation, nullptr,
         "A storefront cancels an unpaid order (checkout abandoned)"},
    };
    return routes;
}

}  // namespace opsdesk::server::api
