#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace opsdesk::protocol {

// The permission catalog of the wire contract. The wire name is the only spelling either side
// uses; code refers to permissions through this enum and converts at the edges.
enum class Permission {
    PersonnelRead,
    PersonnelWrite,
    RolesWrite,
    AuditRead,
    OrdersRead,
    OrdersWrite,
    OrdersRefund,
    CatalogRead,
    CatalogWrite,
    CatalogPrice,
    PromotionsWrite,
    FinanceRead,
    FinanceImport,
    FinanceReconcile,
    FinanceApprove,
    SupportRead,
    SupportReply,
    SupportAssign,
    ReportsRead,
};

struct PermissionInfo {
    Permission permission;
    std::string_view name;         // wire name, e.g. "orders.refund"
    std::string_view module;       // grouping for the role editor, e.g. "orders"
    std::string_view description;  // English; the client translates it
};

// Every permission, in catalog order.
std::span<const PermissionInfo> permissionCatalog();

std::string_view toString(Permission p);
std::optional<Permission> permissionFromString(std::string_view name);
const PermissionInfo& info(Permission p);

}  // namespace opsdesk::protocol
