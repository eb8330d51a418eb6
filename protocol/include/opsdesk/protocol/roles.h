#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "opsdesk/protocol/permissions.h"

namespace opsdesk::protocol {

// A built-in role of the contract. The server seeds these by migration; tests use them to build
// the authorisation table.
struct BuiltinRole {
    std::string_view name;
    std::string_view description;
    std::vector<Permission> permissions;
};

std::span<const BuiltinRole> builtinRoles();
const BuiltinRole* findBuiltinRole(std::string_view name);

inline constexpr std::string_view kAdminRole = "admin";

}  // namespace opsdesk::protocol
