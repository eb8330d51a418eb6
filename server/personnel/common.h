#pragma once

// Helpers shared by the personnel handlers (users, roles, settings). Not part of any API.

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

namespace opsdesk::server::personnel::detail {

// A member that must be an array of strings (422 naming the field otherwise); nullopt if absent.
std::optional<std::vector<std::string>> stringArray(const boost::json::object& o,
                                                    std::string_view key);
std::optional<bool> optionalBool(const boost::json::object& o, std::string_view key);

// Role ids for role names (case-insensitive); 422 on `field` naming unknown ones.
std::map<std::string, std::int64_t> roleIds(pqxx::transaction_base& tx,
                                            const std::vector<std::string>& names,
                                            std::string_view field);
std::set<std::string> permissionsOfRoles(pqxx::transaction_base& tx,
                                         const std::vector<std::int64_t>& roleIds);

boost::json::value parseJson(const std::string& text);

}  // namespace opsdesk::server::personnel::detail
