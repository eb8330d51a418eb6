#include "opsdesk/protocol/roles.h"

namespace opsdesk::protocol {

namespace {

using P = Permission;

std::vector<Permission> allPermissions() {
    std::vector<Permission> all;
    for (const auto& i : permissionCatalog()) {
        all.push_back(i.permission);
    }
    return all;
}

std::vector<Permission> plus(std::vector<Permission> base, std::initializer_list<Permission> more) {
    base.insert(base.end(), more);
    return base;
}

std::vector<BuiltinRole> makeRoles() {
    const std::vector<Permission> agent{P::OrdersRead, P::CatalogRead, P::SupportRead,
                                        P::SupportReply};
    const std::vector<Permission> clerk{P::OrdersRead, P::FinanceRead, P::FinanceImport,
                                        P::FinanceReconcile};
    return {
        {"admin", "Full access to everything", allPermissions()},
        {"support_agent", "Answers customers and looks up their orders", agent},
        {"support_lead", "Leads the support team: assigns tickets and refunds",
         plus(agent, {P::SupportAssign, P::OrdersRefund, P::ReportsRead})},
        {"finance_clerk", "Imports statements and reconciles them", clerk},
        {"finance_manager", "Signs off reconciliations and refunds",
         plus(clerk, {P::FinanceApprove, P::OrdersRefund, P::ReportsRead, P::AuditRead})},
        {"merchandiser",
         "Maintains the catalog, prices and promotions",
         {P::CatalogRead, P::CatalogWrite, P::CatalogPrice, P::PromotionsWrite, P::ReportsRead}},
        {"analyst",
         "Reads orders, catalog, finance and support for reporting",
         {P::OrdersRead, P::CatalogRead, P::FinanceRead, P::SupportRead, P::ReportsRead}},
    };
}

}  // namespace

std::span<const BuiltinRole> builtinRoles() {
    static const std::vector<BuiltinRole> roles = makeRoles();
    return roles;
}

const BuiltinRole* findBuiltinRole(std::string_view name) {
    for (const auto& r : builtinRoles()) {
        if (r.name == name) {
            return &r;
        }
    }
    return nullptr;
}

}  // namespace opsdesk::protocol
