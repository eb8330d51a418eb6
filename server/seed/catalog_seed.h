#pragma once

#include <cstdint>
#include <pqxx/connection>

namespace opsdesk::server::seed {

// The demo's catalog, once (nothing happens when there are products already): a category tree
// of tea, teaware, snacks, gifts, home and books; the products the demo orders name
// (demo_products.h) at their prices, a few low on stock and one oversold; and generated
// products up to about 2,000 with about 5,000 SKUs in all, priced in CNY.
void seedDemoCatalog(pqxx::connection& db);

// `count` generated products (1 to 4 variants each, 2.5 on average, with their first price and
// stock recorded), in the demo's categories (made when missing): set-based statements inside
// PostgreSQL, for benchmarks (the product list at 100,000 products).
void seedProducts(pqxx::connection& db, std::int64_t count);

}  // namespace opsdesk::server::seed
