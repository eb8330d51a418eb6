// Roles, the permission catalog and security settings.

#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "audit/audit.h"
#include "core/api_error.h"
#include "personnel/common.h"
#include "personnel/personnel.h"

namespace opsdesk::server::personnel {

namespace {

using protocol::ErrorCode;
using namespace detail;

#define ROLE_JSON_SQL                                                                  \
    "json_build_object( "                                                              \
    "'id', r.id, 'name', r.name, 'description', r.description, 'builtin', r.builtin, " \
    "'permissions', coalesce((SELECT json_agg(rp.permission ORDER BY rp.permission) "  \
    "FROM role_permissions rp WHERE rp.role_id = r.id), '[]'::json), "                 \
    "'user_count', (SELECT count(*) FROM user_roles ur WHERE ur.role_id = r.id), "     \
    "'version', r.version) "

boost::json::object roleSnapshot(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r =
        tx.exec_params("SELECT " ROLE_JSON_SQL "::text FROM roles r WHERE r.id = $1", id);
    if (r.empty()) {
        throw notFound("No such role");
    }
    return parseJson(r[0][0].as<std::string>()).as_object();
}

http::Response roleResponse(pqxx::transaction_base& tx, std::int64_t id, int status = 200) {
    auto snapshot = roleSnapshot(tx, id);
    const int version = static_cast<int>(snapshot.at("version").as_int64());
    return api::withVersion(http::Response::json(status, boost::json::serialize(snapshot)),
                            version);
}

// Every name must be in the catalog.
std::set<std::string> validPermissions(const std::vector<std::string>& names) {
    std::set<std::string> out;
    std::string unknown;
    for (const auto& n : names) {
        if (!protocol::permissionFromString(n)) {
            unknown += (unknown.empty() ? "" : ", ") + n;
        } else {
            out.insert(n);
        }
    }
    if (!unknown.empty()) {
        throw validationFailed({{"permissions", "no such permission: " + unknown}});
    }
    return out;
}

bool plausibleRoleName(const std::string& n) {
    if (n.empty() || n.size() > 64) {
        return false;
    }
    for (unsigned char c : n) {
        if (!(std::islower(c) || std::isdigit(c) || c == '_')) {
            return false;
        }
    }
    return true;
}

void writePermissions(pqxx::transaction_base& tx, std::int64_t roleId,
                      const std::set<std::string>& perms) {
    tx.exec_params("DELETE FROM role_permissions WHERE role_id = $1", roleId);
    for (const auto& p : perms) {
        tx.exec_params("INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)", roleId,
                       p);
    }
}

}  // namespace

http::Response listRoles(api::Call& call) {
    pqxx::read_transaction tx(call.db);
    std::string body = R"({"items":[)";
    bool first = true;
    for (const auto& row :
         tx.exec("SELECT " ROLE_JSON_SQL "::text FROM roles r ORDER BY r.builtin DESC, r.name")) {
        body += first ? "" : ",";
        body += row[0].c_str();
        first = false;
    }
    body += R"(],"next_cursor":null})";
    return http::Response::json(200, std::move(body));
}

http::Response getRole(api::Call& call) {
    pqxx::read_transaction tx(call.db);
    return roleResponse(tx, call.idParam("id"));
}

http::Response createRole(api::Call& call) {
    const auto body = call.jsonBody();
    const auto name = api::optionalString(body, "name").value_or("");
    const auto description = api::optionalString(body, "description").value_or("");
    const auto names = stringArray(body, "permissions").value_or(std::vector<std::string>{});
    std::map<std::string, std::string> fields;
    if (!plausibleRoleName(name)) {
        fields["name"] = "1 to 64 lower-case letters, digits or '_'";
    }
    if (description.size() > 500) {
        fields["description"] = "at most 500 characters";
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    const auto perms = validPermissions(names);
    requireNoEscalation(call, perms);
    pqxx::work tx(call.db);
    if (!tx.exec_params("SELECT 1 FROM roles WHERE lower(name) = lower($1)", name).empty()) {
        throw ApiError(ErrorCode::Conflict, "A role with that name exists already",
                       {{"name", "taken"}});
    }
    const auto id = tx.exec_params1(
                          "INSERT INTO roles (name, description) VALUES ($1, $2) "
                          "RETURNING id",
                          name, description)[0]
                        .as<std::int64_t>();
    writePermissions(tx, id, perms);
    audit::record(tx, call,
                  {"role.create", "role", std::to_string(id), nullptr, roleSnapshot(tx, id)});
    auto response = roleResponse(tx, id, 201);
    tx.commit();
    return response;
}

http::Response updateRole(api::Call& call) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    const auto names = stringArray(body, "permissions");
    const auto description = api::optionalString(body, "description");
    const auto name = api::optionalString(body, "name");
    if (description && description->size() > 500) {
        throw validationFailed({{"description", "at most 500 characters"}});
    }
    if (name && !plausibleRoleName(*name)) {
        throw validationFailed({{"name", "1 to 64 lower-case letters, digits or '_'"}});
    }
    pqxx::work tx(call.db);
    const auto row =
        tx.exec_params("SELECT version, builtin, name FROM roles WHERE id = $1 FOR UPDATE", id);
    if (row.empty()) {
        throw notFound("No such role");
    }
    api::requireVersion(expected, row[0][0].as<int>());
    const bool builtin = row[0][1].as<bool>();
    const std::string currentName = row[0][2].as<std::string>();
    const auto before = roleSnapshot(tx, id);
    if (name && *name != currentName) {
        if (builtin) {
            throw validationFailed({{"name", "built-in roles keep their names"}});
        }
        if (!tx.exec_params("SELECT 1 FROM roles WHERE lower(name) = lower($1) AND id <> $2", *name,
                            id)
                 .empty()) {
            throw ApiError(ErrorCode::Conflict, "A role with that name exists already",
                           {{"name", "taken"}});
        }
        tx.exec_params("UPDATE roles SET name = $2 WHERE id = $1", id, *name);
    }
    if (description) {
        tx.exec_params("UPDATE roles SET description = $2 WHERE id = $1", id, *description);
    }
    if (names) {
        const auto perms = validPermissions(*names);
        if (currentName == "admin" && perms.size() != protocol::permissionCatalog().size()) {
            throw validationFailed({{"permissions", "the admin role keeps every permission"}});
        }
        std::set<std::string> current;
        for (const auto& p : before.at("permissions").as_array()) {
            current.insert(std::string(p.as_string()));
        }
        std::set<std::string> added;
        for (const auto& p : perms) {
            if (!current.contains(p)) {
                added.insert(p);
            }
        }
        requireNoEscalation(call, added);
        writePermissions(tx, id, perms);
    }
    tx.exec_params("UPDATE roles SET version = version + 1, updated_at = now() WHERE id = $1", id);
    audit::record(tx, call,
                  {"role.update", "role", std::to_string(id), before, roleSnapshot(tx, id)});
    auto response = roleResponse(tx, id);
    tx.commit();
    return response;
}

http::Response deleteRole(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::work tx(call.db);
    const auto row =
        tx.exec_params("SELECT version, builtin FROM roles WHERE id = $1 FOR UPDATE", id);
    if (row.empty()) {
        throw notFound("No such role");
    }
    if (call.request.headers.contains("If-Match")) {
        api::requireVersion(call.ifMatchVersion(), row[0][0].as<int>());
    }
    if (row[0][1].as<bool>()) {
        throw ApiError(ErrorCode::Conflict, "Built-in roles cannot be deleted");
    }
    const auto holders =
        tx.exec_params1("SELECT count(*) FROM user_roles WHERE role_id = $1", id)[0].as<long>();
    if (holders > 0) {
        throw ApiError(ErrorCode::Conflict,
                       "This role is still held by " + std::to_string(holders) +
                           " user(s); take it away from them first",
                       {}, {{"user_count", holders}});
    }
    const auto before = roleSnapshot(tx, id);
    tx.exec_params("DELETE FROM roles WHERE id = $1", id);
    audit::record(tx, call, {"role.delete", "role", std::to_string(id), before, nullptr});
    tx.commit();
    return http::Response::noContent();
}

http::Response listPermissions(api::Call&) {
    boost::json::array items;
    for (const auto& p : protocol::permissionCatalog()) {
        items.push_back(boost::json::object{
            {"name", p.name}, {"module", p.module}, {"description", p.description}});
    }
    return http::Response::json(200, boost::json::serialize(boost::json::object{
                                         {"items", std::move(items)}, {"next_cursor", nullptr}}));
}

http::Response getSecuritySettings(api::Call& call) {
    pqxx::read_transaction tx(call.db);
    const auto r = tx.exec1(
        "SELECT value::text, version FROM settings "
        "WHERE key = 'totp_required_for_roles_write'");
    boost::json::object o{{"totp_required_for_roles_write", r[0].as<std::string>() == "true"},
                          {"version", r[1].as<int>()}};
    return api::withVersion(http::Response::json(200, boost::json::serialize(o)), r[1].as<int>());
}

http::Response updateSecuritySettings(api::Call& call) {
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    const auto required = optionalBool(body, "totp_required_for_roles_write");
    if (!required) {
        throw validationFailed({{"totp_required_for_roles_write", "required"}});
    }
    pqxx::work tx(call.db);
    const auto r = tx.exec1(
        "SELECT value::text, version FROM settings "
        "WHERE key = 'totp_required_for_roles_write' FOR UPDATE");
    api::requireVersion(expected, r[1].as<int>());
    tx.exec_params(
        "UPDATE settings SET value = $1::jsonb, version = version + 1, "
        "updated_at = now() WHERE key = 'totp_required_for_roles_write'",
        std::string(*required ? "true" : "false"));
    audit::record(
        tx, call,
        {"settings.update", "settings", std::string("security"),
         boost::json::object{{"totp_required_for_roles_write", r[0].as<std::string>() == "true"}},
         boost::json::object{{"totp_required_for_roles_write", *required}}});
    tx.commit();
    boost::json::object o{{"totp_required_for_roles_write", *required},
                          {"version", r[1].as<int>() + 1}};
    return api::withVersion(http::Response::json(200, boost::json::serialize(o)),
                            r[1].as<int>() + 1);
}

}  // namespace opsdesk::server::personnel
