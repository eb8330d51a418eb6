#pragma once

#include <pqxx/connection>

namespace opsdesk::server::seed {

// The demo's merchandising: a "Tea" category with a few teas when the catalog has no SKU yet,
// three virtual categories (the rule "Tea under ¥100", a rule of teas in stock, a hand-picked
// "Gift ideas"), a week's 10 % off tea, a buy-2-get-1 on the cheap teas and a flash sale that
// starts five minutes after seeding. Written with SQL (no audit rows: nobody made them), in one
// transaction. Idempotent: nothing is done once "Tea under ¥100" exists.
void seedPromotionsDemo(pqxx::connection& db);

}  // namespace opsdesk::server::seed
