#pragma once

#include <cstdint>
#include <pqxx/connection>

namespace opsdesk::server::seed {

// Loads `count` realistic orders: skewed customer and product popularity, growth with daily and
// weekly seasonality over the last 12 months, a mix of statuses with their payments, refunds,
// shipments and history. Generated inside PostgreSQL in batches (nothing crosses the wire but
// the statements); for large counts the secondary indexes are dropped and rebuilt at the end.
void seedOrders(pqxx::connection& db, std::int64_t count);

}  // namespace opsdesk::server::seed
