#include "opsdesk/protocol/permissions.h"

#include <array>

namespace opsdesk::protocol {

namespace {

using P = Permission;

constexpr std::array kCatalog{
    PermissionInfo{P::PersonnelRead, "personnel.read", "personnel", "View staff accounts"},
    PermissionInfo{P::PersonnelWrite, "personnel.write", "personnel",
                   "Create, edit and deactivate staff accounts"},
    PermissionInfo{P::RolesWrite, "roles.write", "personnel",
                   "Create roles and change which permissions they grant"},
    PermissionInfo{P::AuditRead, "audit.read", "audit", "Read the audit trail"},
    PermissionInfo{P::OrdersRead, "orders.read", "orders", "View orders and customers"},
    PermissionInfo{P::OrdersWrite, "orders.write", "orders",
                   "Move orders through fulfilment, cancel them and add notes"},
    PermissionInfo{P::OrdersRefund, "orders.refund", "orders", "Refund money to customers"},
    PermissionInfo{P::CatalogRead, "catalog.read", "catalog", "View products and categories"},
    PermissionInfo{P::CatalogWrite, "catalog.write", "catalog",
                   "Edit products, stock and categories"},
    PermissionInfo{P::CatalogPrice, "catalog.price", "catalog", "Change product prices"},
    PermissionInfo{P::PromotionsWrite, "promotions.write", "catalog",
                   "Create and change promotions and flash sales"},
    PermissionInfo{P::FinanceRead, "finance.read", "finance",
                   "View settlements, statements and reconciliation"},
    PermissionInfo{P::FinanceImport, "finance.import", "finance",
                   "Import settlements and bank statements"},
    PermissionInfo{P::FinanceReconcile, "finance.reconcile", "finance",
                   "Match statement lines and resolve exceptions"},
    PermissionInfo{P::FinanceApprove, "finance.approve", "finance",
                   "Sign off reconciled statements"},
    PermissionInfo{P::SupportRead, "support.read", "support", "View support tickets and chats"},
    PermissionInfo{P::SupportReply, "support.reply", "support",
                   "Reply to customers in tickets and chats"},
    PermissionInfo{P::SupportAssign, "support.assign", "support",
                   "Assign tickets to agents and manage the queue"},
    PermissionInfo{P::ReportsRead, "reports.read", "reports", "View analytics reports"},
};

}  // namespace

std::span<const PermissionInfo> permissionCatalog() {
    return kCatalog;
}

const PermissionInfo& info(Permission p) {
    return kCatalog[static_cast<std::size_t>(p)];
}

std::string_view toString(Permission p) {
    return info(p).name;
}

std::optional<Permission> permissionFromString(std::string_view name) {
    for (const auto& i : kCatalog) {
        if (i.name == name) {
            return i.permission;
        }
    }
    return std::nullopt;
}

}  // namespace opsdesk::protocol
