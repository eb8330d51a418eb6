#include "personnel/common.h"

#include <boost/json/parse.hpp>
#include <pqxx/result>

#include "core/api_error.h"

namespace opsdesk::server::personnel::detail {

std::optional<std::vector<std::string>> stringArray(const boost::json::object& o,
                                                    std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_array()) {
        throw validationFailed({{std::string(key), "must be a list of names"}});
    }
    std::vector<std::string> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) {
            throw validationFailed({{std::string(key), "must be a list of names"}});
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

std::optional<bool> optionalBool(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_bool()) {
        throw validationFailed({{std::string(key), "must be true or false"}});
    }
    return v->as_bool();
}

std::map<std::string, std::int64_t> roleIds(pqxx::transaction_base& tx,
                                            const std::vector<std::string>& names,
                                            std::string_view field) {
    std::map<std::string, std::int64_t> out;
    std::vector<std::string> unknown;
    for (const auto& name : names) {
        const auto r =
            tx.exec_params("SELECT id, name FROM roles WHERE lower(name) = lower($1)", name);
        if (r.empty()) {
            unknown.push_back(name);
        } else {
            out[r[0][1].as<std::string>()] = r[0][0].as<std::int64_t>();
        }
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) {
            list += (list.empty() ? "" : ", ") + u;
        }
        throw validationFailed({{std::string(field), "no such role: " + list}});
    }
    return out;
}

std::set<std::string> permissionsOfRoles(pqxx::transaction_base& tx,
                                         const std::vector<std::int64_t>& ids) {
    std::set<std::string> out;
    for (auto id : ids) {
        for (const auto& row :
             tx.exec_params("SELECT permission FROM role_permissions WHERE role_id = $1", id)) {
            out.insert(row[0].as<std::string>());
        }
    }
    return out;
}

boost::json::value parseJson(const std::string& text) {
    return boost::json::parse(text);
}

}  // namespace opsdesk::server::personnel::detail
