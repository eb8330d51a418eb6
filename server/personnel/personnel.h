#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::personnel {

// Staff accounts: GET/POST /users, GET/PATCH /users/{id}, deactivate, reactivate, password
// reset, revoke sessions, disable two-factor.
http::Response listUsers(api::Call& call);
http::Response createUser(api::Call& call);
http::Response getUser(api::Call& call);
http::Response updateUser(api::Call& call);
http::Response deactivateUser(api::Call& call);
http::Response reactivateUser(api::Call& call);
http::Response resetPassword(api::Call& call);
http::Response revokeUserSessions(api::Call& call);
http::Response disableUserTotp(api::Call& call);

// Roles and the permission catalog: GET/POST /roles, GET/PATCH/DELETE /roles/{id},
// GET /permissions.
http::Response listRoles(api::Call& call);
http::Response createRole(api::Call& call);
http::Response getRole(api::Call& call);
http::Response updateRole(api::Call& call);
http::Response deleteRole(api::Call& call);
http::Response listPermissions(api::Call& call);

// Security settings: GET/PATCH /settings/security.
http::Response getSecuritySettings(api::Call& call);
http::Response updateSecuritySettings(api::Call& call);

// Shared rules. Nobody may hand out, or use their power over another user to reach, a permission
// they do not hold themselves; both rules compare through permissionsNotHeld().
// Of `permissions` (wire names), those the caller does not hold, sorted.
std::vector<std::string> permissionsNotHeld(const api::Call& call,
                                            const std::set<std::string>& permissions);
// 422 naming the permissions the caller would grant without holding them.
void requireNoEscalation(const api::Call& call, const std::set<std::string>& granted);
// For every action on another user (edit, deactivate, reactivate, password reset, ending their
// sessions, turning their two-factor sign-in off): 403 `forbidden` with
// details.missing_permissions when the target holds a permission the caller lacks. The refusal
// is audited (`user.action_refused`, naming `attempted` and the missing permissions).
void requireAuthorityOver(pqxx::transaction_base& tx, const api::Call& call, std::int64_t targetId,
                          std::string_view attempted);
// Serialises every change that could remove the last active administrator, then (call again
// after the change, in the same transaction) refuses it when none would be left.
void lockAdminChanges(pqxx::transaction_base& tx);
void requireAnActiveAdmin(pqxx::transaction_base& tx);
// The user as the API shows it (and as the audit log records it): no secrets.
boost::json::object userSnapshot(pqxx::transaction_base& tx, std::int64_t id);

}  // namespace opsdesk::server::personnel
