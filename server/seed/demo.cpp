#include "seed/demo.h"

#include <pqxx/transaction>

#include "auth/auth_service.h"
#include "core/log.h"
#include "seed/catalog_seed.h"
#include "seed/orders_seed.h"
#include "seed/promotions_seed.h"

namespace opsdesk::server::seed {

const std::vector<DemoUser>& demoUsers() {
    static const std::vector<DemoUser> users{
        {"admin", "Avery Admin", "admin"},
        {"agent", "Sam Li (Support)", "support_agent"},
        {"lead", "Morgan Chen (Support lead)", "support_lead"},
        {"clerk", "Jamie Wang (Finance)", "finance_clerk"},
        {"controller", "Robin Zhao (Finance manager)", "finance_manager"},
        {"merch", "Taylor Liu (Merchandising)", "merchandiser"},
        {"analyst", "Casey Zhou (Analyst)", "analyst"},
    };
    return users;
}

void seedDemo(pqxx::connection& db, const auth::ScryptParams& params) {
    int created = 0;
    for (const auto& u : demoUsers()) {
        {
            pqxx::read_transaction tx(db);
            if (!tx.exec_params("SELECT 1 FROM users WHERE lower(username) = lower($1)",
                                std::string(u.username))
                     .empty()) {
                continue;
            }
        }
        auth::createUser(db, params, std::string(u.username), std::string(kDemoPassword),
                         std::string(u.role), std::string(u.displayName),
                         std::string(u.username) + "@opsdesk.example");
        ++created;
    }
    // About 2,000 products (5,000 SKUs, those the orders name among them), once.
    seedDemoCatalog(db);
    // About 50,000 orders over the last year, once.
    bool hasOrders = false;
    {
        pqxx::read_transaction tx(db);
        hasOrders = !tx.exec("SELECT 1 FROM orders LIMIT 1").empty();
    }
    if (!hasOrders) {
        seedOrders(db, 50'000);
    }
    seedPromotionsDemo(db);  // virtual categories, promotions, a flash sale in five minutes
    log::info("demo data loaded", {{"users_created", created}});
}

}  // namespace opsdesk::server::seed
